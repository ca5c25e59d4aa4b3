from celery import shared_task

from recovery_college.jobs import job_summary

from .services import reminders, waiting_list


@shared_task(ignore_result=True)
@job_summary(
    none="no offers past their time",
    one="1 offer expired (the student was told; the place goes to the next person "
    "waiting, if anyone is)",
    many="{n} offers expired (each student was told; the places go to the next people "
    "waiting, if anyone is)",
)
def offers_expire() -> int:
    """Beat: end unclaimed waiting-list offers and offer the place onwards."""
    return waiting_list.offers_expire()


@shared_task(ignore_result=True)
@job_summary(
    none="no session reminders due",
    one="1 session reminder queued (a session starts within 48 hours)",
    many="{n} session reminders queued (sessions start within 48 hours)",
)
def session_reminders() -> int:
    """Beat: reminders 48 hours before each session."""
    return reminders.session_reminders_send()


@shared_task(ignore_result=True)
@job_summary(
    none="no feedback invitations due",
    one="1 feedback invitation queued",
    many="{n} feedback invitations queued",
)
def feedback_invitations() -> int:
    """Beat: feedback links once a course's last session has ended."""
    return reminders.feedback_invitations_send()


@shared_task(ignore_result=True)
@job_summary(
    none="no debrief emails due", one="1 debrief email queued", many="{n} debrief emails queued"
)
def debriefs_sweep() -> int:
    """Beat: debrief links the day after each session, and one reminder after three days."""
    from .services.debriefs import debriefs_sweep as sweep

    return sweep()


@shared_task(ignore_result=True)
@job_summary(
    none="no waiting lists to close",
    one="1 waiting-list entry closed on a course that has started (the student was told)",
    many="{n} waiting-list entries closed on courses that have started (each student told)",
)
def waiting_lists_close() -> int:
    """Beat: close the waiting lists of courses that have started, telling each student."""
    return waiting_list.waiting_lists_close()


@shared_task(ignore_result=True)
def prospectus_file_render(kind: str, term_id: int, version: int) -> str:
    """After a change: make the term's prospectus PDF or calendar once and keep it."""
    from .services.prospectus_files import render_queued

    return render_queued(kind=kind, term_id=term_id, version=version)
