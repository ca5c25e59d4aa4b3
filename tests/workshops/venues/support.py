"""Shared by the tests of the managers' pages for terms, venues and rooms: their
addresses, the forms as the pages post them, a row as the database holds it, and quick
ways to fill the lists."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workshops.models import Room, Term, Venue

TERMS = reverse("workshops:terms")


VENUES = reverse("workshops:venues")


def term_edit_url(term):
    return reverse("workshops:term-edit", args=[term.pk])


def venue_url(venue):
    return reverse("workshops:venue-edit", args=[venue.pk])


def room_url(room):
    return reverse("workshops:room-edit", args=[room.pk])


def term_fields(**changes) -> dict:
    return {
        "name": "Spring 2027",
        "starts_on": "2027-01-04",
        "ends_on": "2027-03-26",
        "enrolment_opens_on": "2026-12-01",
        **changes,
    }


def room_fields(room, **changes) -> dict:
    """The room edit form as the page would post it, with changes (False unticks a box)."""
    fields = {
        "name": room.name,
        "capacity": room.capacity,
        **{
            box: "on"
            for box in ("step_free_access", "hearing_loop", "accessible_toilet", "quiet_space")
            if getattr(room, box)
        },
    }
    fields.update(changes)
    return {key: value for key, value in fields.items() if value is not False}


def room_row(room) -> tuple:
    return Room.objects.filter(pk=room.pk).values_list(
        "venue_id",
        "name",
        "capacity",
        "step_free_access",
        "hearing_loop",
        "accessible_toilet",
        "quiet_space",
    )[0]


def term_row(term) -> tuple:
    return Term.objects.filter(pk=term.pk).values_list(
        "name", "starts_on", "ends_on", "enrolment_opens_on"
    )[0]


def term_dates(term, **changes) -> dict:
    fields = {
        "name": term.name,
        "starts_on": term.starts_on.isoformat(),
        "ends_on": term.ends_on.isoformat(),
        "enrolment_opens_on": term.enrolment_opens_on.isoformat(),
    }
    return {**fields, **{k: v.isoformat() for k, v in changes.items()}}


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def venues_make(count, rooms_each, start=0):
    for v in range(start, start + count):
        venue = Venue.objects.create(name=f"Venue {v:02}", address=f"{v} High Street")
        Room.objects.bulk_create(
            Room(venue=venue, name=f"Room {r}", capacity=10 + r, hearing_loop=r % 2 == 0)
            for r in range(rooms_each)
        )


def terms_make(count, start=0):
    Term.objects.bulk_create(
        Term(
            name=f"Term {t:02}",
            starts_on=date(2027, 1, 1) + timedelta(days=100 * t),
            ends_on=date(2027, 3, 1) + timedelta(days=100 * t),
            enrolment_opens_on=date(2026, 12, 1) + timedelta(days=100 * t),
        )
        for t in range(start, start + count)
    )
