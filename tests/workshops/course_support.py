"""Shared by the course service tests: reading a course's fields, sections and history,
both trainers agreeing it, and the mail a trainer got."""

from workshops.models import CourseChange, Section
from workshops.services import course_agree

from ..factories import fresh

OPENING = "Welcome and setting the scene"
AGAIN = "agree it again"
BOTH_AGREED = "You have both agreed"
SCHEDULE_REFUSED = (
    "The number of sessions, their length and the format cannot change once a course is "
    "published or has students: ask a college manager, who can change the schedule and "
    "tell the students."
)


def details_of(course, **changes) -> dict:
    """Every detail field as the course has it now, with `changes` applied."""
    names = (
        "title",
        "summary",
        "outcomes",
        "audience",
        "topic",
        "format",
        "session_count",
        "session_minutes",
    )
    return {name: getattr(course, name) for name in names} | changes


def section_titled(course, title) -> Section:
    return Section.objects.get(plan__course=course, title=title)


def titles(course, number=1) -> list[str]:
    return list(
        Section.objects.filter(plan__course=course, plan__number=number)
        .order_by("position", "id")
        .values_list("title", flat=True)
    )


def snapshot_at(course, version) -> dict:
    return CourseChange.objects.get(course=course, version=version).snapshot


def both_agree(course, peer, practitioner) -> None:
    course = fresh(course)
    course_agree(course=course, user=peer, version=course.version)
    course_agree(course=course, user=practitioner, version=course.version)


def subjects_to(mailoutbox, email) -> list[str]:
    return [m.subject for m in mailoutbox if m.to == [email]]
