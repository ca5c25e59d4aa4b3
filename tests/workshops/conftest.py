"""What the workshops tests share: Oak House and its Garden Room, a draft course of the
active pairing, the same course ready to publish, a course open for enrolment (the clock
stopped at NOW) with the day of its first session, and `committed` for running what a
block queued for after commit. A folder or module may define a fixture of the same name,
which wins (enrolment_pages/ has its own open course)."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from recovery_college.notifications import tasks
from workshops.models import ScheduledSession
from workshops.selectors import enrolment_window
from workshops.services import (
    course_agree,
    course_capacity_set,
    sessions_schedule_weekly,
)

from ..factories import (
    RoomFactory,
    TermFactory,
    VenueFactory,
    agreement_in_force,
    make_course,
    open_course_make,
)
from .enrolment_support import FIRST, LONDON, NOW, enrolled, quiet, waiting


@pytest.fixture
def venue(db):
    return VenueFactory(
        name="Oak House", address="14 Oak Street\nLeeds", directions="Use the side door."
    )


@pytest.fixture
def room(venue):
    """The Garden Room at Oak House: 14 people, step-free and a quiet space."""
    return RoomFactory(
        venue=venue, name="Garden Room", capacity=14, step_free_access=True, quiet_space=True
    )


@pytest.fixture
def course(active_pairing, peer_trainer):
    """A draft started by the peer_trainer: two sessions of two hours, each plan opening
    with the setting-the-scene section."""
    return make_course(active_pairing, peer_trainer)


@pytest.fixture
def ready(course, room, peer_trainer, practitioner_trainer, manager):
    """The draft `course` made ready to publish: agreed by both, the pair's agreement in
    force, both sessions in the Garden Room a week apart from a week today, 12 places in a
    term from today."""
    agreement_in_force(course.pairing)
    for user in (peer_trainer, practitioner_trainer):
        course_agree(course=course, user=user, version=course.version)
    today = timezone.localdate()
    term = TermFactory(
        name="This term", starts_on=today, ends_on=today + timedelta(90), enrolment_opens_on=today
    )
    first = datetime.combine(today + timedelta(days=7), time(10), tzinfo=LONDON)
    sessions_schedule_weekly(course=course, user=manager, first_starts_at=first, room=room)
    course_capacity_set(course=course, user=manager, capacity=12, term=term)
    course.refresh_from_db()
    return course


@pytest.fixture
def open_course(manager, active_pairing, room, time_machine, mailoutbox):
    """Published, 2 places, enrolment open (since yesterday), sessions at FIRST and a
    week later in the Garden Room, taught by the peer_trainer and practitioner_trainer.
    The clock stands still at NOW."""
    time_machine.move_to(NOW, tick=False)
    course = open_course_make(
        manager=manager, pairing=active_pairing, room=room, capacity=2, first_starts_at=FIRST
    )
    tasks.outbox_drain()  # the trainers' "you have both agreed" emails from the setup
    mailoutbox.clear()
    assert enrolment_window(course).open
    return course


@pytest.fixture
def on_the_day(open_course, time_machine, mailoutbox):
    """Two students enrolled, one waiting; the clock at 10:30 on the day of session 1.
    Returns (session 1, the two places, the one waiting)."""
    places = enrolled(open_course, 2)
    (queued,) = waiting(open_course, 1)
    quiet(mailoutbox)
    time_machine.move_to(FIRST + timedelta(minutes=30), tick=False)
    session = ScheduledSession.objects.get(course=open_course, number=1)
    return session, places, queued


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the block queued for after commit (the mail
    task), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
