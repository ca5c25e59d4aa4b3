"""Who may open the managers' pages for terms, venues and rooms: anonymous people are
asked to log in, students and trainers are refused, managers open every page, and a
refused post changes nothing."""

import pytest
from django.urls import reverse

from workshops.models import Venue

from .support import (
    TERMS,
    VENUES,
    room_fields,
    room_row,
    room_url,
    term_edit_url,
    term_fields,
    term_row,
    venue_url,
)

PAGES = ["terms", "term-edit", "venues", "venue-edit", "room-edit"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_anonymous_people_are_asked_to_log_in(page, client, page_urls):
    response = client.get(page_urls[page])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "role", ["student", "peer_trainer", "practitioner_trainer", "outsider_trainer"]
)
def test_students_and_trainers_are_forbidden(role, page, request, client_for, page_urls):
    client = client_for(request.getfixturevalue(role))
    assert client.get(page_urls[page]).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_managers_open_every_page(page, client_for, manager, page_urls):
    assert client_for(manager).get(page_urls[page]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["student", "peer_trainer"])
def test_a_forbidden_post_changes_nothing(role, request, client_for, term, venue, room):
    client = client_for(request.getfixturevalue(role))
    before = (term_row(term), room_row(room), Venue.objects.count())
    assert client.post(TERMS, term_fields(name="Summer 2027")).status_code == 403
    assert client.post(term_edit_url(term), term_fields(name="Renamed")).status_code == 403
    assert client.post(VENUES, {"name": "New place", "address": "1 Road"}).status_code == 403
    assert (
        client.post(venue_url(venue), {"room-name": "Attic", "room-capacity": 5}).status_code == 403
    )
    assert client.post(room_url(room), room_fields(room, capacity=1)).status_code == 403
    assert (term_row(term), room_row(room), Venue.objects.count()) == before
