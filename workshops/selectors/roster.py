"""The course's people for its trainers and managers: who holds or waits for a place,
the register of each session, attendance. Each in a fixed number of queries."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..models import Attendance, Course, Enrolment, ScheduledSession
from .college import attendance_rate


@dataclass
class Roster:
    course: Course
    sessions: list
    enrolled: list
    offered: list
    waiting: list
    marks: dict  # (enrolment id, session id) -> status
    came: dict  # session id -> number present
    missed: dict  # session id -> number marked absent

    @property
    def attendance_rate(self) -> int | None:
        """Of the marks given, the share 'came' (percent), or None before any marks."""
        return attendance_rate(came=sum(self.came.values()), missed=sum(self.missed.values()))


def course_roster(*, course: Course) -> Roster:
    """Everyone holding or waiting for a place, and attendance marks, in 3 queries."""
    sessions = list(
        ScheduledSession.objects.filter(course=course, cancelled=False)
        .select_related("room__venue")
        .order_by("starts_at")
    )
    enrolments = list(
        Enrolment.objects.filter(course=course, status__in=Enrolment.LIVE)
        .select_related("student")
        .order_by("created_at", "id")
    )
    marks = {}
    came = {s.pk: 0 for s in sessions}
    missed = {s.pk: 0 for s in sessions}
    for enrolment_id, session_id, status in Attendance.objects.filter(
        session__course=course
    ).values_list("enrolment_id", "session_id", "status"):
        marks[(enrolment_id, session_id)] = status
        if session_id in came:
            if status == Attendance.Status.PRESENT:
                came[session_id] += 1
            else:
                missed[session_id] += 1
    for enrolment in enrolments:
        enrolment.marks = [marks.get((enrolment.pk, s.pk), "") for s in sessions]
    return Roster(
        course=course,
        sessions=sessions,
        enrolled=[e for e in enrolments if e.status == Enrolment.Status.ENROLLED],
        offered=[e for e in enrolments if e.status == Enrolment.Status.OFFERED],
        waiting=[e for e in enrolments if e.status == Enrolment.Status.WAITING],
        marks=marks,
        came=came,
        missed=missed,
    )


def course_session(*, course: Course, number: int) -> ScheduledSession:
    """Session `number` of the course, if it will run (404 otherwise)."""
    return get_object_or_404(
        ScheduledSession.objects.select_related("room__venue"),
        course=course,
        number=number,
        cancelled=False,
    )


def register_rows(*, session: ScheduledSession) -> list[Enrolment]:
    """The enrolled students of the session's course by name, each with `mark` set to
    this session's register mark ("" when not marked): 2 queries."""
    enrolled = list(
        Enrolment.objects.filter(course_id=session.course_id, status=Enrolment.Status.ENROLLED)
        .select_related("student")
        .order_by("student__full_name", "id")
    )
    marks = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "status"))
    for enrolment in enrolled:
        enrolment.mark = marks.get(enrolment.pk, "")
    return enrolled


def register_opens_later(session: ScheduledSession) -> bool:
    """The register opens on the day of the session (Europe/London)."""
    return timezone.localtime(session.starts_at).date() > timezone.localdate()
