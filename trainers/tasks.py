from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def agreement_review_reminders() -> int:
    """Beat: review-date reminders for co-working agreements. Safe to run often."""
    return services.agreement_review_reminders_send()
