"""Once a session is booked, the plan's times, the run-sheet and the register follow the
booking's date, start time and room (workshops/selectors/courses.py `plan_editor`)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from workshops.services import session_schedule

LONDON = ZoneInfo("Europe/London")
BOOKED = datetime(2027, 3, 3, 14, 0, tzinfo=LONDON)  # a Wednesday; the plan says 10:00


@pytest.fixture
def booked(course, manager, room, time_machine):
    time_machine.move_to(datetime(2027, 3, 1, 9, 0, tzinfo=LONDON), tick=False)
    return session_schedule(course=course, user=manager, number=1, starts_at=BOOKED, room=room)


@pytest.mark.django_db
def test_the_run_sheet_follows_the_booked_date_time_and_room(client_for, peer_trainer, booked):
    url = reverse("workshops:run-sheet", args=[booked.course_id, 1])

    html = client_for(peer_trainer).get(url).content.decode()

    assert "Wednesday 3 March 2027, 14:00–16:00" in html
    assert booked.room.name in html
    assert "14:00–14:15" in html and "10:00–10:15" not in html


@pytest.mark.django_db
def test_the_plan_shows_the_booking_and_times_from_it(client_for, peer_trainer, booked):
    url = reverse("workshops:plan-edit", args=[booked.course_id, 1])

    html = client_for(peer_trainer).get(url).content.decode()

    assert "Booked for <strong>Wednesday 3 March 2027, 14:00–16:00</strong>" in html
    assert "14:00–14:15" in html


@pytest.mark.django_db
def test_an_unbooked_run_sheet_keeps_the_plans_own_start_and_says_so(
    client_for, course, peer_trainer
):
    html = (
        client_for(peer_trainer)
        .get(reverse("workshops:run-sheet", args=[course.pk, 1]))
        .content.decode()
    )
    assert "Not booked yet" in html and "10:00–10:15" in html
