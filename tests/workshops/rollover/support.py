"""What the rollover tests share: a clock stopped on Tuesday 1 December 2026, the autumn
term that ran (Monday 7 September to Friday 18 December 2026), the spring term to come
(Wednesday 6 January to Friday 26 March 2027), and a course of the autumn term with its
sessions booked, agreed by both its trainers."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from workshops.models import Course, CourseSignOff, ScheduledSession

from ...factories import RoomFactory, TermFactory, make_course

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=LONDON)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def autumn_term():
    return TermFactory(
        name="Autumn 2026",
        starts_on=date(2026, 9, 7),
        ends_on=date(2026, 12, 18),
        enrolment_opens_on=date(2026, 8, 17),
    )


def spring_term(**overrides):
    return TermFactory(
        **{
            "name": "Spring 2027",
            "starts_on": date(2027, 1, 6),
            "ends_on": date(2027, 3, 26),
            "enrolment_opens_on": date(2026, 12, 7),
            **overrides,
        }
    )


def course_that_ran(
    pairing, term, *, starts: list[datetime], room=None, capacity=12, agreed=True, **details
):
    """A course of `pairing` in `term`, published, with a session at each of `starts`
    (in `room`), as long as `session_minutes` (90 by default), agreed by both trainers."""
    details = {"session_count": len(starts), "session_minutes": 90, **details}
    course = make_course(pairing, pairing.peer.user, **details)
    room = room or RoomFactory(capacity=20)
    for number, starts_at in enumerate(starts, start=1):
        ScheduledSession.objects.create(
            course=course,
            number=number,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=details["session_minutes"]),
            room=room,
            peer=pairing.peer,
            practitioner=pairing.practitioner,
        )
    if agreed:
        for trainer in pairing.trainers:
            CourseSignOff.objects.create(course=course, trainer=trainer, version=course.version)
    Course.objects.filter(pk=course.pk).update(
        term=term, capacity=capacity, status=Course.Status.PUBLISHED, live_version=course.version
    )
    course.refresh_from_db()
    return course
