"""Sending email. Every message the app sends is queued here, inside the caller's
transaction, and handed to a worker only after that transaction commits.

How a message goes out (at-least-once):
1. `email_queue` writes an OutboxMessage row; after commit, `_kick` asks a worker to send
   it. The broker gets a second or two (settings: CELERY_BROKER_TRANSPORT_OPTIONS); if it
   is down or hung, the message just waits for the beat sweep. A broker problem never
   changes the answer the person already has.
2. A worker *claims* the row: `SELECT … FOR UPDATE SKIP LOCKED`, one more attempt, a lease
   of LEASE, COMMIT. No transaction or row lock is open while it talks to the mail server
   (EMAIL_TIMEOUT bounds that conversation).
3. It records the result in a new short statement: sent, or the error and when to try
   again (1, 2, 4 … minutes, at most an hour apart, for RETRY_FOR). After that the message
   is marked failed, shown to managers (/college/mail/) and counted on /healthz; a manager
   can send it again.
4. A worker that dies mid-send leaves a lease that runs out; the sweep claims the row
   again. So a message can go twice; each carries a Message-ID made from its row, and mail
   systems drop the repeat.

A message may leave its body to the worker (`email_queue_later`): the row then says what
to write (`kind` and `object_id`), and just before the first send the worker writes the
body with the function the app registered for that kind (`body_writer_register`) and
keeps it on the row. The row is still written in the caller's transaction, so the
guarantee is the same (committed: it is sent; rolled back: nothing is), while the
request that queued it does no template work.

This module never imports `tasks` (tasks import it); the kick finds the send task by name
in the Celery app. It never imports the apps that queue mail either: they register their
body writers (see `body_writer_register`)."""

import logging
import smtplib
import unicodedata
from collections.abc import Callable
from datetime import timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from recovery_college.celery import app as celery_app

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# The Celery task names (tasks.py registers its tasks under these; the beat schedule in
# settings uses the drain's name).
OUTBOX_SEND_TASK = "recovery_college.notifications.tasks.outbox_send"
OUTBOX_DRAIN_TASK = "recovery_college.notifications.tasks.outbox_drain"

LEASE = timedelta(minutes=5)  # far longer than one SMTP conversation (EMAIL_TIMEOUT)
RETRY_FOR = timedelta(hours=72)  # failures are retried this long before a manager is needed
FIRST_BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=1)
SWEEP_BATCH = 200
SUBJECT_MAX = 255  # OutboxMessage.subject's length
SERVER_DOWN = "Mail server unavailable: "  # last_error prefix for failures of the server


class OutboxError(Exception):
    message = "That could not be done."

    def __init__(self, message: str | None = None):
        self.message = message or self.message
        super().__init__(self.message)


class AlreadySent(OutboxError):
    message = "This message has already been sent, so it was not sent again."


# --- Queueing -------------------------------------------------------------------------


def header_text(text: str, *, max_length: int = SUBJECT_MAX) -> str:
    """Text that is safe in a mail header: line breaks, tabs and other control characters
    become spaces, runs of spaces become one, and text longer than `max_length` is
    shortened with an ellipsis."""
    spaced = "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in text
    )
    text = " ".join(spaced.split())
    if len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text


def email_queue(*, to: str, subject: str, body: str, idempotency_key: str | None = None, user=None):
    """Queue one plain-text email. With an idempotency key, queuing the same notice twice
    is harmless: the second call returns the first message and sends nothing new. The
    subject is made safe for a header (see `header_text`).

    One statement in the usual case (a busy enrolment day queues one per place taken): a
    keyed message is inserted with `ON CONFLICT DO NOTHING`, so neither a look-up first
    nor a savepoint around the insert is needed; only a repeat reads the first message."""
    return _queue(to=to, subject=subject, body=body, idempotency_key=idempotency_key, user=user)


def email_queue_later(
    *, to: str, subject: str, kind: str, object_id: int, idempotency_key: str, user=None
):
    """Queue an email whose body the worker writes just before sending it, with the writer
    registered for `kind`, from `object_id` (see `body_writer_register`). For the busiest
    paths (an enrolment rush): the request writes one small row and renders nothing. The
    row is written in the caller's transaction like any other, and queuing it twice is
    harmless (`idempotency_key`, as for `email_queue`)."""
    if kind not in _BODY_WRITERS:
        raise LookupError(f"No body writer is registered for {kind!r}.")
    return _queue(
        to=to,
        subject=subject,
        kind=kind,
        object_id=object_id,
        idempotency_key=idempotency_key,
        user=user,
    )


def _queue(*, subject: str, **fields) -> OutboxMessage:
    """Write the outbox row (its subject made safe for a header, retried for RETRY_FOR)."""
    message = OutboxMessage(
        subject=header_text(subject), retry_until=timezone.now() + RETRY_FOR, **fields
    )
    idempotency_key = message.idempotency_key
    if not idempotency_key:
        message.save(force_insert=True)
    elif not _insert_unless_queued(message):
        return OutboxMessage.objects.get(idempotency_key=idempotency_key)
    transaction.on_commit(lambda: _kick(message.pk))
    return message


