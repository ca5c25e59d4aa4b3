from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from recovery_college.accounts.models import User
from recovery_college.notifications.services import email_queue_template

from ..errors import AlreadyTrainer, KindLocked, NotAllowed
from ..models import Pairing, Topic, Trainer


def trainer_has_pairings(trainer: Trainer) -> bool:
    return Pairing.objects.filter(Q(peer=trainer) | Q(practitioner=trainer)).exists()


def trainer_invite(
    *,
    invited_by: User,
    full_name: str,
    email: str,
    kind: str,
    profession: str = "",
    topics: list[Topic] | tuple = (),
) -> Trainer:
    """Add a trainer. A new person gets an email with a link to choose a password; someone
    who already has an account (say, a student) keeps it and is told they are now a
    trainer."""
    email = User.objects.normalize_email(email).lower()
    try:
        trainer = _invite(
            invited_by=invited_by,
            full_name=full_name,
            email=email,
            kind=kind,
            profession=profession,
            topics=topics,
        )
    except IntegrityError as error:  # the same person added twice at the same moment
        raise AlreadyTrainer(
            f"{email} was added a moment ago. Check the trainer directory."
        ) from error
    return trainer


def _invite(*, invited_by, full_name, email, kind, profession, topics) -> Trainer:
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is not None and Trainer.objects.filter(user=user).exists():
            raise AlreadyTrainer(f"{user.full_name} ({email}) is already a trainer.")
        is_new = user is None
        if is_new:
            user = User.objects.create_user(email=email, password=None, full_name=full_name)
        trainer = Trainer(
            user=user,
            kind=kind,
            profession=profession if kind == Trainer.Kind.PRACTITIONER else "",
        )
        trainer.full_clean(exclude=["user"])
        trainer.save()
        trainer.topics.set(topics)
        _send_invitation(trainer=trainer, invited_by=invited_by, is_new=is_new)
    return trainer


def _send_invitation(*, trainer: Trainer, invited_by: User, is_new: bool) -> None:
    user = trainer.user
    link = None
    if is_new:
        link = reverse(
            "accounts:invitation-accept",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    email_queue_template(
        to=user.email,
        subject="You are invited to train at the Recovery College",
        template="trainer_invitation",
        context={"trainer": trainer, "invited_by": invited_by, "link": link},
    )


def trainer_update(*, trainer: Trainer, fields: dict, topics=None) -> Trainer:
    """Save profile changes (by the trainer or a manager). The kind cannot change once the
    trainer has a pairing, because the pairing depends on it."""
    with transaction.atomic():
        if "kind" in fields and fields["kind"] != trainer.kind and trainer_has_pairings(trainer):
            raise KindLocked()
        for name, value in fields.items():
            setattr(trainer, name, value)
        if trainer.kind == Trainer.Kind.PEER:
            trainer.profession = ""
        trainer.full_clean(exclude=["user"])
        trainer.save()
        if topics is not None:
            trainer.topics.set(topics)
    return trainer


def trainer_public_name_choose(*, trainer: Trainer, style: str, other: str = "") -> Trainer:
    """The trainer's own choice of how their name appears to the public. Every public page
    shows it at once (they read the name from the trainer)."""
    if style not in Trainer.PublicName.values:
        raise NotAllowed("Choose how your name should appear.", field="style")
    other = " ".join(other.split())
    if style == Trainer.PublicName.OTHER and not other:
        raise NotAllowed("Enter the name you would like to be shown.", field="other")
    trainer.public_name_style = style
    trainer.public_name_other = other if style == Trainer.PublicName.OTHER else ""
    trainer.public_name_chosen_at = timezone.now()
    trainer.save(update_fields=["public_name_style", "public_name_other", "public_name_chosen_at"])
    return trainer
