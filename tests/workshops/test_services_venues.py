"""Terms, venues and rooms (workshops/services/venues.py): issue 12, cause 8 — a term's
dates far outside any sensible year are refused in plain language, never an overflow."""

from datetime import date

import pytest
from django.urls import reverse

from workshops.errors import NotAllowed
from workshops.models import Term
from workshops.services import term_save

from ..factories import fresh, open_course_make


@pytest.fixture
def term(manager):
    return open_course_make(manager=manager).term


@pytest.mark.django_db
@pytest.mark.parametrize("ends_on", [date(9999, 12, 31), date(2201, 1, 1)])
def test_a_term_ending_far_in_the_future_is_refused_by_the_service(ends_on, term, manager):
    term.ends_on = ends_on
    with pytest.raises(NotAllowed) as refused:
        term_save(term=term, user=manager)
    assert refused.value.field == "ends_on"
    assert "between the years 1900 and 2200" in refused.value.message


@pytest.mark.django_db
@pytest.mark.parametrize("ends_on", ["9999-12-31", "0001-01-01"])
def test_a_term_form_with_a_far_off_date_says_so_and_saves_nothing(
    ends_on, term, manager, client_for
):
    before = (term.name, term.starts_on, term.ends_on)
    response = client_for(manager).post(
        reverse("workshops:term-edit", args=[term.pk]),
        {
            "name": "Renamed term",
            "starts_on": term.starts_on.isoformat(),
            "ends_on": ends_on,
            "enrolment_opens_on": term.enrolment_opens_on.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Enter a date between the years 1900 and 2200." in response.content.decode()
    assert "Renamed term" in response.content.decode()  # what was typed is kept
    term = fresh(term)
    assert (term.name, term.starts_on, term.ends_on) == before


@pytest.mark.django_db
def test_a_new_term_starting_in_year_one_is_refused(manager, client_for):
    response = client_for(manager).post(
        reverse("workshops:terms"),
        {
            "name": "Ancient",
            "starts_on": "0001-01-01",
            "ends_on": "2027-01-01",
            "enrolment_opens_on": "2026-12-01",
        },
    )
    assert "Enter a date between the years 1900 and 2200." in response.content.decode()
    assert not Term.objects.filter(name="Ancient").exists()
