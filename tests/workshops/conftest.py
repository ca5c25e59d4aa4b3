"""Fixtures for the enrolment service tests (modules may define their own of the same
name, which win)."""

import pytest

from recovery_college.notifications import tasks
from workshops.models import Room, Venue
from workshops.selectors import enrolment_window

from ..factories import open_course_make
from .enrolment_support import FIRST, NOW


@pytest.fixture
def room(db):
    venue = Venue.objects.create(name="Oak House", address="1 Oak Street")
    return Room.objects.create(venue=venue, name="Garden Room", capacity=14)


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
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the block queued for after commit (the mail
    task), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
