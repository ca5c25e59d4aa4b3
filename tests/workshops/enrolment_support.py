"""Shared by the tests of students' places: a clock, helpers that fill a course, and
helpers that read the mail a step sent. The fixtures that use these live in conftest.py.

Courses are built through the real services with the clock stopped at NOW: enrolment
opened yesterday and the first of two weekly sessions (FIRST, SECOND) is ten days away.
Mail goes through the outbox and the eager Celery task after commit, as in production."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from recovery_college.notifications import tasks
from recovery_college.notifications.models import OutboxMessage
from workshops.models import Enrolment
from workshops.services import enrolment_create, waiting_list_join

from ..factories import UserFactory, fresh

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=LONDON)  # a Monday
FIRST = datetime(2027, 3, 11, 10, 0, tzinfo=LONDON)  # session 1, 10 days on
SECOND = FIRST + timedelta(weeks=1)  # session 2
HOLD = timedelta(hours=48)  # CollegeSettings.offer_hold_hours by default
TITLE = "Understanding anxiety"

# Subjects of the emails students get
ENROLLED = f"You are enrolled on “{TITLE}”"
WAITING = f"You are on the waiting list for “{TITLE}”"
OFFER = f"A place is free on “{TITLE}”"
PASSED_ON = f"The place on “{TITLE}” has passed to the next person"


# Filling a course


def students(n: int) -> list:
    return UserFactory.create_batch(n)


def enrolled(course, n: int) -> list:
    return [enrolment_create(course=course, student=s) for s in students(n)]


def waiting(course, n: int) -> list:
    joined = [waiting_list_join(course=course, student=s) for s in students(n)]
    assert {e.status for e in joined} == {Enrolment.Status.WAITING}
    return joined


def holding(course) -> int:
    return Enrolment.objects.filter(course=course, status__in=Enrolment.HOLDING).count()


def assert_places_add_up(course) -> None:
    course = fresh(course)
    assert course.places_taken == holding(course)
    assert course.places_taken <= course.capacity


# Reading the mail


def mail_to(mailoutbox, who, subject_part: str) -> list:
    email = getattr(who, "email", who)
    return [m for m in mailoutbox if m.to == [email] and subject_part in m.subject]


def mail_with(mailoutbox, subject_part: str) -> list:
    return [m for m in mailoutbox if subject_part in m.subject]


def recipients(mailoutbox, subject_part: str) -> list[str]:
    return sorted(m.to[0] for m in mail_with(mailoutbox, subject_part))


def emails(*people) -> list[str]:
    return sorted(p.email for p in people)


def quiet(mailoutbox) -> None:
    """Send whatever earlier steps queued (outside a commit) and forget it, so that what
    follows counts only the mail of the step under test."""
    tasks.outbox_drain()
    mailoutbox.clear()


def deliver_twice(callbacks) -> None:
    """Deliver what a change queued, the hard way: the send task twice for every pending
    outbox row, then the change's own after-commit kick, then the beat sweep."""
    pending = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).values_list(
            "pk", flat=True
        )
    )
    assert pending, "the change queued no mail"
    for pk in pending:
        tasks.outbox_send(pk)
        tasks.outbox_send(pk)
    for callback in callbacks:
        callback()
    tasks.outbox_drain()


__all__ = [
    "ENROLLED",
    "FIRST",
    "HOLD",
    "LONDON",
    "NOW",
    "OFFER",
    "PASSED_ON",
    "SECOND",
    "TITLE",
    "WAITING",
    "assert_places_add_up",
    "deliver_twice",
    "emails",
    "enrolled",
    "fresh",
    "holding",
    "mail_to",
    "mail_with",
    "quiet",
    "recipients",
    "students",
    "waiting",
]
