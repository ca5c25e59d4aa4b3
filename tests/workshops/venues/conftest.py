"""The managers' pages for terms, venues and rooms: the Spring 2027 term, Oak House and
its Garden Room (from ../conftest.py), another venue, published courses whose dates and
places these pages must protect, and the address of every page."""

from datetime import date

import pytest

from ...factories import TermFactory, VenueFactory, open_course_make
from .support import TERMS, VENUES, room_url, term_edit_url, venue_url


@pytest.fixture
def term(db):
    return TermFactory(
        name="Spring 2027",
        starts_on=date(2027, 1, 4),
        ends_on=date(2027, 3, 26),
        enrolment_opens_on=date(2026, 12, 1),
    )


@pytest.fixture
def other_venue(db):
    return VenueFactory(name="Riverside Community Centre", address="2 Wharf Road")


@pytest.fixture
def page_urls(term, venue, room):
    return {
        "terms": TERMS,
        "term-edit": term_edit_url(term),
        "venues": VENUES,
        "venue-edit": venue_url(venue),
        "room-edit": room_url(room),
    }


@pytest.fixture
def published_course(manager):
    """A published online course, sessions 10 and 17 days from now at 10:00, in a term
    from a week ago to 120 days from now."""
    return open_course_make(manager=manager)


@pytest.fixture
def booked_course(manager, room):
    """A published course with 10 places, both sessions in the 14-person Garden Room."""
    return open_course_make(manager=manager, room=room, capacity=10)