def _insert_unless_queued(message: OutboxMessage) -> bool:
    """INSERT … ON CONFLICT (idempotency_key) DO NOTHING RETURNING id (PostgreSQL and
    SQLite 3.35+): True and the new id set on `message`, or False when a message with the
    same key is already queued. A conflict leaves the caller's transaction usable."""
    meta = OutboxMessage._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    values = [f.get_db_prep_save(f.pre_save(message, True), connection) for f in fields]
    # Names come from the model and every value is a parameter.
    table, key, pk = (
        quote(meta.db_table),
        quote(meta.get_field("idempotency_key").column),
        quote(meta.pk.column),
    )
    columns, slots = ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({slots}) "  # noqa: S608
    sql += f"ON CONFLICT ({key}) DO NOTHING RETURNING {pk}"
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return False
    message.pk = row[0]
    message._state.adding, message._state.db = False, connection.alias
    return True


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
    return email_queue(
        to=to,
        subject=subject,
        body=email_body_render(template, context),
        idempotency_key=idempotency_key,
        user=user,
    )


def email_body_render(template: str, context: dict) -> str:
    """An email's body from templates/emails/<template>.txt (with `site_url`)."""
    return render_to_string(
        f"emails/{template}.txt", {"site_url": settings.SITE_URL.rstrip("/"), **context}
    )


# The functions that write a body queued with `email_queue_later`, by kind. Each takes the
# row's `object_id` and returns the body; it raises ObjectDoesNotExist when what the
# message was about is gone (the message then fails at once rather than retrying).
_BODY_WRITERS: dict[str, Callable[[int], str]] = {}


def body_writer_register(kind: str, write: Callable[[int], str]) -> None:
    """Called by an app when it starts (its AppConfig.ready), so web and worker processes
    alike know how to write that kind of message."""
    _BODY_WRITERS[kind] = write


def _body_write(message: OutboxMessage) -> None:
    """Write and keep the body of a message queued with `email_queue_later`, once: a
    resend (after a failure, or a worker that died) sends the same text."""
    if message.body or not message.kind:
        return
    message.body = _BODY_WRITERS[message.kind](message.object_id)
    OutboxMessage.objects.filter(pk=message.pk, body="").update(body=message.body)


def _kick(message_id: int) -> None:
    """Ask a worker to send now, without waiting long for the broker (no publish retries;
    the transport's socket timeouts bound the rest). If the broker is down or hung the
    message stays pending and the beat sweep sends it: the person's request has committed
    and must neither fail nor wait for mail."""
    try:
        celery_app.tasks[OUTBOX_SEND_TASK].apply_async((message_id,), retry=False)
    except Exception:  # noqa: BLE001 - any broker failure: the outbox keeps the message
        logger.warning(
            "Could not hand message %s to a worker (broker unreachable?); "
            "the outbox sweep will send it",
            message_id,
            exc_info=True,
        )


# --- Sending --------------------------------------------------------------------------


def _due(now) -> Q:
    """Pending, its backoff over, and not claimed by a worker (or that claim ran out)."""
    return (
        Q(status=OutboxMessage.Status.PENDING)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        & (Q(lease_until__isnull=True) | Q(lease_until__lte=now))
    )


def outbox_message_claim(*, message_id: int) -> OutboxMessage | None:
    """Claim a due message for this worker and commit, so no row lock is held while the
    mail server is slow. Returns None when it is not due, already sent or given up, or
    another worker holds it. Call it outside any transaction."""
    now = timezone.now()
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(_due(now), pk=message_id)
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        message.lease_until = now + LEASE
        message.save(update_fields=["attempts", "lease_until"])
    return message


def outbox_message_id(message: OutboxMessage) -> str:
    """The Message-ID header: the same on every send of this row, so a repeat after a
    worker died between the server accepting it and our record is dropped."""
    return f"<outbox-{message.pk}-{int(message.created_at.timestamp())}@{_mail_domain()}>"


def _mail_domain() -> str:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    if "@" in address:
        return address.rsplit("@", 1)[1].lower()
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _deliver(message: OutboxMessage) -> None:
    """Talk to the mail server (EMAIL_TIMEOUT bounds each wait). Raises on failure. Once the
    server has accepted the message, a failure while saying goodbye does not count."""
    connection = get_connection()
    email = EmailMessage(
        subject=header_text(message.subject),
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"Message-ID": outbox_message_id(message)},
        connection=connection,
    )
    try:
        connection.open()
        sent = email.send()
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - the message itself was accepted or has failed
            logger.info("Closing the mail connection failed after message %s", message.pk)
    if not sent:
        raise smtplib.SMTPException("The mail server did not take the message.")


