"""Rolling a term into the next (services/rollover.py, selectors/rollover.py): sessions
keep their weekday, time and intervals from the new term's start; clashes are listed and
left unbooked; copies are drafts both trainers agree again, and each trainer is told once;
ended pairings are listed, not copied; nothing is copied twice."""

from datetime import date, timedelta

import pytest

from recovery_college.notifications.models import OutboxMessage
from trainers.models import Pairing
from workshops.errors import NotAllowed
from workshops.models import Course, CourseSignOff, ScheduledSession
from workshops.selectors.rollover import (
    rollover_plan,
    rollover_source_courses,
    session_times_map,
)
from workshops.services import course_agree, term_rollover
from workshops.snapshots import course_snapshot

from ...factories import (
    PairingFactory,
    ScheduledSessionFactory,
    TermFactory,
    TopicFactory,
    add_section,
    make_course,
)
from .support import at, course_that_ran, spring_term

pytestmark = pytest.mark.django_db


@pytest.fixture
def weekly(active_pairing, autumn, garden):
    """Tuesdays at 14:00 (British Summer Time) from the second week of autumn, weekly."""
    first = at(date(2026, 9, 15), 14)
    return course_that_ran(
        active_pairing,
        autumn,
        starts=[first, first + timedelta(weeks=1), first + timedelta(weeks=2)],
        room=garden,
        title="Managing stress",
    )


def _roll(manager, autumn, spring, *courses):
    return term_rollover(
        user=manager, source=autumn, target=spring, course_ids=[c.pk for c in courses]
    )


def _copy_of(course, term):
    return Course.objects.get(copied_from=course, term=term)


def _booked(copy):
    return list(
        ScheduledSession.objects.filter(course=copy)
        .order_by("number")
        .values_list("number", "starts_at")
    )


# Dates: weekday, time and interval.


def test_sessions_keep_their_weekday_time_and_week_from_the_new_terms_start(
    weekly, autumn, spring, manager
):
    _roll(manager, autumn, spring, weekly)

    copy = _copy_of(weekly, spring)
    assert _booked(copy) == [
        (1, at(date(2027, 1, 12), 14)),  # Tuesday of the second week, 14:00 GMT now
        (2, at(date(2027, 1, 19), 14)),
        (3, at(date(2027, 1, 26), 14)),
    ]


def test_a_fortnightly_course_stays_fortnightly(active_pairing, autumn, spring, manager):
    first = at(date(2026, 9, 17), 18, 30)
    course = course_that_ran(
        active_pairing, autumn, starts=[first, first + timedelta(weeks=2)], title="Sleep"
    )

    _roll(manager, autumn, spring, course)

    assert _booked(_copy_of(course, spring)) == [
        (1, at(date(2027, 1, 14), 18, 30)),
        (2, at(date(2027, 1, 28), 18, 30)),
    ]


def test_a_first_session_before_the_new_term_starts_moves_a_week_later():
    """Autumn's first Monday maps to the Monday before spring's first Wednesday."""
    source = TermFactory.build(starts_on=date(2026, 9, 7))
    target = TermFactory.build(starts_on=date(2027, 1, 6))
    starts = [at(date(2026, 9, 7), 10), at(date(2026, 9, 9), 10)]

    assert session_times_map(starts=starts, source=source, target=target) == [
        at(date(2027, 1, 11), 10),
        at(date(2027, 1, 13), 10),
    ]


def test_a_session_after_the_new_term_ends_is_listed_and_not_booked(weekly, autumn, manager):
    short = spring_term(name="Short spring", ends_on=date(2027, 1, 22))

    plan = _roll(manager, autumn, short, weekly)

    [item] = plan.to_copy
    assert [s.number for s in item.clashes] == [3]
    assert "after Short spring ends" in item.clashes[0].clash
    assert [n for n, _ in _booked(item.copy)] == [1, 2]


def test_an_online_session_is_copied_with_its_joining_link(active_pairing, autumn, spring, manager):
    course = course_that_ran(active_pairing, autumn, starts=[at(date(2026, 9, 10), 19)])
    ScheduledSession.objects.filter(course=course).update(
        room=None, online_link="https://meet.example.org/evening"
    )

    _roll(manager, autumn, spring, course)

    session = ScheduledSession.objects.get(course=_copy_of(course, spring))
    assert (session.room, session.online_link) == (None, "https://meet.example.org/evening")
    assert session.starts_at == at(date(2027, 1, 7), 19)  # Thursday of the first week


def test_into_a_term_already_under_way_sessions_already_past_are_listed(weekly, autumn, manager):
    winter = spring_term(
        name="Winter", starts_on=date(2026, 11, 16), enrolment_opens_on=date(2026, 11, 1)
    )

    plan = _roll(manager, autumn, winter, weekly)

    [item] = plan.to_copy
    assert [(s.number, s.clash) for s in item.clashes] == [
        (1, "Tuesday 24 November 2026 has already passed.")
    ]
    assert _booked(item.copy) == [
        (2, at(date(2026, 12, 1), 14)),
        (3, at(date(2026, 12, 8), 14)),
    ]


