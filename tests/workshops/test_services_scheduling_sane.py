"""Schedules stay sane (workshops/services/scheduling.py): no session booked at a time
already past, and a session that has started cannot be moved; the schedule page shows
the plain reason beside the field and keeps what was typed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from workshops.errors import NotAllowed
from workshops.models import ScheduledSession
from workshops.services import session_schedule

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 3, 10, 12, 0, tzinfo=LONDON)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.mark.django_db
def test_a_session_cannot_be_booked_at_a_time_already_past(course, manager, room, clock):
    with pytest.raises(NotAllowed) as refused:
        session_schedule(
            course=course, user=manager, number=1, starts_at=NOW - timedelta(hours=1), room=room
        )
    assert "has already passed" in refused.value.message
    assert not ScheduledSession.objects.filter(course=course).exists()


@pytest.mark.django_db
def test_a_session_cannot_be_moved_to_a_time_already_past(course, manager, room, clock):
    session_schedule(
        course=course, user=manager, number=1, starts_at=NOW + timedelta(days=2), room=room
    )
    with pytest.raises(NotAllowed, match="has already passed"):
        session_schedule(
            course=course, user=manager, number=1, starts_at=NOW - timedelta(days=2), room=room
        )
    assert ScheduledSession.objects.get(course=course).starts_at == NOW + timedelta(days=2)


@pytest.mark.django_db
def test_a_session_that_has_started_cannot_be_moved(course, manager, room, time_machine):
    time_machine.move_to(NOW - timedelta(days=1), tick=False)
    session_schedule(course=course, user=manager, number=1, starts_at=NOW, room=room)
    time_machine.move_to(NOW + timedelta(minutes=10), tick=False)  # it started at NOW

    with pytest.raises(NotAllowed) as refused:
        session_schedule(
            course=course, user=manager, number=1, starts_at=NOW + timedelta(days=7), room=room
        )

    assert "started on Wednesday 10 March at 12:00, so it cannot be moved" in (
        refused.value.message
    )
    assert ScheduledSession.objects.get(course=course).starts_at == NOW


@pytest.mark.django_db
def test_a_future_session_still_moves(course, manager, room, clock):
    session_schedule(
        course=course, user=manager, number=1, starts_at=NOW + timedelta(days=2), room=room
    )
    moved = session_schedule(
        course=course, user=manager, number=1, starts_at=NOW + timedelta(days=3), room=room
    )
    assert moved.starts_at == NOW + timedelta(days=3)


@pytest.mark.django_db
def test_the_schedule_page_explains_a_past_time_beside_the_field(
    course, manager, room, clock, client_for
):
    url = reverse("workshops:course-schedule", args=[course.pk])
    response = client_for(manager).post(
        url,
        {"form": "s1", "s1-starts_at": "2027-03-09T10:00", "s1-room": room.pk},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "has already passed. Choose a time from now on." in html
    assert "2027-03-09T10:00" in html
