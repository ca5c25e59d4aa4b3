from celery import shared_task

from .services import reminders, waiting_list


@shared_task(ignore_result=True)
def offers_expire() -> int:
    """Beat: end unclaimed waiting-list offers and offer the place onwards."""
    return waiting_list.offers_expire()


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


@shared_task(ignore_result=True)
def waiting_lists_close() -> int:
    """Beat: close the waiting lists of courses that have started, telling each student."""
    return waiting_list.waiting_lists_close()


@shared_task(ignore_result=True)
def prospectus_file_render(kind: str, term_id: int, version: int) -> str:
    """After a change: make the term's prospectus PDF or calendar once and keep it."""
    from .services.prospectus_files import render_queued

    return render_queued(kind=kind, term_id=term_id, version=version)
