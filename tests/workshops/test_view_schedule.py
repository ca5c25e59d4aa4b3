"""The schedule page (workshops:course-schedule): managers only; booking every session
weekly; a clash refused naming it, keeping what was typed; the term and places; a
nonsense date refused plainly."""

from datetime import date

import pytest
from django.urls import reverse

from workshops.models import ScheduledSession

from ..factories import PairingFactory, TermFactory, make_course


def _url(course):
    return reverse("workshops:course-schedule", args=[course.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["student", "outsider_trainer", "peer_trainer"])
def test_only_managers_open_the_schedule(role, request, client_for, course):
    assert client_for(request.getfixturevalue(role)).get(_url(course)).status_code == 404


@pytest.mark.django_db
def test_a_manager_books_every_session_weekly(client_for, manager, course, room):
    response = client_for(manager).post(
        _url(course),
        {"form": "weekly", "weekly-starts_at": "2027-03-02T10:00", "weekly-room": room.pk},
    )
    assert response["Location"] == _url(course)
    assert ScheduledSession.objects.filter(course=course).count() == 2


@pytest.mark.django_db
def test_a_clash_is_refused_naming_it_and_the_typed_time_is_kept(client_for, manager, course, room):
    other = PairingFactory(active=True)
    other_course = make_course(other, other.peer.user, title="Another course")
    client = client_for(manager)
    client.post(
        reverse("workshops:course-schedule", args=[other_course.pk]),
        {"form": "s1", "s1-starts_at": "2027-03-02T10:00", "s1-room": room.pk},
    )
    response = client.post(
        _url(course), {"form": "s1", "s1-starts_at": "2027-03-02T11:00", "s1-room": room.pk}
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Garden Room, Oak House is already booked then, for “Another course” session 1" in html
    assert 'value="2027-03-02T11:00"' in html
    assert not ScheduledSession.objects.filter(course=course).exists()


@pytest.mark.django_db
def test_a_manager_sets_the_term_and_places(client_for, manager, course):
    term = TermFactory(
        name="Spring 2027",
        starts_on=date(2027, 1, 4),
        ends_on=date(2027, 3, 26),
        enrolment_opens_on=date(2026, 12, 1),
    )
    client_for(manager).post(
        _url(course), {"form": "places", "places-capacity": 12, "places-term": term.pk}
    )
    course.refresh_from_db()
    assert (course.capacity, course.term) == (12, term)


@pytest.mark.django_db
def test_a_nonsense_date_gets_a_plain_error(client_for, manager, course, room):
    html = (
        client_for(manager)
        .post(_url(course), {"form": "s1", "s1-starts_at": "next tuesday", "s1-room": room.pk})
        .content.decode()
    )
    assert "Enter a date and a time, like 17/03/2027 10:00." in html


# Issue 12, cause 9: a start far in the future (or past) is a plain form error; nothing
# is booked.
@pytest.mark.django_db
@pytest.mark.parametrize("which", ["s1", "weekly"])
@pytest.mark.parametrize("starts_at", ["9999-12-31T23:59", "0001-01-01T00:00", "2099-01-01T10:00"])
def test_a_start_years_away_is_refused_and_nothing_is_booked(
    which, starts_at, client_for, manager, course, room
):
    response = client_for(manager).post(
        _url(course),
        {"form": which, f"{which}-starts_at": starts_at, f"{which}-room": room.pk},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a date" in page
    assert not ScheduledSession.objects.filter(course=course).exists()
