"""The register (attendance_mark): who takes it, who is marked, clearing a mark, what a
mark may be, when it opens, and two trainers saving it at once. Walk-ins (walk_in_add):
name and email rules, linking or inviting an account, later registers, and the capacity
warning that asks before going on."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse

from recovery_college.notifications.models import OutboxMessage
from workshops.errors import NotAllowed, OverCapacity, WalkInRefused
from workshops.models import Attendance, Room, ScheduledSession, WalkIn
from workshops.selectors import register_walk_ins
from workshops.services import attendance_mark, register_save, walk_in_add

from ..factories import UserFactory, WalkInFactory, open_course_make
from .enrolment_support import FIRST, NOW, enrolled


@pytest.mark.django_db
def test_the_courses_trainers_and_managers_take_the_register(
    on_the_day, peer_trainer, practitioner_trainer, manager
):
    session, (first, second), _ = on_the_day

    assert attendance_mark(session=session, user=peer_trainer, marks={first.pk: "present"}) == 1
    assert (
        attendance_mark(session=session, user=practitioner_trainer, marks={second.pk: "absent"})
        == 1
    )
    assert attendance_mark(session=session, user=manager, marks={first.pk: "absent"}) == 1

    marks = {a.enrolment_id: (a.status, a.marked_by) for a in Attendance.objects.all()}
    assert marks == {
        first.pk: ("absent", manager),
        second.pk: ("absent", practitioner_trainer),
    }


@pytest.mark.django_db
def test_another_trainer_or_a_student_cannot_take_the_register(on_the_day, outsider_trainer):
    session, (first, second), _ = on_the_day

    for user in (outsider_trainer, first.student):
        with pytest.raises(NotAllowed, match="Only the course's trainers"):
            attendance_mark(session=session, user=user, marks={second.pk: "present"})

    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_only_enrolled_students_are_marked(on_the_day, peer_trainer):
    session, (first, _), queued = on_the_day

    changed = attendance_mark(
        session=session, user=peer_trainer, marks={first.pk: "present", queued.pk: "present"}
    )

    assert changed == 1
    assert list(Attendance.objects.values_list("enrolment_id", flat=True)) == [first.pk]


@pytest.mark.django_db
def test_an_empty_value_clears_a_mark(on_the_day, peer_trainer):
    session, (first, second), _ = on_the_day
    attendance_mark(
        session=session, user=peer_trainer, marks={first.pk: "present", second.pk: "absent"}
    )

    changed = attendance_mark(
        session=session, user=peer_trainer, marks={first.pk: "", second.pk: "absent"}
    )

    assert changed == 1  # the unchanged mark is not counted
    assert list(Attendance.objects.values_list("enrolment_id", "status")) == [(second.pk, "absent")]


@pytest.mark.django_db
def test_a_mark_other_than_came_or_did_not_come_is_refused(on_the_day, peer_trainer):
    session, (first, _), _ = on_the_day

    with pytest.raises(NotAllowed, match="Choose"):
        attendance_mark(session=session, user=peer_trainer, marks={first.pk: "late"})

    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_the_register_for_a_session_on_a_later_day_is_not_open_yet(on_the_day, peer_trainer):
    _, (first, _), _ = on_the_day
    next_week = ScheduledSession.objects.get(course=first.course, number=2)

    with pytest.raises(NotAllowed, match="opens on the day of the session"):
        attendance_mark(session=next_week, user=peer_trainer, marks={first.pk: "present"})

    assert not Attendance.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_trainers_saving_the_register_at_once_leave_one_mark_per_student(
    manager, active_pairing, peer_trainer, practitioner_trainer, time_machine
):
    time_machine.move_to(NOW, tick=False)
    course = open_course_make(
        manager=manager, pairing=active_pairing, capacity=4, first_starts_at=FIRST
    )
    places = enrolled(course, 4)
    time_machine.move_to(FIRST + timedelta(minutes=30), tick=False)
    session = ScheduledSession.objects.select_related("course").get(course=course, number=1)
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(trainer, status):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            outcomes[trainer.pk] = attendance_mark(
                session=session, user=trainer, marks={e.pk: status for e in places}
            )
        except Exception as error:  # noqa: BLE001 - the outcome under test
            outcomes[trainer.pk] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(peer_trainer, "present")),
        threading.Thread(target=save, args=(practitioner_trainer, "absent")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads)
    assert not [o for o in outcomes.values() if isinstance(o, Exception)], outcomes
    assert len(outcomes) == 2
    rows = list(Attendance.objects.filter(session=session).values_list("enrolment_id", "status"))
    assert sorted(e for e, _ in rows) == sorted(e.pk for e in places)
    assert len({status for _, status in rows}) == 1  # the later save wins for everyone


# Walk-ins: people who came without enrolling.


def _room_for(session, people: int) -> None:
    Room.objects.filter(pk=session.room_id).update(capacity=people)
    session.room.refresh_from_db()


@pytest.mark.django_db
def test_a_walk_in_is_added_with_a_name_and_marked_as_came(on_the_day, peer_trainer):
    session, _, _ = on_the_day

    walk_in = walk_in_add(session=session, user=peer_trainer, name="  Sam   Jones ")

    assert (walk_in.name, walk_in.email, walk_in.user, walk_in.invited_at) == (
        "Sam Jones",
        "",
        None,
        None,
    )
    assert walk_in.first_session == session and walk_in.added_by == peer_trainer
    assert list(Attendance.objects.filter(walk_in=walk_in).values_list("session", "status")) == [
        (session.pk, "present")
    ]


@pytest.mark.django_db
def test_a_walk_in_without_a_name_is_refused(on_the_day, peer_trainer):
    session, _, _ = on_the_day

    with pytest.raises(WalkInRefused, match="Enter the person's name") as refused:
        walk_in_add(session=session, user=peer_trainer, name="   ", email="sam@example.org")

    assert refused.value.field == "name"
    assert not WalkIn.objects.exists()


@pytest.mark.django_db
def test_an_email_with_an_account_links_the_walk_in_to_it_and_sends_nothing(
    on_the_day, peer_trainer, mailoutbox
):
    session, _, _ = on_the_day
    account = UserFactory(email="sam.jones@example.org")

    walk_in = walk_in_add(
        session=session, user=peer_trainer, name="Sam Jones", email="Sam.Jones@Example.org"
    )

    assert walk_in.user == account and walk_in.invited_at is None
    assert not OutboxMessage.objects.filter(to="sam.jones@example.org").exists()


@pytest.mark.django_db
def test_an_email_without_an_account_gets_one_invitation_to_make_one(
    on_the_day, peer_trainer, mailoutbox, committed
):
    session, _, _ = on_the_day

    with committed():
        walk_in = walk_in_add(
            session=session, user=peer_trainer, name="Dr Sam Jones", email="sam@example.org"
        )

    assert walk_in.user is None and walk_in.invited_at is not None
    (message,) = [m for m in mailoutbox if m.to == ["sam@example.org"]]
    assert message.subject == "Thank you for coming to “Understanding anxiety”"
    assert message.body.startswith("Hello Sam,")
    assert reverse("accounts:signup") in message.body
    assert "sam@example.org" in message.body


@pytest.mark.django_db
def test_the_same_email_cannot_walk_in_twice_on_one_course(on_the_day, peer_trainer):
    session, _, _ = on_the_day
    walk_in_add(session=session, user=peer_trainer, name="Sam Jones", email="sam@example.org")

    with pytest.raises(WalkInRefused, match="already on this course's register") as refused:
        walk_in_add(session=session, user=peer_trainer, name="Sam J", email="SAM@example.org")

    assert refused.value.field == "email"
    assert WalkIn.objects.count() == 1


@pytest.mark.django_db
def test_an_enrolled_students_email_is_refused_as_a_walk_in(on_the_day, peer_trainer):
    session, (first, _), _ = on_the_day

    with pytest.raises(WalkInRefused, match="mark them as came on the register instead"):
        walk_in_add(session=session, user=peer_trainer, name="Again", email=first.student.email)

    assert not WalkIn.objects.exists()


@pytest.mark.django_db
def test_a_register_saves_its_marks_and_walk_in_together_or_not_at_all(on_the_day, peer_trainer):
    session, (first, second), _ = on_the_day
    marks = {first.pk: "present", second.pk: "absent"}

    with pytest.raises(WalkInRefused):
        register_save(
            session=session,
            user=peer_trainer,
            marks=marks,
            walk_in_marks={},
            walk_in={"name": "Again", "email": first.student.email},
        )
    assert not Attendance.objects.exists() and not WalkIn.objects.exists()

    walk_in = register_save(
        session=session,
        user=peer_trainer,
        marks=marks,
        walk_in_marks={},
        walk_in={"name": "Sam Jones", "email": ""},
    )
    assert walk_in.name == "Sam Jones"
    assert Attendance.objects.filter(enrolment__isnull=False).count() == 2
    assert Attendance.objects.filter(walk_in=walk_in, status="present").exists()


@pytest.mark.django_db
def test_only_the_courses_trainers_and_managers_add_walk_ins(
    on_the_day, outsider_trainer, manager, practitioner_trainer
):
    session, (first, _), _ = on_the_day

    for user in (outsider_trainer, first.student):
        with pytest.raises(NotAllowed, match="Only the course's trainers"):
            walk_in_add(session=session, user=user, name="Sam Jones")
    walk_in_add(session=session, user=manager, name="Ann")
    walk_in_add(session=session, user=practitioner_trainer, name="Bo")

    assert sorted(WalkIn.objects.values_list("name", flat=True)) == ["Ann", "Bo"]


@pytest.mark.django_db
def test_a_walk_in_cannot_be_added_before_the_day(on_the_day, peer_trainer):
    session, _, _ = on_the_day
    next_week = ScheduledSession.objects.select_related("course").get(
        course=session.course, number=2
    )

    with pytest.raises(NotAllowed, match="opens on the day"):
        walk_in_add(session=next_week, user=peer_trainer, name="Sam Jones")


@pytest.mark.django_db
def test_a_walk_in_is_on_the_register_of_later_sessions_not_earlier_ones(
    on_the_day, peer_trainer, time_machine
):
    session, (first, _), _ = on_the_day
    later = ScheduledSession.objects.select_related("course").get(course=session.course, number=2)
    time_machine.move_to(later.starts_at + timedelta(minutes=5), tick=False)

    walk_in = walk_in_add(session=later, user=peer_trainer, name="Late Comer")

    assert [w.name for w in register_walk_ins(session=later)] == ["Late Comer"]
    assert register_walk_ins(session=session) == []
    time_machine.move_to(FIRST + timedelta(minutes=30), tick=False)
    early = WalkInFactory(course=session.course, first_session=session, name="Early Bird")
    assert [w.name for w in register_walk_ins(session=later)] == ["Early Bird", "Late Comer"]
    assert walk_in.pk != early.pk


@pytest.mark.django_db
def test_walk_ins_are_marked_on_later_registers_and_only_their_own(on_the_day, peer_trainer):
    session, (first, _), _ = on_the_day
    walk_in = walk_in_add(session=session, user=peer_trainer, name="Sam Jones")
    stranger = WalkInFactory()  # another course's walk-in

    changed = attendance_mark(
        session=session,
        user=peer_trainer,
        marks={first.pk: "present"},
        walk_in_marks={walk_in.pk: "absent", stranger.pk: "present"},
    )

    assert changed == 2
    assert Attendance.objects.get(walk_in=walk_in).status == "absent"
    assert not Attendance.objects.filter(walk_in=stranger).exists()


@pytest.mark.django_db
def test_adding_a_walk_in_over_the_rooms_capacity_asks_first_then_goes_on(on_the_day, peer_trainer):
    session, _, _ = on_the_day
    _room_for(session, 3)  # two enrolled + one walk-in fit; a second walk-in does not
    walk_in_add(session=session, user=peer_trainer, name="Third")

    with pytest.raises(OverCapacity) as warned:
        walk_in_add(session=session, user=peer_trainer, name="Fourth")

    assert str(warned.value) == (
        "Adding Fourth makes 4 people on this register not marked “did not come”, and "
        "Garden Room holds 3. Check there is room for everyone before you go on."
    )
    assert WalkIn.objects.count() == 1
    walk_in_add(session=session, user=peer_trainer, name="Fourth", over_capacity_ok=True)
    assert WalkIn.objects.count() == 2


@pytest.mark.django_db
def test_people_marked_did_not_come_leave_room_for_a_walk_in(on_the_day, peer_trainer):
    session, (first, _), _ = on_the_day
    _room_for(session, 2)
    attendance_mark(session=session, user=peer_trainer, marks={first.pk: "absent"})

    walk_in_add(session=session, user=peer_trainer, name="In their place")

    assert WalkIn.objects.count() == 1


@pytest.mark.django_db
def test_without_a_room_the_courses_places_are_the_limit(on_the_day, peer_trainer):
    session, _, _ = on_the_day
    ScheduledSession.objects.filter(pk=session.pk).update(
        room=None, online_link="https://meet.example.org/x"
    )
    session.refresh_from_db()

    with pytest.raises(OverCapacity, match="the course has 2 places"):
        walk_in_add(session=session, user=peer_trainer, name="Third")


@pytest.mark.django_db
def test_marking_more_people_as_came_than_the_room_holds_asks_first(on_the_day, peer_trainer):
    session, (first, second), _ = on_the_day
    walk_in = walk_in_add(session=session, user=peer_trainer, name="Sam Jones")
    _room_for(session, 2)  # Sam came; two more would make three
    marks = {first.pk: "present", second.pk: "present"}

    with pytest.raises(OverCapacity, match="makes 3 people marked as came, and Garden Room"):
        attendance_mark(session=session, user=peer_trainer, marks=marks)

    assert Attendance.objects.filter(status="present").count() == 1
    attendance_mark(session=session, user=peer_trainer, marks=marks, over_capacity_ok=True)
    assert Attendance.objects.filter(status="present").count() == 3
    # Saving the same register again does not ask again: nothing goes further over.
    attendance_mark(
        session=session, user=peer_trainer, marks=marks, walk_in_marks={walk_in.pk: "present"}
    )


@pytest.mark.django_db
def test_a_new_account_with_a_walk_ins_email_takes_it_over(on_the_day, peer_trainer):
    session, _, _ = on_the_day
    walk_in = walk_in_add(
        session=session, user=peer_trainer, name="Sam Jones", email="sam@example.org"
    )

    account = UserFactory(email="SAM@example.org")

    walk_in.refresh_from_db()
    assert walk_in.user == account


@pytest.mark.django_db
def test_deleting_the_account_strips_the_walk_ins_name_and_keeps_its_marks(
    on_the_day, peer_trainer
):
    session, _, _ = on_the_day
    account = UserFactory(email="sam@example.org")
    walk_in = walk_in_add(
        session=session, user=peer_trainer, name="Sam Jones", email="sam@example.org"
    )

    account.delete()

    walk_in.refresh_from_db()
    assert (walk_in.name, walk_in.email, walk_in.user) == ("Former walk-in", "", None)
    assert Attendance.objects.filter(walk_in=walk_in, status="present").exists()
