"""The managers' week of sessions (workshops:calendar): managers only, the week's sessions
by day, a nonsense week shows this week, and a query count that does not grow."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from workshops.services import session_schedule

from ..factories import PairingFactory, make_course

URL = reverse("workshops:calendar")
MONDAY = date(2027, 3, 1)


def _book(manager, room, day: date, hour: int, title: str):
    pairing = PairingFactory(active=True)
    course = make_course(
        pairing, pairing.peer.user, title=title, session_count=1, session_minutes=60
    )
    starts = timezone.make_aware(datetime.combine(day, time(hour)))
    return session_schedule(course=course, user=manager, number=1, starts_at=starts, room=room)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["student", "peer_trainer"])
def test_only_managers_see_the_calendar(role, request, client_for):
    assert client_for(request.getfixturevalue(role)).get(URL).status_code == 404


@pytest.mark.django_db
def test_it_shows_the_weeks_sessions_by_day(client_for, manager, room):
    _book(manager, room, MONDAY + timedelta(days=2), 10, "Wednesday course")
    _book(manager, room, MONDAY + timedelta(days=9), 10, "Next week's course")
    response = client_for(manager).get(URL, {"week": "2027-03-03"})  # any day of the week
    days = dict(response.context["days"])
    assert response.context["monday"] == MONDAY
    assert [s.course.title for s in days[MONDAY + timedelta(days=2)]] == ["Wednesday course"]
    assert "Next week&#x27;s course" not in response.content.decode()


@pytest.mark.django_db
def test_a_nonsense_week_shows_this_week(client_for, manager):
    response = client_for(manager).get(URL, {"week": "soon"})
    assert response.status_code == 200
    assert response.context["monday"].weekday() == 0


@pytest.mark.django_db
def test_its_query_count_does_not_grow_with_sessions(client_for, manager, room):
    client = client_for(manager)
    _book(manager, room, MONDAY, 9, "First")
    client.get(URL, {"week": "2027-03-01"})
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"week": "2027-03-01"})
    for hour in range(10, 16):
        _book(manager, room, MONDAY + timedelta(days=1), hour, f"Course {hour}")
    with CaptureQueriesContext(connection) as many:
        client.get(URL, {"week": "2027-03-01"})
    assert len(many.captured_queries) == len(few.captured_queries)


# Issue 12, cause 7: a week at either end of the calendar shows this week, never a 500.
@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01"])
def test_a_week_far_off_shows_this_week(week, client_for, manager):
    response = client_for(manager).get(URL, {"week": week})
    assert response.status_code == 200
    assert response.context["monday"] == _this_monday()


@pytest.mark.parametrize("monday", [date.min, date.max - timedelta(days=3)])
def test_the_week_read_never_overflows(monday, db):
    from workshops.selectors import week_sessions

    assert all(sessions == [] for _day, sessions in week_sessions(monday=monday))


def _this_monday():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())
