"""Enrolling (workshops/services/enrolment.py): taking a place and being told once, a
double submit, a full course, when enrolment opens and closes, who may enrol, and
cancelling one's own place.

Courses are built through the real services with the clock stopped at NOW (see
enrolment_support.py); mail goes through the outbox after commit, as in production."""

from datetime import timedelta

import pytest
from django.urls import reverse

from recovery_college.notifications import tasks
from recovery_college.notifications.models import OutboxMessage
from trainers.models import Trainer
from workshops.errors import CourseFull, EnrolmentClosed, NotAllowed
from workshops.models import Course, Enrolment
from workshops.services import (
    course_cancel,
    course_unpublish,
    enrolment_cancel,
    enrolment_create,
    waiting_list_join,
)

from ..factories import UserFactory
from .enrolment_support import ENROLLED, FIRST, NOW, TITLE, enrolled, fresh, mail_to, students


@pytest.mark.django_db
def test_enrolling_takes_a_place_and_confirms_it_by_email_once(
    open_course, student, committed, mailoutbox
):
    assert open_course.places_taken == 0

    with committed():
        enrolment = enrolment_create(course=open_course, student=student)

    assert enrolment.status == Enrolment.Status.ENROLLED
    assert fresh(open_course).places_taken == 1
    assert [(m.to, m.subject) for m in mailoutbox] == [([student.email], ENROLLED)]
    message = OutboxMessage.objects.get(to=student.email, subject=ENROLLED)
    assert message.status == OutboxMessage.Status.SENT
    assert tasks.outbox_send(message.pk) is False  # the task run again
    assert tasks.outbox_drain() == 0  # and the beat sweep
    assert len(mail_to(mailoutbox, student, ENROLLED)) == 1


@pytest.mark.django_db
def test_the_confirmation_lists_every_session_and_the_page_to_cancel_from(
    open_course, student, committed, mailoutbox, settings
):
    with committed():
        enrolment = enrolment_create(course=open_course, student=student)

    (confirmation,) = mail_to(mailoutbox, student, ENROLLED)
    site = settings.SITE_URL.rstrip("/")
    assert confirmation.body == (
        f"Hello {student.get_short_name()},\n\n"
        f"You are enrolled on “{TITLE}”. Your place is on every session:\n\n"
        "- Thursday 11 March 2027, 10:00–12:00: Garden Room, Oak House\n"
        "- Thursday 18 March 2027, 10:00–12:00: Garden Room, Oak House\n\n"
        "We will remind you two days before each session. If you can no longer come, please "
        "cancel so that someone on the waiting list can have your place:\n\n"
        f"{site}{reverse('workshops:enrolment-detail', args=[enrolment.pk])}\n\n"
        "Recovery College\n\n"
    )


@pytest.mark.django_db
def test_the_confirmation_is_written_by_the_mail_worker_not_while_the_place_is_taken(
    open_course, student, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        enrolment = enrolment_create(course=open_course, student=student)

    message = OutboxMessage.objects.get(idempotency_key=f"enrolled:{enrolment.pk}")
    assert (message.subject, message.body) == (ENROLLED, "")
    assert tasks.outbox_send(message.pk) is True
    message.refresh_from_db()
    assert "Your place is on every session" in message.body


@pytest.mark.django_db
def test_a_confirmation_not_yet_sent_when_the_account_is_deleted_is_never_sent(
    open_course, student, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        enrolment = enrolment_create(course=open_course, student=student)
    message = OutboxMessage.objects.get(idempotency_key=f"enrolled:{enrolment.pk}")
    student.delete()  # the admin's way: the message stays, the enrolment loses its student

    assert tasks.outbox_send(message.pk) is False
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert "DoesNotExist" in message.last_error
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_double_submit_returns_the_same_enrolment_and_takes_one_place(
    open_course, student, committed, mailoutbox
):
    with committed():
        first = enrolment_create(course=open_course, student=student)
        second = enrolment_create(course=open_course, student=student)

    assert second.pk == first.pk
    assert fresh(open_course).places_taken == 1
    assert Enrolment.objects.filter(course=open_course).count() == 1
    assert len(mail_to(mailoutbox, student, ENROLLED)) == 1


@pytest.mark.django_db
def test_a_full_course_refuses_another_student_with_course_full(open_course):
    enrolled(open_course, 2)
    latecomer = UserFactory()

    with pytest.raises(CourseFull, match="join the waiting list"):
        enrolment_create(course=open_course, student=latecomer)

    assert fresh(open_course).places_taken == 2
    assert not Enrolment.objects.filter(student=latecomer).exists()


@pytest.mark.django_db
def test_enrolment_is_closed_before_the_terms_enrolment_opens_and_says_when_it_opens(
    open_course, student, time_machine
):
    assert open_course.term.enrolment_opens_on == NOW.date() - timedelta(days=1)
    time_machine.move_to(NOW - timedelta(days=2), tick=False)

    with pytest.raises(EnrolmentClosed) as closed:
        enrolment_create(course=open_course, student=student)

    assert closed.value.message == "Enrolment opens on Sunday 28 February 2027."
    assert fresh(open_course).places_taken == 0


@pytest.mark.django_db
def test_enrolment_closes_when_the_first_session_starts(open_course, time_machine):
    early, late = students(2)
    time_machine.move_to(FIRST - timedelta(minutes=1), tick=False)
    assert enrolment_create(course=open_course, student=early).status == Enrolment.Status.ENROLLED

    time_machine.move_to(FIRST, tick=False)
    with pytest.raises(EnrolmentClosed, match="the course has started"):
        enrolment_create(course=open_course, student=late)
    with pytest.raises(EnrolmentClosed):
        waiting_list_join(course=open_course, student=late)

    assert fresh(open_course).places_taken == 1


@pytest.mark.django_db
def test_a_switched_off_trainer_of_the_course_still_cannot_enrol_on_it(open_course, peer_trainer):
    Trainer.objects.filter(user=peer_trainer).update(is_active=False)

    with pytest.raises(NotAllowed, match="You teach this course"):
        enrolment_create(course=open_course, student=fresh(peer_trainer))

    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_a_trainer_of_the_course_cannot_enrol_on_it(
    open_course, peer_trainer, practitioner_trainer
):
    for trainer in (peer_trainer, practitioner_trainer):
        with pytest.raises(NotAllowed, match="You teach this course"):
            enrolment_create(course=open_course, student=trainer)

    assert fresh(open_course).places_taken == 0
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_a_course_taken_off_the_prospectus_cannot_be_enrolled_on(open_course, manager, student):
    course = course_unpublish(course=open_course, user=manager, reason="")

    with pytest.raises(EnrolmentClosed, match="not open for enrolment"):
        enrolment_create(course=course, student=student)
    with pytest.raises(EnrolmentClosed):
        waiting_list_join(course=course, student=student)

    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_enrolling_on_a_course_cancelled_a_moment_ago_says_enrolment_is_closed(
    open_course, manager
):
    stale = Course.objects.get(pk=open_course.pk)  # the page was opened while it was open
    course_cancel(course=open_course, user=manager, reason="The venue closed.")
    newcomer = UserFactory()
    with pytest.raises(EnrolmentClosed):
        enrolment_create(course=stale, student=newcomer)
    assert not Enrolment.objects.filter(student=newcomer).exists()


@pytest.mark.django_db
def test_only_the_student_can_cancel_their_place(open_course):
    mine, theirs = enrolled(open_course, 2)

    with pytest.raises(NotAllowed):
        enrolment_cancel(enrolment=mine, user=theirs.student)

    assert fresh(mine).status == Enrolment.Status.ENROLLED
