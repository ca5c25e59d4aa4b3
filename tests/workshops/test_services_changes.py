"""Changes after publishing (workshops/services/changes.py, and moving a session with
session_schedule): moving or cancelling a session, taking a course off the prospectus and
cancelling it, each told once to the students holding places (or waiting) and the
trainers; the same while a course is off the prospectus; a long email address; and
cancelling a course that has started."""

from datetime import timedelta

import pytest
from django.core.validators import EmailValidator

from recovery_college.notifications.models import OutboxMessage
from workshops.errors import NotAllowed
from workshops.models import Attendance, Course, Enrolment, ScheduledSession
from workshops.services import (
    attendance_mark,
    course_cancel,
    course_unpublish,
    enrolment_cancel,
    enrolment_create,
    session_cancel,
    session_schedule,
)

from ..factories import UserFactory, open_course_make
from .enrolment_support import (
    ENROLLED,
    FIRST,
    NOW,
    SECOND,
    TITLE,
    deliver_twice,
    emails,
    enrolled,
    fresh,
    mail_to,
    quiet,
    recipients,
    waiting,
)

MOVED = f"“{TITLE}” session 2 has moved"
SESSION_CANCELLED = f"“{TITLE}” session 2 is cancelled"
COURSE_CANCELLED = f"“{TITLE}” is cancelled"


# Moving and cancelling a session


