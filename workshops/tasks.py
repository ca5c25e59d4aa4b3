from celery import shared_task

from .services import enrolment, reminders


@shared_task(ignore_result=True)
def offers_expire() -> int:
    """Beat: end unclaimed waiting-list offers and offer the place onwards."""
    return enrolment.offers_expire()


@shared_task(ignore_result=True)
def session_reminders() -> int:
    """Beat: reminders 48 hours before each session."""
    return reminders.session_reminders_send()


@shared_task(ignore_result=True)
def feedback_invitations() -> int:
    """Beat: feedback links once a course's last session has ended."""
    return reminders.feedback_invitations_send()


@shared_task(ignore_result=True)
def debriefs_sweep() -> int:
    """Beat: debrief links the day after each session, and one reminder after three days."""
    from .services.debriefs import debriefs_sweep as sweep

    return sweep()
