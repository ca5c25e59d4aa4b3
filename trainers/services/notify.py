from recovery_college.notifications.services import email_queue_template

from ..models import Pairing


def email_pair(*, pairing: Pairing, subject: str, template: str, key: str, **context) -> None:
    """Queue one email to each trainer in the pair. The template gets `trainer` (the
    recipient), `co_trainer` and `pairing` besides `context`; `key` makes each recipient's
    email idempotent (it is suffixed with the trainer's id)."""
    for trainer in pairing.trainers:
        email_queue_template(
            to=trainer.user.email,
            subject=subject,
            template=template,
            context={
                "pairing": pairing,
                "trainer": trainer,
                "co_trainer": pairing.co_trainer_of(trainer),
                **context,
            },
            idempotency_key=f"{key}:{trainer.pk}",
        )
