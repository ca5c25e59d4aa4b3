"""Taking the register."""

from django.db import transaction

from recovery_college.accounts.models import User

from ..errors import NotAllowed
from ..models import Attendance, Enrolment, ScheduledSession
from ..permissions import can_mark_attendance, is_session_trainer
from ..selectors.roster import register_opens_later


def attendance_mark(*, session: ScheduledSession, user: User, marks: dict[int, str]) -> int:
    """Record who came to a session: {enrolment id: "present" | "absent" | ""}. An empty
    value clears a mark. Only the course's trainers and managers may mark, and only
    for people enrolled on the course. Returns how many marks changed."""
    course = session.course
    if not (can_mark_attendance(user, course) or is_session_trainer(user, session)):
        raise NotAllowed("Only the course's trainers and college managers can take the register.")
    if register_opens_later(session):
        raise NotAllowed("The register opens on the day of the session.")
    if any(status and status not in Attendance.Status.values for status in marks.values()):
        raise NotAllowed("Choose “came” or “did not come”.")
    enrolled = set(
        Enrolment.objects.filter(
            course=course, status=Enrolment.Status.ENROLLED, pk__in=list(marks)
        ).values_list("pk", flat=True)
    )
    changed = 0
    with transaction.atomic():
        # Both trainers saving at once take turns here, so neither inserts a duplicate.
        ScheduledSession.objects.select_for_update().get(pk=session.pk)
        existing = {
            a.enrolment_id: a
            for a in Attendance.objects.select_for_update().filter(
                session=session, enrolment_id__in=enrolled
            )
        }
        for enrolment_id, status in marks.items():
            if enrolment_id not in enrolled:
                continue
            mark = existing.get(enrolment_id)
            if not status:
                if mark is not None:
                    mark.delete()
                    changed += 1
                continue
            if mark is None:
                Attendance.objects.create(
                    session=session, enrolment_id=enrolment_id, status=status, marked_by=user
                )
                changed += 1
            elif mark.status != status:
                mark.status = status
                mark.marked_by = user
                mark.save(update_fields=["status", "marked_by", "marked_at"])
                changed += 1
    return changed