@pytest.mark.django_db
def test_moving_a_session_tells_each_student_and_both_trainers_once(
    open_course,
    manager,
    room,
    peer_trainer,
    practitioner_trainer,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    first_student, second_student = enrolled(open_course, 2)
    waiting(open_course, 1)
    quiet(mailoutbox)

    with django_capture_on_commit_callbacks() as callbacks:
        session_schedule(
            course=open_course,
            user=manager,
            number=2,
            starts_at=SECOND + timedelta(days=1),
            room=room,
        )
    deliver_twice(callbacks)

    moved = f"“{TITLE}” session 2 has moved"
    assert recipients(mailoutbox, moved) == emails(
        first_student.student, second_student.student, peer_trainer, practitioner_trainer
    )
    assert all(m.subject == moved for m in mailoutbox)
    assert "Now: Friday 19 March 2027 at 10:00" in mailoutbox[0].body


@pytest.mark.django_db
def test_moving_a_session_back_and_forth_tells_people_every_time(
    open_course, manager, room, committed, mailoutbox
):
    (enrolment,) = enrolled(open_course, 1)
    elsewhere = SECOND + timedelta(days=1)

    for starts_at in (elsewhere, SECOND, elsewhere):
        with committed():
            session_schedule(
                course=open_course, user=manager, number=2, starts_at=starts_at, room=room
            )

    moves = mail_to(mailoutbox, enrolment.student, "has moved")
    assert [m.body.split("Now: ")[1].split(",")[0] for m in moves] == [
        "Friday 19 March 2027 at 10:00",
        "Thursday 18 March 2027 at 10:00",
        "Friday 19 March 2027 at 10:00",
    ]


@pytest.mark.django_db
def test_cancelling_a_session_of_a_published_course_needs_a_reason(open_course, manager):
    enrolled(open_course, 1)

    with pytest.raises(NotAllowed) as refused:
        session_cancel(course=open_course, user=manager, number=2, reason="   ")

    assert refused.value.field == "reason"
    assert not ScheduledSession.objects.get(course=open_course, number=2).cancelled


@pytest.mark.django_db
def test_a_cancelled_session_is_told_to_students_and_trainers_with_the_reason(
    open_course,
    manager,
    peer_trainer,
    practitioner_trainer,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    first_student, second_student = enrolled(open_course, 2)
    quiet(mailoutbox)

    with django_capture_on_commit_callbacks() as callbacks:
        session_cancel(
            course=open_course, user=manager, number=2, reason="The venue has a burst pipe."
        )
    deliver_twice(callbacks)

    cancelled = f"“{TITLE}” session 2 is cancelled"
    assert recipients(mailoutbox, cancelled) == emails(
        first_student.student, second_student.student, peer_trainer, practitioner_trainer
    )
    assert len(mailoutbox) == 4
    assert all("Why: The venue has a burst pipe." in m.body for m in mailoutbox)
    assert ScheduledSession.objects.get(course=open_course, number=2).cancelled


@pytest.mark.django_db
def test_rearranging_a_cancelled_session_tells_the_students(
    open_course, manager, room, committed, mailoutbox
):
    # The cancellation email promises: "We will let you know if the session is rearranged."
    (enrolment,) = enrolled(open_course, 1)
    with committed():
        session_cancel(course=open_course, user=manager, number=2, reason="Trainer unwell.")
        session_schedule(
            course=open_course,
            user=manager,
            number=2,
            starts_at=SECOND + timedelta(days=2),
            room=room,
        )

    to_student = [m.subject for m in mail_to(mailoutbox, enrolment.student, "session 2")]
    assert to_student[0] == f"“{TITLE}” session 2 is cancelled"
    assert len(to_student) == 2, "the student was never told the session is on again"


@pytest.mark.django_db
def test_a_student_with_a_very_long_email_address_is_told_of_a_move_and_a_cancellation(
    open_course, manager, room, committed, mailoutbox
):
    domain = ".".join(["b" * 42, "c" * 41, "d" * 41]) + ".org"
    address = "a" * 60 + "@" + domain
    assert len(domain) == 130 and len(address) == 191
    EmailValidator()(address)
    student = UserFactory(email=address)
    enrolment_create(course=open_course, student=student)
    quiet(mailoutbox)

    with committed():
        session_schedule(
            course=open_course,
            user=manager,
            number=2,
            starts_at=SECOND + timedelta(days=1),
            room=room,
        )
        session_cancel(course=open_course, user=manager, number=1, reason="Trainer unwell.")

    assert [m.subject for m in mail_to(mailoutbox, address, TITLE)] == [
        MOVED,
        f"“{TITLE}” session 1 is cancelled",
    ]
    assert list(
        OutboxMessage.objects.filter(to=address, user=student).values_list("subject", flat=True)
    ) == [ENROLLED, MOVED, f"“{TITLE}” session 1 is cancelled"]


# While a course is off the prospectus


@pytest.mark.django_db
def test_while_off_the_prospectus_moving_a_session_tells_the_students_holding_places_and_trainers(
    open_course, manager, room, peer_trainer, practitioner_trainer, committed, mailoutbox
):
    places = enrolled(open_course, 2)
    waiting(open_course, 1)
    course_unpublish(course=open_course, user=manager, reason="A trainer is unwell.")
    quiet(mailoutbox)

    with committed():
        session_schedule(
            course=open_course,
            user=manager,
            number=2,
            starts_at=SECOND + timedelta(days=1),
            room=room,
        )

    assert fresh(open_course).status != Course.Status.PUBLISHED
    assert recipients(mailoutbox, MOVED) == emails(
        *(e.student for e in places), peer_trainer, practitioner_trainer
    )
    assert len(mailoutbox) == 4
    assert "Now: Friday 19 March 2027 at 10:00" in mailoutbox[0].body


@pytest.mark.django_db
def test_while_off_the_prospectus_cancelling_a_session_needs_a_reason_and_tells_people(
    open_course, manager, peer_trainer, practitioner_trainer, committed, mailoutbox
):
    places = enrolled(open_course, 2)
    course_unpublish(course=open_course, user=manager, reason="A trainer is unwell.")
    quiet(mailoutbox)

    with pytest.raises(NotAllowed) as refused:
        session_cancel(course=open_course, user=manager, number=2, reason="  ")
    assert refused.value.field == "reason"
    assert not ScheduledSession.objects.get(course=open_course, number=2).cancelled

    with committed():
        session_cancel(course=open_course, user=manager, number=2, reason="The room flooded.")

    assert ScheduledSession.objects.get(course=open_course, number=2).cancelled
    assert recipients(mailoutbox, SESSION_CANCELLED) == emails(
        *(e.student for e in places), peer_trainer, practitioner_trainer
    )
    assert len(mailoutbox) == 4
    assert all("Why: The room flooded." in m.body for m in mailoutbox)


@pytest.mark.django_db
def test_an_unpublished_course_nobody_is_on_moves_and_cancels_sessions_quietly_without_a_reason(
    open_course, manager, room, committed, mailoutbox
):
    course_unpublish(course=open_course, user=manager, reason="")
    quiet(mailoutbox)
    queued_before = OutboxMessage.objects.count()

    with committed():
        session_schedule(
            course=open_course,
            user=manager,
            number=2,
            starts_at=SECOND + timedelta(days=1),
            room=room,
        )
        session = session_cancel(course=open_course, user=manager, number=1, reason="")

    assert session.cancelled and session.cancelled_reason == ""
    assert ScheduledSession.objects.get(course=open_course, number=2).starts_at == (
        SECOND + timedelta(days=1)
    )
    assert OutboxMessage.objects.count() == queued_before
    assert mailoutbox == []


# Taking a course off the prospectus, cancelling it


@pytest.mark.django_db
def test_taking_a_course_with_students_off_the_prospectus_needs_a_reason(open_course, manager):
    enrolled(open_course, 1)

    with pytest.raises(NotAllowed) as refused:
        course_unpublish(course=open_course, user=manager, reason=" ")

    assert refused.value.field == "reason"
    assert fresh(open_course).status == Course.Status.PUBLISHED


@pytest.mark.django_db
def test_taking_a_course_off_the_prospectus_keeps_the_places_and_tells_the_students(
    open_course,
    manager,
    peer_trainer,
    practitioner_trainer,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    places = enrolled(open_course, 2)
    (queued,) = waiting(open_course, 1)
    quiet(mailoutbox)

    with django_capture_on_commit_callbacks() as callbacks:
        course = course_unpublish(
            course=open_course, user=manager, reason="Both trainers are unwell."
        )
    deliver_twice(callbacks)

    assert course.status == Course.Status.AGREED
    assert [fresh(e).status for e in places + [queued]] == ["enrolled", "enrolled", "waiting"]
    assert fresh(open_course).places_taken == 2
    off = f"“{TITLE}” has been taken off the prospectus for now"
    assert recipients(mailoutbox, off) == emails(*(e.student for e in places + [queued]))
    assert len(mailoutbox) == 3
    assert all("Why: Both trainers are unwell." in m.body for m in mailoutbox)
    assert mail_to(mailoutbox, peer_trainer, off) == mail_to(mailoutbox, practitioner_trainer, off)
    assert mail_to(mailoutbox, peer_trainer, off) == []


@pytest.mark.django_db
def test_cancelling_a_course_ends_every_place_and_tells_students_and_trainers(
    open_course,
    manager,
    peer_trainer,
    practitioner_trainer,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    leaver, staying = enrolled(open_course, 2)
    offered, queued = waiting(open_course, 2)
    enrolment_cancel(enrolment=leaver, user=leaver.student)  # `offered` is offered the place
    assert fresh(offered).status == Enrolment.Status.OFFERED
    quiet(mailoutbox)

    with django_capture_on_commit_callbacks() as callbacks:
        course = course_cancel(course=open_course, user=manager, reason="The venue closed.")
    deliver_twice(callbacks)

    assert course.status == Course.Status.CANCELLED
    assert fresh(open_course).places_taken == 0
    for enrolment in (staying, offered, queued):
        assert fresh(enrolment).status == Enrolment.Status.COURSE_CANCELLED
        assert enrolment.offer_expires_at is None and enrolment.ended_at == NOW
    assert not ScheduledSession.objects.filter(course=open_course, cancelled=False).exists()
    cancelled = f"“{TITLE}” is cancelled"
    assert recipients(mailoutbox, cancelled) == emails(
        staying.student, offered.student, queued.student, peer_trainer, practitioner_trainer
    )
    assert len(mailoutbox) == 5
    assert all("Why: The venue closed." in m.body for m in mailoutbox)


@pytest.mark.django_db
def test_cancelling_a_started_course_keeps_its_history_and_cancels_what_is_still_to_come(
    manager,
    active_pairing,
    room,
    peer_trainer,
    practitioner_trainer,
    time_machine,
    committed,
    mailoutbox,
):
    time_machine.move_to(NOW, tick=False)
    course = open_course_make(
        manager=manager, pairing=active_pairing, room=room, capacity=3, first_starts_at=FIRST
    )
    leaver, came, missed = enrolled(course, 3)
    offered, queued = waiting(course, 2)
    enrolment_cancel(enrolment=leaver, user=leaver.student)
    assert fresh(offered).status == Enrolment.Status.OFFERED
    time_machine.move_to(FIRST + timedelta(minutes=30), tick=False)
    session_1 = ScheduledSession.objects.get(course=course, number=1)
    attendance_mark(
        session=session_1, user=peer_trainer, marks={came.pk: "present", missed.pk: "absent"}
    )
    quiet(mailoutbox)
    time_machine.move_to(FIRST + timedelta(hours=3), tick=False)

    with committed():
        course_cancel(course=course, user=manager, reason="The trainers cannot continue.")

    session_1 = fresh(session_1)
    assert not session_1.cancelled
    marks = Attendance.objects.filter(session=session_1).values_list("enrolment_id", "status")
    assert set(marks) == {(came.pk, "present"), (missed.pk, "absent")}
    assert ScheduledSession.objects.get(course=course, number=2).cancelled
    assert [fresh(e).status for e in (came, missed)] == ["enrolled", "enrolled"]
    assert [fresh(e).status for e in (offered, queued)] == ["course_cancelled", "course_cancelled"]
    assert fresh(leaver).status == Enrolment.Status.CANCELLED
    course = fresh(course)
    assert course.status == Course.Status.CANCELLED
    assert course.places_taken == Enrolment.objects.filter(course=course, status="enrolled").count()
    assert course.places_taken == 2
    assert recipients(mailoutbox, COURSE_CANCELLED) == emails(
        came.student,
        missed.student,
        offered.student,
        queued.student,
        peer_trainer,
        practitioner_trainer,
    )
    assert len(mailoutbox) == 6
    assert all("remaining sessions" in m.body for m in mailoutbox)
