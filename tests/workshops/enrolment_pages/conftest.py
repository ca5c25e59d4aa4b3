"""The pages around enrolment: the students' (enrolling, offers, My courses, the calendar
feed, feedback, their data) and the trainers' and managers' (registers, the students
list, changes after publishing). The clock stands at NOW, a Monday morning, in a term
whose enrolment opened yesterday.

`open_course` here is this folder's own (3 places, session 1 in the Garden Room and
session 2 online), not the services' one from ../conftest.py."""

from datetime import timedelta

import pytest

from workshops.services import enrolment_create, waiting_list_join

from ...factories import TermFactory, UserFactory, fresh
from .support import FIRST, NOW, TODAY, course_open


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW)
    return time_machine


@pytest.fixture
def term(db):
    """Enrolment opened yesterday."""
    return TermFactory(
        name="Spring 2027",
        starts_on=TODAY - timedelta(days=7),
        ends_on=TODAY + timedelta(days=120),
        enrolment_opens_on=TODAY - timedelta(days=1),
    )


@pytest.fixture
def past_term(db):
    return TermFactory(
        name="Winter 2027",
        starts_on=TODAY - timedelta(days=60),
        ends_on=TODAY - timedelta(days=1),
        enrolment_opens_on=TODAY - timedelta(days=70),
    )


@pytest.fixture
def open_course(manager, active_pairing, term, room):
    """Published, enrolment open since yesterday, both sessions ahead, 3 places."""
    return course_open(
        manager=manager, pairing=active_pairing, term=term, room=room, title="Understanding anxiety"
    )


@pytest.fixture
def full_course(manager, active_pairing, term, room):
    """One place, already taken."""
    course = course_open(
        manager=manager,
        pairing=active_pairing,
        term=term,
        room=room,
        first=FIRST + timedelta(days=1),
        capacity=1,
        title="Hearing voices",
    )
    enrolment_create(course=course, student=UserFactory(full_name="Hana Holder"))
    return fresh(course)


@pytest.fixture
def register_course(manager, active_pairing, term, room):
    """Two places taken (Amy and Ben) and one person waiting (Wendy)."""
    course = course_open(
        manager=manager, pairing=active_pairing, term=term, room=room, capacity=2, title="Tea"
    )
    for name in ("Amy Able", "Ben Bold"):
        enrolment_create(course=course, student=UserFactory(full_name=name))
    waiting_list_join(course=course, student=UserFactory(full_name="Wendy Waiting"))
    return fresh(course)
