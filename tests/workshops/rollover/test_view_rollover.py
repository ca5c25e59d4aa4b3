"""The page that rolls a term into another (views/rollover.py): managers only; the
preview shows new dates, clashes and ended pairings; confirming is one POST; bad input
is a plain error beside the field, never a 500."""

from datetime import date

import pytest
from django.urls import reverse

from trainers.models import Pairing
from workshops.models import Course

from ...factories import PairingFactory, ScheduledSessionFactory, TermFactory
from .support import at, course_that_ran

pytestmark = pytest.mark.django_db


@pytest.fixture
def weekly(active_pairing, autumn, garden):
    return course_that_ran(
        active_pairing,
        autumn,
        starts=[at(date(2026, 9, 15), 14), at(date(2026, 9, 22), 14)],
        room=garden,
        title="Managing stress",
    )


def _url(term):
    return reverse("workshops:term-rollover", args=[term.pk])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("student", 403),
        ("peer_trainer", 403),
        ("practitioner_trainer", 403),
        ("outsider_trainer", 403),
        ("manager", 200),
    ],
)
def test_only_managers_open_the_page(request, client_for, weekly, autumn, who, status):
    user = request.getfixturevalue(who)

    assert client_for(user).get(_url(autumn)).status_code == status


def test_anonymous_people_are_asked_to_log_in(client_for, autumn):
    response = client_for(None).get(_url(autumn))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["student", "peer_trainer", "practitioner_trainer"])
def test_nobody_but_a_manager_can_confirm(request, client_for, weekly, autumn, spring, who):
    response = client_for(request.getfixturevalue(who)).post(
        _url(autumn), {"target": spring.pk, "course": [weekly.pk]}
    )

    assert response.status_code == 403
    assert not Course.objects.filter(term=spring).exists()


def test_an_unknown_term_is_not_found(client_for, manager):
    response = client_for(manager).get(reverse("workshops:term-rollover", args=[999]))

    assert response.status_code == 404


def test_the_terms_page_has_a_roll_over_link_for_a_term_with_courses(
    client_for, manager, weekly, autumn, spring
):
    page = client_for(manager).get(reverse("workshops:terms")).content.decode()

    assert _url(autumn) in page
    assert _url(spring) not in page  # nothing to roll over yet


def test_the_preview_shows_the_new_dates_and_copies_nothing(
    client_for, manager, weekly, autumn, spring
):
    response = client_for(manager).get(_url(autumn), {"target": spring.pk})

    page = response.content.decode()
    assert "Tuesday 12 January 2027, 14:00–15:30" in page
    assert "Tuesday 19 January 2027, 14:00–15:30" in page
    assert "Copy the ticked courses into Spring 2027" in page
    assert not Course.objects.filter(term=spring).exists()


def test_the_preview_lists_clashes_with_a_link_and_ended_pairings(
    client_for, manager, weekly, autumn, spring, garden
):
    other = ScheduledSessionFactory(
        course__title="Hearing voices",
        starts_at=at(date(2027, 1, 19), 14),
        ends_at=at(date(2027, 1, 19), 15),
        room=garden,
    )
    ended = PairingFactory(active=True, start_date=date(2026, 6, 1))
    course_that_ran(ended, autumn, starts=[at(date(2026, 9, 8), 10)], title="Recovery and hope")
    Pairing.objects.filter(pk=ended.pk).update(status="ended", end_date=date(2026, 11, 30))

    page = client_for(manager).get(_url(autumn), {"target": spring.pk}).content.decode()

    assert "Garden Room, Oak House is already booked then" in page
    assert reverse("workshops:course-schedule", args=[other.course.pk]) in page
    assert "Needs a new pairing (1)" in page
    assert "Recovery and hope" in page


def test_the_preview_can_be_narrowed_to_one_pairing(client_for, manager, weekly, autumn, spring):
    others = PairingFactory(active=True)
    course_that_ran(others, autumn, starts=[at(date(2026, 9, 8), 10)], title="Sleep well")

    page = (
        client_for(manager)
        .get(_url(autumn), {"target": spring.pk, "pairing": others.pk})
        .content.decode()
    )

    assert "Sleep well" in page
    assert "Managing stress" not in page


