"""Scheduling (workshops/services/scheduling.py): sessions for the course's length, room and
trainer clashes (refused by the service, and by the database on PostgreSQL), the weekly
helper, and the places and term a course is given."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from workshops.errors import NotAllowed, ScheduleClash
from workshops.models import ScheduledSession, Term
from workshops.services import course_capacity_set, session_schedule, sessions_schedule_weekly

from ..factories import PairingFactory, RoomFactory, make_course
from .enrolment_support import enrolled, fresh

LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def other_course(db, peer_trainer):
    """A course of a different pair (no trainer in common)."""
    pairing = PairingFactory(active=True)
    return make_course(pairing, pairing.peer.user, title="Another course")


@pytest.mark.django_db
def test_a_manager_schedules_a_session_for_the_course_length(course, manager, room):
    session = session_schedule(
        course=course, user=manager, number=1, starts_at=at(2, 10), room=room
    )
    assert (session.ends_at - session.starts_at) == timedelta(minutes=120)
    assert (session.peer, session.practitioner) == (
        course.pairing.peer,
        course.pairing.practitioner,
    )


@pytest.mark.django_db
def test_the_same_room_at_an_overlapping_time_is_refused_naming_the_clash(
    course, other_course, manager, room
):
    session_schedule(course=other_course, user=manager, number=1, starts_at=at(2, 10), room=room)
    with pytest.raises(ScheduleClash) as refused:
        session_schedule(course=course, user=manager, number=1, starts_at=at(2, 11), room=room)
    assert "Garden Room, Oak House is already booked then" in refused.value.message
    assert "“Another course” session 1" in refused.value.message
    assert not ScheduledSession.objects.filter(course=course).exists()


@pytest.mark.django_db
def test_a_trainer_in_two_overlapping_sessions_is_refused_naming_them(
    course, manager, room, peer_trainer
):
    second = PairingFactory(peer=peer_trainer.trainer, active=True)
    other = make_course(second, peer_trainer, title="Peer's other course")
    elsewhere = RoomFactory(venue__name="Elm Centre", name="Hall", capacity=30)
    session_schedule(course=other, user=manager, number=1, starts_at=at(2, 10), room=elsewhere)
    with pytest.raises(ScheduleClash) as refused:
        session_schedule(course=course, user=manager, number=1, starts_at=at(2, 9), room=room)
    assert f"{peer_trainer.full_name} is already teaching then" in refused.value.message


@pytest.mark.django_db
def test_back_to_back_sessions_do_not_clash(course, other_course, manager, room):
    session_schedule(course=other_course, user=manager, number=1, starts_at=at(2, 10), room=room)
    session = session_schedule(
        course=course, user=manager, number=1, starts_at=at(2, 12), room=room
    )
    assert session.pk


@pytest.mark.django_db
def test_a_cancelled_session_frees_its_room(course, other_course, manager, room):
    taken = session_schedule(
        course=other_course, user=manager, number=1, starts_at=at(2, 10), room=room
    )
    ScheduledSession.objects.filter(pk=taken.pk).update(cancelled=True)
    assert session_schedule(
        course=course, user=manager, number=1, starts_at=at(2, 10), room=room
    ).pk


@pytest.mark.django_db
def test_moving_a_session_does_not_clash_with_itself(course, manager, room):
    session_schedule(course=course, user=manager, number=1, starts_at=at(2, 10), room=room)
    moved = session_schedule(course=course, user=manager, number=1, starts_at=at(2, 11), room=room)
    assert ScheduledSession.objects.get().starts_at == moved.starts_at


@pytest.mark.django_db
def test_the_weekly_helper_schedules_every_session_a_week_apart(course, manager, room):
    sessions = sessions_schedule_weekly(
        course=course, user=manager, first_starts_at=at(2, 10), room=room
    )
    assert [s.starts_at for s in sessions] == [at(2, 10), at(9, 10)]


@pytest.mark.django_db
def test_the_weekly_helper_schedules_nothing_when_one_week_clashes(
    course, other_course, manager, room
):
    session_schedule(course=other_course, user=manager, number=1, starts_at=at(9, 10), room=room)
    with pytest.raises(ScheduleClash, match="^Session 2: Garden Room, Oak House"):
        sessions_schedule_weekly(course=course, user=manager, first_starts_at=at(2, 10), room=room)
    assert not ScheduledSession.objects.filter(course=course).exists()


@pytest.mark.django_db
def test_only_managers_schedule(course, peer_trainer, room):
    with pytest.raises(NotAllowed):
        session_schedule(course=course, user=peer_trainer, number=1, starts_at=at(2, 10), room=room)


@pytest.mark.django_db
def test_a_session_needs_a_room_or_a_joining_link(course, manager):
    with pytest.raises(NotAllowed, match="joining link"):
        session_schedule(course=course, user=manager, number=1, starts_at=at(2, 10))
    online = session_schedule(
        course=course,
        user=manager,
        number=1,
        starts_at=at(2, 10),
        online_link="https://meet.example.org/abc",
    )
    assert online.room is None


@pytest.mark.django_db
def test_a_session_number_beyond_the_course_is_refused(course, manager, room):
    with pytest.raises(NotAllowed, match="This course has 2 sessions."):
        session_schedule(course=course, user=manager, number=3, starts_at=at(2, 10), room=room)


@pytest.mark.django_db
def test_places_cannot_exceed_the_smallest_booked_room(course, manager, room):
    session_schedule(course=course, user=manager, number=1, starts_at=at(2, 10), room=room)
    with pytest.raises(NotAllowed, match="at most 14 places"):
        course_capacity_set(course=course, user=manager, capacity=20)
    assert course_capacity_set(course=course, user=manager, capacity=12).capacity == 12


@pytest.mark.django_db
def test_a_room_too_small_for_the_places_is_refused(course, manager, room):
    course_capacity_set(course=course, user=manager, capacity=20)
    with pytest.raises(NotAllowed, match="holds 14"):
        session_schedule(course=course, user=manager, number=1, starts_at=at(2, 10), room=room)


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("shared", ["room", "peer", "practitioner"])
def test_the_database_refuses_a_clash_even_when_the_service_is_bypassed(
    shared, course, other_course, manager, room
):
    session_schedule(course=course, user=manager, number=1, starts_at=at(2, 10), room=room)
    clash = ScheduledSession(
        course=other_course,
        number=1,
        starts_at=at(2, 11),
        ends_at=at(2, 13),
        room=room
        if shared == "room"
        else RoomFactory(venue__name="Elm Centre", name="Hall", capacity=30),
        peer=course.pairing.peer if shared == "peer" else other_course.pairing.peer,
        practitioner=(
            course.pairing.practitioner
            if shared == "practitioner"
            else other_course.pairing.practitioner
        ),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()


@pytest.mark.django_db
def test_places_cannot_be_set_below_the_places_already_held(open_course, manager):
    enrolled(open_course, 2)

    with pytest.raises(NotAllowed) as refused:
        course_capacity_set(course=open_course, user=manager, capacity=1)

    assert refused.value.message == (
        "2 students already hold places, so the course needs at least 2 places."
    )
    assert refused.value.field == "capacity"
    assert fresh(open_course).capacity == 2


@pytest.mark.django_db
def test_a_published_course_moves_only_to_a_term_its_sessions_fall_inside(open_course, manager):
    home = open_course.term
    outside = Term.objects.create(
        name="Summer 2027",
        starts_on=date(2027, 4, 1),
        ends_on=date(2027, 7, 31),
        enrolment_opens_on=date(2027, 3, 1),
    )
    inside = Term.objects.create(
        name="March 2027",
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 3, 31),
        enrolment_opens_on=date(2027, 2, 1),
    )

    with pytest.raises(NotAllowed) as refused:
        course_capacity_set(course=open_course, user=manager, capacity=2, term=outside)
    assert refused.value.field == "term"
    assert fresh(open_course).term == home

    course = course_capacity_set(course=fresh(open_course), user=manager, capacity=2, term=inside)
    assert course.term == inside
    assert fresh(open_course).term == inside


# Issue 12, cause 9: the service refuses a start the form would (no overflow either way).
@pytest.mark.django_db
def test_scheduling_at_the_end_of_the_calendar_is_refused_in_plain_language(manager):
    pairing = PairingFactory(active=True)
    course = make_course(pairing, pairing.peer.user)
    late = datetime(9999, 12, 31, 23, 59, tzinfo=ZoneInfo("UTC"))
    with pytest.raises(NotAllowed) as refused:
        session_schedule(
            course=course, user=manager, number=1, starts_at=late, online_link="https://x.org"
        )
    assert refused.value.field == "starts_at"
    assert not course.sessions.exists()
