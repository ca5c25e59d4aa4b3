"""A student's personal data: deleting an account however it happens (the place passes
on, the list moves up, the counts stay right) and data requests that follow the account,
not the email address."""

import pytest

from recovery_college.accounts.models import User
from recovery_college.accounts.services import account_data, account_delete
from recovery_college.notifications.models import OutboxMessage
from workshops.models import Enrolment
from workshops.selectors import waiting_position
from workshops.services import enrolment_create

from ..factories import UserFactory, WalkInAttendanceFactory, WalkInFactory, open_course_make
from .enrolment_support import ENROLLED, FIRST, enrolled, fresh, holding, waiting


@pytest.mark.django_db
def test_deleting_a_student_directly_offers_their_place_to_the_first_person_waiting(open_course):
    leaver, staying = enrolled(open_course, 2)
    first, second = waiting(open_course, 2)

    leaver.student.delete()

    assert fresh(first).status == Enrolment.Status.OFFERED
    assert fresh(second).status == Enrolment.Status.WAITING
    leaver = fresh(leaver)
    assert (leaver.status, leaver.student) == (Enrolment.Status.CANCELLED, None)
    course = fresh(open_course)
    assert course.places_taken == holding(course) == 2
    assert not Enrolment.objects.filter(
        course=course, status__in=Enrolment.LIVE, student=None
    ).exists()


@pytest.mark.django_db
def test_deleting_a_waiting_student_directly_takes_them_off_the_list_and_moves_others_up(
    open_course,
):
    enrolled(open_course, 2)
    first, second, third = waiting(open_course, 3)

    first.student.delete()

    first = fresh(first)
    assert (first.status, first.student) == (Enrolment.Status.LEFT, None)
    assert [waiting_position(fresh(e)) for e in (second, third)] == [1, 2]
    course = fresh(open_course)
    assert course.places_taken == holding(course) == 2
    assert not Enrolment.objects.filter(
        course=course, status__in=Enrolment.LIVE, student=None
    ).exists()


@pytest.mark.django_db
def test_data_requests_and_deletion_follow_the_account_not_the_email_address(
    open_course, manager, committed, mailoutbox
):
    a = UserFactory(email="sam@example.org")
    with committed():
        enrolment_create(course=open_course, student=a)
    a_messages = list(OutboxMessage.objects.filter(user=a).values_list("pk", flat=True))
    assert OutboxMessage.objects.get(pk__in=a_messages).to == "sam@example.org"

    a.email = "sam.new@example.org"
    a.save()
    b = UserFactory(email="sam@example.org")
    other = open_course_make(manager=manager, title="Sleeping well", first_starts_at=FIRST)
    with committed():
        enrolment_create(course=other, student=b)

    b_subjects = [m["subject"] for m in account_data(user=b)["emails_sent_to_you"]]
    a_subjects = [m["subject"] for m in account_data(user=a)["emails_sent_to_you"]]
    assert ENROLLED not in b_subjects
    assert b_subjects == ["You are enrolled on “Sleeping well”"]
    assert a_subjects == [ENROLLED]

    account_delete(user=a)

    assert not OutboxMessage.objects.filter(pk__in=a_messages).exists()
    assert not OutboxMessage.objects.filter(subject=ENROLLED).exists()
    assert OutboxMessage.objects.filter(user=b, to="sam@example.org").count() == 1
    assert not User.objects.filter(pk=a.pk).exists()


@pytest.mark.django_db
def test_a_walk_in_linked_to_the_account_is_in_its_data_download():
    person = UserFactory()
    walk_in = WalkInFactory(user=person, email=person.email, name="Sam Jones")
    WalkInAttendanceFactory(walk_in=walk_in)
    WalkInFactory()  # someone else's

    data = account_data(user=person)

    (entry,) = data["walk_ins"]
    assert entry["name_on_the_register"] == "Sam Jones"
    assert entry["attendance"] == {"session 1": "present"}
