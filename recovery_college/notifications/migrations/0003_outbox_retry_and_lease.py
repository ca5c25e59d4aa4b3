"""Retries with backoff for days and a lease instead of a row lock while sending.

Existing rows: pending ones keep going (due now, retried for 72 hours from today); rows
that had given up stay failed, where a manager sees them and can send them again."""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def retry_window_for_existing_rows(apps, schema_editor):
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    OutboxMessage.objects.filter(status="pending").update(
        retry_until=timezone.now() + timedelta(hours=72)
    )


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0002_outbox_user"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="next_attempt_at",
            field=models.DateTimeField(blank=True, help_text="After a failure, not tried again before this time. Empty: try now.", null=True),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="lease_until",
            field=models.DateTimeField(blank=True, help_text="A worker is sending it until then; after that another worker may.", null=True),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="retry_until",
            field=models.DateTimeField(blank=True, help_text="Failures are retried until then; after that it waits for a manager.", null=True),
        ),
        migrations.RunPython(retry_window_for_existing_rows, migrations.RunPython.noop),
    ]
