"""Shared by the certificate tests: a four-session course built through the real
services, its students, and registers taken after it has run."""

from datetime import timedelta

from workshops.models import CollegeSettings, ScheduledSession
from workshops.services import attendance_mark, enrolment_create

from ..factories import fresh, open_course_make
from .enrolment_support import NOW

SESSIONS = 4


def course_with_students(time_machine, *, manager, students, title="Finding calm", pairing=None):
    """A published course of four weekly sessions (the first ten days after NOW), each of
    `students` enrolled before it began; a new pair unless `pairing` is given. The clock
    is left at NOW."""
    time_machine.move_to(NOW, tick=False)
    course = open_course_make(
        manager=manager,
        capacity=len(students) + 2,
        session_count=SESSIONS,
        title=title,
        pairing=pairing,
    )
    places = [enrolment_create(course=course, student=s) for s in students]
    return fresh(course), places


def after_the_course(time_machine, course) -> None:
    """The clock a day after the course's last session ended."""
    last = ScheduledSession.objects.filter(course=course).order_by("-ends_at").first()
    time_machine.move_to(last.ends_at + timedelta(days=1), tick=False)


def registers(course, *, manager, came: dict) -> None:
    """Take each session's register: `came` maps an enrolment to the session numbers it
    came to; everyone else on the list is marked as not come."""
    for session in ScheduledSession.objects.filter(course=course).order_by("number"):
        marks = {
            place.pk: "present" if session.number in numbers else "absent"
            for place, numbers in came.items()
        }
        attendance_mark(session=session, user=manager, marks=marks)


def threshold_set(percent: int) -> None:
    CollegeSettings.objects.update_or_create(pk=1, defaults={"certificate_threshold": percent})
