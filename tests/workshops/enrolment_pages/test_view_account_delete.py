"""Deleting an account (accounts:delete): the right password needed; an upcoming place
freed for the next person; a finished course's numbers, attendance and feedback kept;
trainers and managers sent to a manager instead."""

import pytest
from django.urls import reverse

from recovery_college.accounts.models import User
from workshops.models import Attendance, Course, Enrolment, Feedback
from workshops.selectors import course_roster
from workshops.services import enrolment_create, waiting_list_join

from ...factories import PASSWORD, UserFactory, fresh
from .support import ACCESS, GOAL, course_past, path_to


@pytest.mark.django_db
def test_deleting_an_account_needs_the_right_password(client_for, student):
    response = client_for(student).post(reverse("accounts:delete"), {"password": "not-it"})
    assert response.status_code == 200
    assert "That is not your password. Please try again." in response.content.decode()
    assert User.objects.filter(pk=student.pk).exists()


@pytest.mark.django_db
def test_deleting_a_student_frees_their_upcoming_place_for_the_next_person_and_ends_log_in(
    client, client_for, student, full_course
):
    Course.objects.filter(pk=full_course.pk).update(capacity=2)
    mine = enrolment_create(course=full_course, student=student, access_needs=ACCESS, goal=GOAL)
    waiter = waiting_list_join(course=full_course, student=UserFactory())
    assert waiter.status == Enrolment.Status.WAITING

    response = client_for(student).post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not User.objects.filter(pk=student.pk).exists()
    assert fresh(waiter).status == Enrolment.Status.OFFERED
    gone = fresh(mine)
    assert (gone.student, gone.status, gone.access_needs, gone.goal) == (None, "cancelled", "", "")
    assert fresh(full_course).places_taken == 2  # Hana's place and the offer

    login = client.post(
        reverse("accounts:login"), {"username": student.email, "password": PASSWORD}
    )
    assert login.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_deleting_a_student_keeps_a_finished_courses_numbers_attendance_and_feedback(
    client, client_for, student, manager, active_pairing, past_term, clock
):
    classmate = UserFactory(full_name="Cal Classmate")
    past = course_past(
        clock, manager=manager, pairing=active_pairing, term=past_term, came=[student, classmate]
    )
    place = Enrolment.objects.get(course=past, student=student)
    student_client = client_for(student)
    student_client.post(path_to("feedback-give", place.pk), {"rating": "5", "useful": "Everything"})
    assert Feedback.objects.filter(course=past).count() == 1
    before = course_roster(course=past)
    places_taken = fresh(past).places_taken

    response = student_client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=student.pk).exists()
    kept = fresh(place)
    assert (kept.student, kept.status, kept.access_needs, kept.goal, kept.share_goal) == (
        None,
        Enrolment.Status.ENROLLED,
        "",
        "",
        False,
    )
    assert Attendance.objects.filter(enrolment=kept, status="present").count() == 1
    assert Feedback.objects.filter(course=past).count() == 1
    after = course_roster(course=past)
    assert len(after.enrolled) == len(before.enrolled) == 2
    assert after.came == before.came
    assert after.attendance_rate == before.attendance_rate == 100
    assert fresh(past).places_taken == places_taken
    login = client.post(
        reverse("accounts:login"), {"username": student.email, "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert login.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["peer_trainer", "manager"])
def test_a_trainer_or_manager_cannot_delete_their_account_here(client_for, request, role):
    user = request.getfixturevalue(role)
    response = client_for(user).post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 200
    assert (
        "Trainer and manager accounts cannot be deleted here. Please ask a college manager to "
        "end your role first." in response.content.decode()
    )
    assert User.objects.filter(pk=user.pk).exists()
