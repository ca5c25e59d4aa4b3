from django.db import models


class OutboxMessage(models.Model):
    """An email the app has decided to send, written in the same transaction as the change
    that caused it. A Celery task sends it after commit; a beat job sends anything left
    (Redis was down, a worker died). `idempotency_key` stops the same notice being queued
    twice; `sent_at` stops it being sent twice."""

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
    body = models.TextField()
    idempotency_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_pending_idx")]

    def __str__(self):
        return f"{self.subject} → {self.to} ({self.get_status_display()})"
