"""Shared by the enrolment service tests: a clock, a course open for enrolment, and
helpers that fill it. The fixtures that use these live in conftest.py."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from workshops.models import Enrolment
from workshops.services import enrolment_create, waiting_list_join

from ..factories import UserFactory, fresh

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=LONDON)  # a Monday
FIRST = datetime(2027, 3, 11, 10, 0, tzinfo=LONDON)  # session 1, 10 days on
SECOND = FIRST + timedelta(weeks=1)  # session 2
HOLD = timedelta(hours=48)  # CollegeSettings.offer_hold_hours by default
TITLE = "Understanding anxiety"


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


__all__ = [
    "FIRST",
    "HOLD",
    "LONDON",
    "NOW",
    "SECOND",
    "TITLE",
    "enrolled",
    "fresh",
    "holding",
    "students",
    "waiting",
]
