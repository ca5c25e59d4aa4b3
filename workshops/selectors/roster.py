"""The course's people for its trainers and managers: who holds or waits for a place,
the register of each session, attendance. Each in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..models import Attendance, Course, Enrolment, ScheduledSession, WalkIn
from .college import attendance_rate


@dataclass
class Roster:
    course: Course
    sessions: list
    enrolled: list
    offered: list
    waiting: list
    marks: dict  # (enrolment id, session id) -> status
    came: dict  # session id -> number present (walk-ins too)
    missed: dict  # session id -> number marked absent (walk-ins too)
    walk_ins: list  # each with `marks`, one per session ("" before they first came)

    @property
    def attendance_rate(self) -> int | None:
        """Of the marks given, the share 'came' (percent), or None before any marks."""
        return attendance_rate(came=sum(self.came.values()), missed=sum(self.missed.values()))


def course_roster(*, course: Course) -> Roster:
    """Everyone holding or waiting for a place, walk-ins, and attendance marks, in 4
    queries."""
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
    walk_ins = list(WalkIn.objects.filter(course=course).select_related("user"))
    marks = {}
    walk_in_marks = {}
    came = {s.pk: 0 for s in sessions}
    missed = {s.pk: 0 for s in sessions}
    for enrolment_id, walk_in_id, session_id, status in Attendance.objects.filter(
        session__course=course
    ).values_list("enrolment_id", "walk_in_id", "session_id", "status"):
        if enrolment_id:
            marks[(enrolment_id, session_id)] = status
        else:
            walk_in_marks[(walk_in_id, session_id)] = status
        if session_id in came:
            if status == Attendance.Status.PRESENT:
                came[session_id] += 1
            else:
                missed[session_id] += 1
    for enrolment in enrolments:
        enrolment.marks = [marks.get((enrolment.pk, s.pk), "") for s in sessions]
    for walk_in in walk_ins:
        walk_in.marks = [walk_in_marks.get((walk_in.pk, s.pk), "") for s in sessions]
    return Roster(
        course=course,
        sessions=sessions,
        enrolled=[e for e in enrolments if e.status == Enrolment.Status.ENROLLED],
        offered=[e for e in enrolments if e.status == Enrolment.Status.OFFERED],
        waiting=[e for e in enrolments if e.status == Enrolment.Status.WAITING],
        marks=marks,
        came=came,
        missed=missed,
        walk_ins=walk_ins,
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
    marks = dict(
        Attendance.objects.filter(session=session, enrolment__isnull=False).values_list(
            "enrolment_id", "status"
        )
    )
    for enrolment in enrolled:
        enrolment.mark = marks.get(enrolment.pk, "")
    return enrolled


def register_walk_ins(*, session: ScheduledSession) -> list[WalkIn]:
    """The course's walk-ins who first came to this session or an earlier one, by name,
    each with `mark` for this session ("" when not marked): 1 query."""
    mark = Attendance.objects.filter(session=session, walk_in=OuterRef("pk")).values("status")
    return list(
        WalkIn.objects.filter(
            course_id=session.course_id, first_session__starts_at__lte=session.starts_at
        )
        .annotate(mark=Coalesce(Subquery(mark[:1]), Value("")))
        .order_by("name", "id")
    )


def session_capacity(session: ScheduledSession) -> tuple[int | None, str]:
    """How many people the session has room for, and a phrase saying so: the room's
    capacity ("Room 2 holds 12"), or the course's places when it has no room (online).
    (None, "") when neither is set."""
    if session.room_id:
        return session.room.capacity, f"{session.room.name} holds {session.room.capacity}"
    if session.course.capacity:
        return session.course.capacity, f"the course has {session.course.capacity} places"
    return None, ""


def session_headcount(session: ScheduledSession) -> int:
    """Everyone who may be at the session: enrolled students and walk-ins on its register
    who are not marked "did not come" (2 queries)."""
    absent = Attendance.objects.filter(session=session, status=Attendance.Status.ABSENT)
    students = (
        Enrolment.objects.filter(course_id=session.course_id, status=Enrolment.Status.ENROLLED)
        .exclude(pk__in=absent.filter(enrolment__isnull=False).values("enrolment_id"))
        .count()
    )
    walk_ins = (
        WalkIn.objects.filter(
            course_id=session.course_id, first_session__starts_at__lte=session.starts_at
        )
        .exclude(pk__in=absent.filter(walk_in__isnull=False).values("walk_in_id"))
        .count()
    )
    return students + walk_ins


def register_opens_later(session: ScheduledSession) -> bool:
    """The register opens on the day of the session (Europe/London)."""
    return timezone.localtime(session.starts_at).date() > timezone.localdate()
