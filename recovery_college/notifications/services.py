"""Sending email: every message the app sends is queued here, inside the caller's
transaction, and handed to the mail task only after that transaction commits."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def email_queue(*, to: str, subject: str, body: str, idempotency_key: str | None = None, user=None):
    """Queue one plain-text email. With an idempotency key, queuing the same notice twice
    is harmless: the second call returns the first message and sends nothing new."""
    if idempotency_key:
        existing = OutboxMessage.objects.filter(idempotency_key=idempotency_key).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                to=to, subject=subject, body=body, idempotency_key=idempotency_key, user=user
            )
    except IntegrityError:
        return OutboxMessage.objects.get(idempotency_key=idempotency_key)
    transaction.on_commit(lambda: _kick(message.pk))
    return message


def _kick(message_id: int) -> None:
    """Ask a worker to send now. If the broker is unreachable the message stays pending and
    the beat sweep sends it later; the person's request must not fail or wait for it."""
    from .tasks import outbox_send

    try:
        outbox_send.delay(message_id)
    except Exception:  # noqa: BLE001 - any broker failure: the outbox keeps the message
        logger.warning("Mail broker unreachable; message %s waits for the outbox sweep", message_id)


def outbox_message_send(*, message_id: int) -> bool:
    """Send one queued message at most once, even with several workers or a task run twice.

    The row is locked with SKIP LOCKED so a second worker passes over it rather than
    waiting; the row is marked sent in the same transaction as the send. Returns True if
    this call sent it."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxMessage.Status.PENDING)
            .first()
        )
        if message is None:
            return False
        message.attempts += 1
        try:
            EmailMessage(
                subject=message.subject,
                body=message.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[message.to],
            ).send()
        except Exception as error:  # noqa: BLE001 - the mail server's failure is recorded
            message.last_error = str(error)[:500]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.FAILED
            message.save(update_fields=["attempts", "last_error", "status"])
            logger.exception("Sending message %s failed", message_id)
            return False
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return True


def outbox_pending_ids(*, limit: int = 200) -> list[int]:
    return list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)
        .order_by("created_at", "id")
        .values_list("id", flat=True)[:limit]
    )


def email_queue_template(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict,
    idempotency_key: str | None = None,
    user=None,
):
    """Queue an email whose body is rendered from templates/emails/<template>.txt."""
    from django.template.loader import render_to_string

    body = render_to_string(
        f"emails/{template}.txt", {"site_url": settings.SITE_URL.rstrip("/"), **context}
    )
    return email_queue(
        to=to, subject=subject, body=body, idempotency_key=idempotency_key, user=user
    )