def test_confirming_copies_and_comes_back_to_the_copies(
    client_for, manager, weekly, autumn, spring
):
    client = client_for(manager)

    response = client.post(
        _url(autumn),
        {"target": spring.pk, "pairing": "", "topic": "", "course": [weekly.pk]},
        follow=True,
    )

    copy = Course.objects.get(term=spring, copied_from=weekly)
    page = response.content.decode()
    assert "1 course copied into Spring 2027 as drafts" in page
    assert "Already in Spring 2027 (1)" in page
    assert reverse("workshops:course-detail", args=[copy.pk]) in page
    assert copy.status == "draft"


def test_posting_twice_copies_once(client_for, manager, weekly, autumn, spring):
    client = client_for(manager)
    data = {"target": spring.pk, "course": [weekly.pk]}

    client.post(_url(autumn), data)
    response = client.post(_url(autumn), data, follow=True)

    assert Course.objects.filter(copied_from=weekly).count() == 1
    assert "Nothing was copied" in response.content.decode()


def test_the_preview_takes_the_same_number_of_queries_for_2_or_10_courses(
    client_for, manager, autumn, spring, django_assert_max_num_queries
):
    client = client_for(manager)

    def queries(count):
        for _ in range(count):
            course_that_ran(PairingFactory(active=True), autumn, starts=[at(date(2026, 9, 8), 10)])
        with django_assert_max_num_queries(16) as captured:
            assert client.get(_url(autumn), {"target": spring.pk}).status_code == 200
        return len(captured)

    assert queries(2) == queries(10)


# Bad input: a plain error beside the field, nothing copied, never a 500.


def _error_page(response) -> str:
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    return page


def test_the_same_term_is_a_plain_error(client_for, manager, weekly, autumn):
    page = _error_page(client_for(manager).get(_url(autumn), {"target": autumn.pk}))

    assert "Choose a term other than Autumn 2026 that has not ended yet." in page


def test_a_term_that_has_ended_is_a_plain_error(client_for, manager, weekly, autumn):
    summer = TermFactory(
        name="Summer 2026",
        starts_on=date(2026, 4, 20),
        ends_on=date(2026, 7, 17),
        enrolment_opens_on=date(2026, 4, 1),
    )

    response = client_for(manager).post(_url(autumn), {"target": summer.pk, "course": [weekly.pk]})

    assert "Choose a term other than Autumn 2026 that has not ended yet." in _error_page(response)
    assert not Course.objects.filter(term=summer).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"target": "abc"},
        {"target": "99999999999999999999999"},
        {"target": ""},
        {"target": "SPRING", "pairing": "x", "topic": "\x00"},
    ],
    ids=["letters", "huge", "empty", "garbage"],
)
def test_nonsense_in_the_query_is_a_plain_error(client_for, manager, weekly, autumn, data):
    _error_page(client_for(manager).get(_url(autumn), data))


def test_a_pairing_without_courses_in_the_term_is_a_plain_error(
    client_for, manager, weekly, autumn, spring
):
    stranger = PairingFactory(active=True)

    page = _error_page(
        client_for(manager).get(_url(autumn), {"target": spring.pk, "pairing": stranger.pk})
    )

    assert "Choose one of the pairings with courses in Autumn 2026" in page


def test_confirming_with_nothing_ticked_is_a_plain_error(
    client_for, manager, weekly, autumn, spring
):
    response = client_for(manager).post(_url(autumn), {"target": spring.pk})

    assert "Choose at least one course to copy." in _error_page(response)
    assert not Course.objects.filter(term=spring).exists()


def test_confirming_a_course_of_another_term_is_a_plain_error(
    client_for, manager, weekly, autumn, spring, active_pairing
):
    stranger = course_that_ran(active_pairing, spring, starts=[at(date(2027, 2, 1), 10)])

    response = client_for(manager).post(
        _url(autumn), {"target": spring.pk, "course": [weekly.pk, stranger.pk]}
    )

    assert "Some of the courses chosen are not in this term" in _error_page(response)
    assert not Course.objects.filter(copied_from__isnull=False).exists()