# Clashes.


def test_a_room_already_booked_then_is_a_clash_naming_the_other_course(
    weekly, autumn, spring, garden, manager
):
    other = ScheduledSessionFactory(
        course__title="Hearing voices",
        course__term=spring,
        starts_at=at(date(2027, 1, 19), 13),
        ends_at=at(date(2027, 1, 19), 15),
        room=garden,
    )

    plan = rollover_plan(
        source=autumn, target=spring, courses=rollover_source_courses(source=autumn)
    )

    [item] = plan.to_copy
    [clash] = item.clashes
    assert clash.number == 2
    assert clash.clash.startswith("Garden Room, Oak House is already booked then")
    assert "“Hearing voices” session 1" in clash.clash
    assert clash.clash_with == other.course


def test_a_trainer_already_teaching_then_is_a_clash(
    weekly, autumn, spring, active_pairing, manager
):
    elsewhere = PairingFactory(peer=active_pairing.peer, active=True)
    ScheduledSessionFactory(
        course__pairing=elsewhere,
        course__term=spring,
        starts_at=at(date(2027, 1, 26), 15),
        ends_at=at(date(2027, 1, 26), 16),
    )

    plan = _roll(manager, autumn, spring, weekly)

    [item] = plan.to_copy
    [clash] = item.clashes
    assert (clash.number, clash.clash[:28]) == (3, "Pat Peer is already teaching")
    assert [n for n, _ in _booked(item.copy)] == [1, 2]


def test_two_courses_of_the_rollover_in_one_room_at_once_clash_with_each_other(
    active_pairing, autumn, spring, garden, manager
):
    """Autumn's first-Monday course moves a week later and lands on the other one."""
    first = course_that_ran(
        active_pairing, autumn, starts=[at(date(2026, 9, 7), 10)], room=garden, title="A"
    )
    others = PairingFactory(active=True)
    second = course_that_ran(
        others, autumn, starts=[at(date(2026, 9, 14), 10)], room=garden, title="B"
    )

    plan = _roll(manager, autumn, spring, first, second)

    a, b = plan.to_copy
    assert a.clashes == []
    assert "the copy of “A” session 1, in this rollover" in b.clashes[0].clash
    assert ScheduledSession.objects.filter(room=garden, course__term=spring).count() == 1


# Copies: drafts that both agree again.


def test_the_copy_is_a_draft_of_the_same_pairing_with_the_same_plans_and_places(
    weekly, autumn, spring, manager, peer_trainer
):
    add_section(weekly, peer_trainer, title="Noticing stress")
    weekly.refresh_from_db()

    _roll(manager, autumn, spring, weekly)

    copy = _copy_of(weekly, spring)
    assert (copy.pairing, copy.status, copy.version, copy.capacity, copy.term) == (
        weekly.pairing,
        "draft",
        1,
        12,
        spring,
    )
    assert course_snapshot(copy) == course_snapshot(weekly)
    assert copy.live_version is None


def test_no_sign_off_is_carried_so_both_trainers_must_agree_again(
    weekly, autumn, spring, manager, peer_trainer, practitioner_trainer
):
    _roll(manager, autumn, spring, weekly)
    copy = _copy_of(weekly, spring)
    assert not CourseSignOff.objects.filter(course=copy).exists()

    course_agree(course=copy, user=peer_trainer, version=copy.version)
    copy.refresh_from_db()
    assert copy.status == "draft"

    course_agree(course=copy, user=practitioner_trainer, version=copy.version)
    copy.refresh_from_db()
    assert copy.status == "agreed"


def test_the_source_course_is_left_as_it_was(weekly, autumn, spring, manager):
    before = (course_snapshot(weekly), weekly.status, weekly.term_id, weekly.version)

    _roll(manager, autumn, spring, weekly)

    weekly.refresh_from_db()
    assert (course_snapshot(weekly), weekly.status, weekly.term_id, weekly.version) == before


def test_each_trainer_is_told_once_listing_all_their_copied_courses(
    weekly, autumn, spring, active_pairing, manager, peer_trainer, practitioner_trainer
):
    second = course_that_ran(
        active_pairing, autumn, starts=[at(date(2026, 10, 1), 10)], title="Sleep well"
    )

    _roll(manager, autumn, spring, weekly, second)
    _roll(manager, autumn, spring, weekly, second)  # a second go copies and tells nothing

    messages = OutboxMessage.objects.filter(idempotency_key__startswith="rollover:")
    assert sorted(m.to for m in messages) == sorted(
        [peer_trainer.email, practitioner_trainer.email]
    )
    for message in messages:
        assert "“Managing stress”" in message.body and "“Sleep well”" in message.body
        assert "both agree it again" in message.body