def _server_unavailable(error: BaseException) -> bool:
    """True for failures of the mail server as a whole (refused, timed out, dropped, bad
    log-in), as against a problem with one message (a refused recipient)."""
    if isinstance(
        error,
        (
            smtplib.SMTPServerDisconnected,
            smtplib.SMTPConnectError,
            smtplib.SMTPHeloError,
            smtplib.SMTPAuthenticationError,
        ),
    ):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def _backoff(attempts: int) -> timedelta:
    return min(FIRST_BACKOFF * 2 ** min(max(attempts - 1, 0), 10), MAX_BACKOFF)


def _record_sent(message: OutboxMessage) -> None:
    OutboxMessage.objects.filter(pk=message.pk).exclude(status=OutboxMessage.Status.SENT).update(
        status=OutboxMessage.Status.SENT,
        sent_at=timezone.now(),
        last_error="",
        lease_until=None,
        next_attempt_at=None,
    )


def _record_failure(message: OutboxMessage, error: BaseException) -> None:
    """Retry later with backoff, or give up (status failed) once RETRY_FOR has passed, or
    at once when what a later-written body was about no longer exists. Only this claim's
    record counts: if the lease ran out and another worker claimed the row, that worker
    records the outcome."""
    now = timezone.now()
    retry_until = message.retry_until or message.created_at + RETRY_FOR
    prefix = SERVER_DOWN if _server_unavailable(error) else ""
    changes = {
        "last_error": f"{prefix}{type(error).__name__}: {error}"[:500],
        "lease_until": None,
    }
    if now >= retry_until or isinstance(error, ObjectDoesNotExist):
        changes["status"] = OutboxMessage.Status.FAILED
        changes["next_attempt_at"] = None
    else:
        changes["next_attempt_at"] = now + _backoff(message.attempts)
    OutboxMessage.objects.filter(
        pk=message.pk, status=OutboxMessage.Status.PENDING, attempts=message.attempts
    ).update(**changes)


def _send_claimed(message: OutboxMessage) -> BaseException | None:
    """Write its body if the worker is to (see `email_queue_later`), send the claimed
    message and record the outcome; returns the error, if any."""
    try:
        _body_write(message)
        _deliver(message)
    except Exception as error:  # noqa: BLE001 - the mail server's failure is recorded
        _record_failure(message, error)
        logger.warning(
            "Sending message %s failed (attempt %s): %s",
            message.pk,
            message.attempts,
            type(error).__name__,
        )
        return error
    _record_sent(message)
    return None


def outbox_message_send(*, message_id: int) -> bool:
    """Send one queued message if it is due and nobody else is sending it. Safe to run
    twice or from several workers at once. Returns True if this call sent it."""
    message = outbox_message_claim(message_id=message_id)
    if message is None:
        return False
    return _send_claimed(message) is None


def outbox_due_ids(*, limit: int = SWEEP_BATCH) -> list[int]:
    return list(
        OutboxMessage.objects.filter(_due(timezone.now()))
        .order_by("created_at", "id")
        .values_list("id", flat=True)[:limit]
    )


def outbox_sweep(*, limit: int = SWEEP_BATCH) -> int:
    """Send what is due: new messages whose kick never arrived, failures whose backoff is
    over, and messages whose worker died (lease ran out). Stops at the first sign the mail
    server itself is down, so an outage costs one EMAIL_TIMEOUT per sweep, not one per
    message, and other jobs get the worker. Once the server takes a message again, what
    the outage held back is due at once. Returns how many it sent."""
    sent = 0
    for message_id in outbox_due_ids(limit=limit):
        message = outbox_message_claim(message_id=message_id)
        if message is None:
            continue
        error = _send_claimed(message)
        if error is None:
            sent += 1
        elif _server_unavailable(error):
            logger.warning("Mail server unavailable; the rest waits for the next sweep")
            break
    if sent:
        OutboxMessage.objects.filter(
            status=OutboxMessage.Status.PENDING,
            next_attempt_at__gt=timezone.now(),
            last_error__startswith=SERVER_DOWN,
        ).update(next_attempt_at=None)
    return sent


# --- Managers -------------------------------------------------------------------------


def outbox_message_retry(*, message_id: int) -> OutboxMessage:
    """A manager asks for a message to be sent again: it is due now and retried for
    another RETRY_FOR. Raises OutboxMessage.DoesNotExist, or AlreadySent."""
    now = timezone.now()
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message_id)
        if message.status == OutboxMessage.Status.SENT:
            raise AlreadySent
        message.status = OutboxMessage.Status.PENDING
        message.next_attempt_at = None
        message.retry_until = now + RETRY_FOR
        message.save(update_fields=["status", "next_attempt_at", "retry_until"])
    transaction.on_commit(lambda: _kick(message.pk))
    return message
