from django.db import models


class OutboxMessage(models.Model):
    """An email the app has decided to send, written in the same transaction as the change
    that caused it. A Celery task sends it after commit; a beat job sends anything left
    (Redis was down, a worker died, the mail server was unreachable).

    Sending is at-least-once: a worker claims the row for a while (`lease_until`), talks to
    the mail server with no transaction open, then records the result. If it dies between
    the server accepting the message and that record, the message goes again after the
    lease, with the same Message-ID header (see `services.outbox_message_id`), and mail
    systems drop the repeat. `idempotency_key` stops the same notice being queued twice.

    A message queued on a busy path (an enrolment rush) may leave its body to the worker:
    the row says what to write (`kind`, `object_id`) and the body is written, and kept,
    just before the first send (see `services.email_queue_later`)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up"

    to = models.EmailField()
    user = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The account it was written for, when known (for data requests).",
    )
    subject = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    kind = models.CharField(
        max_length=60,
        blank=True,
        help_text="A body written when the message is sent: the name of the function that "
        "writes it (see services.body_writer_register), given `object_id`.",
    )
    object_id = models.BigIntegerField(
        null=True, blank=True, help_text="What `kind` writes the body from (e.g. an enrolment)."
    )
    idempotency_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="After a failure, not tried again before this time. Empty: try now.",
    )
    lease_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="A worker is sending it until then; after that another worker may.",
    )
    retry_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Failures are retried until then; after that it waits for a manager.",
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_pending_idx")]

    def __str__(self):
        return f"{self.subject} → {self.to} ({self.get_status_display()})"