def test_the_email_says_which_sessions_still_need_a_date(weekly, autumn, manager):
    _roll(manager, autumn, spring_term(name="Short", ends_on=date(2027, 1, 22)), weekly)

    message = OutboxMessage.objects.filter(idempotency_key__startswith="rollover:").first()
    assert "One session still needs a date" in message.body


# Ended pairings, and not copying twice.


def test_a_course_whose_pairing_has_ended_is_listed_as_needing_a_new_pairing(
    weekly, autumn, spring, manager
):
    ended = PairingFactory(active=True, start_date=date(2026, 6, 1))
    old = course_that_ran(ended, autumn, starts=[at(date(2026, 9, 21), 10)], title="Hope")
    Pairing.objects.filter(pk=ended.pk).update(status="ended", end_date=date(2026, 11, 30))

    plan = _roll(manager, autumn, spring, weekly, old)

    assert plan.needs_pairing == [old]
    assert [item.source for item in plan.to_copy] == [weekly]
    assert not Course.objects.filter(copied_from=old).exists()


def test_a_course_whose_trainer_has_left_needs_a_new_pairing(
    weekly, autumn, spring, active_pairing
):
    active_pairing.practitioner.is_active = False
    active_pairing.practitioner.save()

    plan = rollover_plan(source=autumn, target=spring, courses=[weekly])

    assert (plan.needs_pairing, plan.to_copy) == ([weekly], [])


def test_a_course_already_copied_into_the_term_is_not_copied_again(weekly, autumn, spring, manager):
    first = _roll(manager, autumn, spring, weekly)

    second = _roll(manager, autumn, spring, weekly)

    assert Course.objects.filter(copied_from=weekly).count() == 1
    assert second.to_copy == []
    assert second.already_copied == [first.to_copy[0].copy]


def test_a_cancelled_copy_does_not_count_as_already_copied(weekly, autumn, spring, manager):
    first = _roll(manager, autumn, spring, weekly)
    Course.objects.filter(pk=first.to_copy[0].copy.pk).update(status="cancelled")

    second = _roll(manager, autumn, spring, weekly)

    assert len(second.to_copy) == 1
    assert Course.objects.filter(copied_from=weekly).count() == 2


# Choosing the courses.


def test_courses_can_be_chosen_by_pairing_or_topic(weekly, autumn, active_pairing):
    sleep = TopicFactory(name="Sleep")
    others = PairingFactory(active=True)
    theirs = course_that_ran(others, autumn, starts=[at(date(2026, 9, 8), 10)], topic=sleep)
    cancelled = course_that_ran(others, autumn, starts=[at(date(2026, 9, 9), 10)])
    Course.objects.filter(pk=cancelled.pk).update(status="cancelled")

    assert rollover_source_courses(source=autumn, pairing_id=others.pk) == [theirs]
    assert rollover_source_courses(source=autumn, topic_id=sleep.pk) == [theirs]
    assert {c.pk for c in rollover_source_courses(source=autumn)} == {weekly.pk, theirs.pk}


def test_the_preview_takes_the_same_number_of_queries_for_2_or_10_courses(
    autumn, spring, django_assert_max_num_queries
):
    def preview_queries(count):
        for _ in range(count):
            course_that_ran(PairingFactory(active=True), autumn, starts=[at(date(2026, 9, 8), 10)])
        with django_assert_max_num_queries(4) as captured:
            rollover_plan(
                source=autumn, target=spring, courses=rollover_source_courses(source=autumn)
            )
        return len(captured)

    assert preview_queries(2) == preview_queries(10)


# Refusals.


def test_only_a_manager_can_roll_a_term_over(weekly, autumn, spring, peer_trainer):
    with pytest.raises(NotAllowed):
        _roll(peer_trainer, autumn, spring, weekly)
    assert not Course.objects.filter(term=spring).exists()


def test_the_same_term_is_refused(weekly, autumn, manager):
    with pytest.raises(NotAllowed, match="Choose a different term"):
        _roll(manager, autumn, autumn, weekly)


def test_a_term_that_has_ended_is_refused(weekly, autumn, manager):
    summer = TermFactory(
        name="Summer 2026",
        starts_on=date(2026, 4, 20),
        ends_on=date(2026, 7, 17),
        enrolment_opens_on=date(2026, 4, 1),
    )
    with pytest.raises(NotAllowed, match="Summer 2026 ended on 17 July 2026"):
        _roll(manager, autumn, summer, weekly)


def test_a_course_of_another_term_is_refused_and_nothing_is_copied(
    weekly, autumn, spring, active_pairing, manager
):
    stranger = make_course(active_pairing, active_pairing.peer.user, title="Not autumn")

    with pytest.raises(NotAllowed, match="not in Autumn 2026"):
        _roll(manager, autumn, spring, weekly, stranger)
    assert not Course.objects.filter(term=spring).exists()


def test_choosing_no_course_is_refused(autumn, spring, manager):
    with pytest.raises(NotAllowed, match="at least one course"):
        _roll(manager, autumn, spring)
