from celery import shared_task

from recovery_college.jobs import job_summary

from . import services


@shared_task(ignore_result=True)
@job_summary(
    none="no agreement reviews due",
    one="1 agreement review reminder due (each email goes once)",
    many="{n} agreement review reminders due (each email goes once)",
)
def agreement_review_reminders() -> int:
    """Beat: review-date reminders for co-working agreements. Safe to run often."""
    return services.agreement_review_reminders_send()
