"""Lead balance (who leads how much of the time, with friendly warnings) and agenda times."""

from datetime import time

import pytest

from workshops.balance import balance_of, with_start_times
from workshops.models import CollegeSettings, Section
from workshops.selectors import course_balance

from ..factories import SectionFactory


def sections(*pairs) -> list[Section]:
    """Unsaved sections from (lead, minutes) pairs: balance arithmetic needs no database."""
    return [
        Section(title=f"Part {n}", lead=lead, minutes=minutes)
        for n, (lead, minutes) in enumerate(pairs, start=1)
    ]


PEER_WARNING = "The Peer Trainer does not lead any part yet"
PRACTITIONER_WARNING = "The Practitioner Trainer does not lead any part yet"


# Arithmetic


def test_balance_adds_up_the_minutes_each_leads():
    balance = balance_of(
        sections(("peer", 20), ("practitioner", 60), ("shared", 15), ("peer", 10), ("shared", 15))
    )

    assert (balance.peer, balance.practitioner, balance.shared, balance.total) == (
        30,
        60,
        30,
        120,
    )


def test_balance_gives_each_share_as_a_percentage():
    balance = balance_of(sections(("peer", 30), ("practitioner", 60), ("shared", 30)))

    assert (balance.peer_pct, balance.practitioner_pct, balance.shared_pct) == (25, 50, 25)


@pytest.mark.parametrize(
    "minutes",
    [(10, 10, 10), (7, 11, 13), (1, 1, 198), (45, 44, 1), (3, 5, 0)],
    ids=str,
)
def test_balance_percentages_always_add_up_to_100(minutes):
    peer, practitioner, shared = minutes
    balance = balance_of(
        sections(("peer", peer), ("practitioner", practitioner), ("shared", shared))
    )

    assert balance.peer_pct + balance.practitioner_pct + balance.shared_pct == 100


def test_balance_peer_or_shared_share_counts_both():
    balance = balance_of(sections(("peer", 30), ("practitioner", 60), ("shared", 30)))

    assert balance.peer_or_shared_pct == 50


def test_balance_text_alternative_mentions_every_number():
    balance = balance_of(sections(("peer", 30), ("practitioner", 60), ("shared", 30)))

    assert balance.text == (
        "Peer Trainer leads 30 minutes (25%), Practitioner Trainer 60 minutes (50%), "
        "both together 30 minutes (25%)."
    )


# Warnings


def test_a_plan_the_peer_leads_no_part_of_warns_naming_the_peer_trainer():
    balance = balance_of(sections(("practitioner", 60), ("practitioner", 30)))

    assert len(balance.warnings) == 1
    assert PEER_WARNING in balance.warnings[0]


def test_a_plan_the_practitioner_leads_no_part_of_warns():
    balance = balance_of(sections(("peer", 60), ("peer", 30)))

    assert len(balance.warnings) == 1
    assert PRACTITIONER_WARNING in balance.warnings[0]


def test_a_plan_with_a_shared_part_has_no_leads_nothing_warnings():
    balance = balance_of(sections(("practitioner", 60), ("shared", 40)))

    assert balance.warnings == []


def test_peer_and_shared_under_the_threshold_warns_with_the_percentage():
    balance = balance_of(sections(("peer", 10), ("shared", 10), ("practitioner", 80)), threshold=30)

    assert balance.warnings == [
        "The Peer Trainer leads or shares 20% of the time, under the college's 30%. "
        "Co-delivery is more than an assisting role: could more be led together?"
    ]


def test_peer_and_shared_exactly_at_the_threshold_does_not_warn():
    balance = balance_of(sections(("peer", 15), ("shared", 15), ("practitioner", 70)), threshold=30)

    assert balance.warnings == []


def test_the_threshold_is_the_one_given():
    balance = balance_of(sections(("peer", 40), ("practitioner", 60)), threshold=50)

    assert len(balance.warnings) == 1
    assert "40% of the time, under the college's 50%" in balance.warnings[0]


def test_an_empty_plan_has_no_warnings():
    assert balance_of([]).warnings == []


def test_an_empty_plan_says_it_has_no_timed_sections():
    balance = balance_of([])

    assert balance.text == "No timed sections yet."
    assert (balance.peer_pct, balance.practitioner_pct, balance.shared_pct) == (0, 0, 0)


# Agenda times


def test_with_start_times_times_each_section_like_an_agenda():
    timed = with_start_times(
        sections(("shared", 15), ("peer", 30), ("practitioner", 20)), time(10, 0)
    )

    assert [(s.starts_at, s.ends_at) for s in timed] == [
        (time(10, 0), time(10, 15)),
        (time(10, 15), time(10, 45)),
        (time(10, 45), time(11, 5)),
    ]


def test_with_start_times_carries_on_past_midnight():
    timed = with_start_times(sections(("shared", 15), ("peer", 30), ("peer", 30)), time(23, 30))

    assert [(s.starts_at, s.ends_at) for s in timed] == [
        (time(23, 30), time(23, 45)),
        (time(23, 45), time(0, 15)),
        (time(0, 15), time(0, 45)),
    ]


def test_with_start_times_of_no_sections_is_empty():
    assert with_start_times([], time(10, 0)) == []


# Over a whole course


@pytest.fixture
def course(course):
    """The shared draft `course` (two sessions, each opening with the 15-minute shared
    welcome), plus more sections."""
    first, second = course.plans.order_by("number")
    SectionFactory(plan=first, position=2, title="My story", minutes=30, lead="peer")
    SectionFactory(plan=first, position=3, title="Facts", minutes=40, lead="practitioner")
    SectionFactory(plan=second, position=2, title="Skills", minutes=20, lead="peer")
    SectionFactory(plan=second, position=3, title="Q&A", minutes=20, lead="practitioner")
    return course


@pytest.mark.django_db
def test_course_balance_sums_every_plan_in_one_query(course, django_assert_num_queries):
    with django_assert_num_queries(1):
        balance = course_balance(course, threshold=30)

    assert (balance.peer, balance.practitioner, balance.shared) == (50, 60, 30)


@pytest.mark.django_db
def test_course_balance_uses_the_college_threshold(course):
    CollegeSettings.objects.update_or_create(pk=1, defaults={"peer_share_threshold": 60})

    balance = course_balance(course)

    assert balance.threshold == 60
    assert "57% of the time, under the college's 60%" in balance.warnings[0]
