"""Terms (workshops:terms, term-edit): adding and listing, dates refused in plain words
keeping what was typed, a term that cannot shrink past a published session, and a list
whose queries do not grow."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from workshops.models import Term

from .support import (
    TERMS,
    queries_for,
    term_dates,
    term_edit_url,
    term_fields,
    term_row,
    terms_make,
)


@pytest.mark.django_db
def test_a_manager_adds_a_term_and_it_is_listed_with_its_dates(client_for, manager):
    client = client_for(manager)
    response = client.post(TERMS, term_fields())
    assert response.status_code == 302
    assert response["Location"] == TERMS
    saved = Term.objects.get()
    assert term_row(saved) == (
        "Spring 2027",
        date(2027, 1, 4),
        date(2027, 3, 26),
        date(2026, 12, 1),
    )
    html = client.get(TERMS).content.decode()
    assert "Spring 2027 is added." in html
    assert "<td>Spring 2027</td><td>4 Jan 2027 to 26 Mar 2027</td><td>1 Dec 2026</td>" in html
    assert "0 published of 0" in html


@pytest.mark.django_db
def test_a_last_day_before_the_first_day_is_refused_keeping_what_was_typed(client_for, manager):
    response = client_for(manager).post(
        TERMS, term_fields(name="Autumn 2027", starts_on="2027-09-20", ends_on="2027-09-01")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The last day must be on or after the first day." in html
    assert 'value="Autumn 2027"' in html
    assert 'value="2027-09-20"' in html
    assert not Term.objects.exists()


@pytest.mark.django_db
def test_enrolment_opening_after_the_term_ends_is_refused(client_for, manager):
    response = client_for(manager).post(TERMS, term_fields(enrolment_opens_on="2027-04-01"))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "enrolment_opens_on": ["Enrolment must open before the term ends."]
    }
    assert "Enrolment must open before the term ends." in response.content.decode()
    assert not Term.objects.exists()


@pytest.mark.django_db
def test_a_second_term_with_the_same_name_is_refused(client_for, manager, term):
    response = client_for(manager).post(
        TERMS, term_fields(starts_on="2028-01-04", ends_on="2028-03-26")
    )
    assert response.status_code == 200
    assert "There is already a term with this name." in response.content.decode()
    assert Term.objects.count() == 1


@pytest.mark.django_db
def test_missing_dates_get_plain_required_errors(client_for, manager):
    response = client_for(manager).post(
        TERMS, term_fields(starts_on="", ends_on="", enrolment_opens_on="")
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "starts_on": ["Enter the first day of the term."],
        "ends_on": ["Enter the last day of the term."],
        "enrolment_opens_on": ["Enter the day enrolment opens."],
    }
    html = response.content.decode()
    assert "First day of the term: Enter the first day of the term." in html
    assert 'value="Spring 2027"' in html
    assert not Term.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("nonsense", ["31/02/2027", "2027-02-31", "next tuesday"])
def test_a_date_that_does_not_exist_gets_a_plain_error(nonsense, client_for, manager):
    response = client_for(manager).post(TERMS, term_fields(ends_on=nonsense))
    assert response.status_code == 200
    not_a_date = "Enter a real date, for example 17/03/2027."
    assert response.context["form"].errors == {"ends_on": [not_a_date]}
    assert f"Last day of the term: {not_a_date}" in response.content.decode()
    assert not Term.objects.exists()


@pytest.mark.django_db
def test_a_date_that_does_not_exist_is_refused_when_changing_a_term_too(client_for, manager, term):
    before = term_row(term)
    response = client_for(manager).post(term_edit_url(term), term_fields(starts_on="31/02/2027"))
    assert response.status_code == 200
    assert "Enter a real date, for example 17/03/2027." in response.content.decode()
    assert term_row(term) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "shrink",
    [
        pytest.param({"ends_on": 12}, id="ends before the second session"),
        pytest.param({"starts_on": 11}, id="starts after the first session"),
    ],
)
def test_a_term_cannot_shrink_past_a_published_session(
    shrink, client_for, manager, published_course
):
    term = published_course.term
    before = term_row(term)
    today = timezone.localdate()
    changes = {key: today + timedelta(days=days) for key, days in shrink.items()}
    response = client_for(manager).post(term_edit_url(term), term_dates(term, **changes))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "“Understanding anxiety” has a session outside these dates." in html
    assert term_row(term) == before


@pytest.mark.django_db
def test_a_term_may_shrink_to_its_published_sessions(client_for, manager, published_course):
    term = published_course.term
    first, last = (s.starts_at for s in published_course.sessions.order_by("starts_at"))
    new_start = timezone.localtime(first).date()
    new_end = timezone.localtime(last).date()
    response = client_for(manager).post(
        term_edit_url(term),
        term_dates(term, starts_on=new_start, ends_on=new_end, enrolment_opens_on=new_start),
    )
    assert response.status_code == 302
    assert response["Location"] == TERMS
    term.refresh_from_db()
    assert (term.starts_on, term.ends_on) == (new_start, new_end)


@pytest.mark.django_db
def test_the_term_list_counts_its_published_courses(client_for, manager, published_course):
    html = client_for(manager).get(TERMS).content.decode()
    assert published_course.term.name in html
    assert "1 published of 1" in html


@pytest.mark.django_db
def test_a_refused_term_rename_keeps_the_page_named_after_the_saved_term(client_for, manager, term):
    Term.objects.create(
        name="Summer 2027",
        starts_on=date(2027, 4, 19),
        ends_on=date(2027, 7, 9),
        enrolment_opens_on=date(2027, 3, 1),
    )
    response = client_for(manager).post(term_edit_url(term), term_fields(name="Summer 2027"))
    html = response.content.decode()
    assert "There is already a term with this name." in html
    assert term_row(term)[0] == "Spring 2027"
    # The page is still about Spring 2027: its heading and breadcrumb say so.
    assert "<h1>Change Spring 2027</h1>" in html
    assert 'aria-current="page">Spring 2027</li>' in html


@pytest.mark.django_db
def test_the_term_list_costs_the_same_for_2_and_20_terms(client_for, manager):
    client = client_for(manager)
    terms_make(2)
    small = queries_for(client, TERMS)
    terms_make(18, start=2)
    assert client.get(TERMS).content.decode().count("published of 0") == 20
    large = queries_for(client, TERMS)
    assert large == small
    # Session, user, trainer, two permission look-ups, terms, session save (3).
    assert small == 4
