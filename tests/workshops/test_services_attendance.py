"""The register (attendance_mark): who takes it, who is marked, clearing a mark, what a
mark may be, when it opens, and two trainers saving it at once."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from workshops.errors import NotAllowed
from workshops.models import Attendance, ScheduledSession
from workshops.services import attendance_mark

from ..factories import open_course_make
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
