"""Enrolling (workshops:enrol): two steps with a double submit taking no second place,
coming back after signing up or logging in, the waiting list when full or when someone
took the last place a moment ago, closed enrolment said plainly, and nothing clinical
asked."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse

from recovery_college.accounts.models import User
from recovery_college.notifications.models import OutboxMessage
from workshops.models import Course, Enrolment
from workshops.services import enrolment_create

from ...factories import PASSWORD, EnrolmentFactory, UserFactory, fresh
from .support import FIRST, NOW, course_open, path_to


@pytest.mark.django_db
def test_a_student_enrols_in_two_steps_and_a_double_submit_takes_no_second_place(
    client_for, student, open_course
):
    client = client_for(student)
    course_url = path_to("prospectus-course", open_course.pk)
    enrol_url = path_to("enrol", open_course.pk)

    course_page = client.get(course_url).content.decode()
    assert "3 places left" in course_page
    assert f'href="{enrol_url}">Enrol on this course</a>' in course_page

    form_page = client.get(enrol_url)
    assert form_page.status_code == 200
    html = form_page.content.decode()
    assert "Anything that would help you take part (optional)" in html
    assert "Your own learning goal (optional)" in html
    assert 'value="enrol"' in html and "Confirm my place" in html

    answers = {
        "action": "enrol",
        "access_needs": "Large print",
        "goal": "Sleep",
        "share_goal": "on",
    }
    response = client.post(enrol_url, answers)
    enrolment = Enrolment.objects.get(course=open_course, student=student)
    detail_url = path_to("enrolment-detail", enrolment.pk)
    assert response.status_code == 302
    assert response["Location"] == detail_url
    assert (enrolment.status, enrolment.access_needs, enrolment.goal, enrolment.share_goal) == (
        "enrolled",
        "Large print",
        "Sleep",
        True,
    )
    assert "You are enrolled." in client.get(course_url).content.decode()

    again = client.post(enrol_url, answers)
    assert again.status_code == 302
    assert again["Location"] == detail_url
    assert Enrolment.objects.filter(course=open_course, student=student).count() == 1
    assert fresh(open_course).places_taken == 1


@pytest.mark.django_db
def test_an_anonymous_visitor_signs_up_from_the_enrol_page_and_comes_straight_back(
    client, open_course
):
    enrol_url = path_to("enrol", open_course.pk)
    signup_url = f"{reverse('accounts:signup')}?next={enrol_url}"
    login_url = f"{reverse('accounts:login')}?next={enrol_url}"
    html = client.get(enrol_url).content.decode()
    assert f'href="{signup_url}">Create an account</a>' in html
    assert f'href="{login_url}">Log in</a>' in html
    assert "Confirm my place" not in html

    response = client.post(
        signup_url,
        {"full_name": "Nia Jones", "email": "nia@example.org", "password": "lantern-meadow-copper"},
    )
    assert response["Location"] == reverse("accounts:signup-sent")
    # The emailed link makes the account, logs the person in and comes back (issue 12).
    body = OutboxMessage.objects.get(to="nia@example.org").body
    link = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", body)[1]
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == enrol_url
    user = User.objects.get(email="nia@example.org")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Confirm my place" in client.get(enrol_url).content.decode()


@pytest.mark.django_db
def test_an_anonymous_visitor_logs_in_from_the_enrol_page_and_comes_straight_back(
    client, student, open_course
):
    enrol_url = path_to("enrol", open_course.pk)
    login_url = f"{reverse('accounts:login')}?next={enrol_url}"
    assert "Log in to carry on enrolling" in client.get(login_url).content.decode()

    response = client.post(
        login_url, {"username": student.email, "password": PASSWORD, "next": enrol_url}
    )
    assert response.status_code == 302
    assert response["Location"] == enrol_url
    assert client.session["_auth_user_id"] == str(student.pk)
    assert "Confirm my place" in client.get(enrol_url).content.decode()


@pytest.mark.django_db
def test_a_full_course_offers_the_waiting_list_and_tells_the_student_their_position(
    client_for, student, full_course
):
    client = client_for(student)
    enrol_url = path_to("enrol", full_course.pk)
    course_page = client.get(path_to("prospectus-course", full_course.pk)).content.decode()
    assert "Full: waiting list open." in course_page
    assert f'href="{enrol_url}">Join the waiting list</a>' in course_page

    html = client.get(enrol_url).content.decode()
    assert 'value="wait"' in html and "Join the waiting list</button>" in html
    assert "Confirm my place" not in html

    response = client.post(
        enrol_url, {"action": "wait", "access_needs": "", "goal": ""}, follow=True
    )
    enrolment = Enrolment.objects.get(course=full_course, student=student)
    assert enrolment.status == Enrolment.Status.WAITING
    assert response.redirect_chain == [(path_to("enrolment-detail", enrolment.pk), 302)]
    html = response.content.decode()
    assert "You are on the waiting list for “Hearing voices”: number 1." in html
    assert "You are number 1 on the waiting list" in html
    assert fresh(full_course).places_taken == 1


@pytest.mark.django_db
def test_when_someone_takes_the_last_place_first_the_form_offers_the_waiting_list_and_keeps_text(
    client_for, student, manager, active_pairing, term, room
):
    course = course_open(
        manager=manager, pairing=active_pairing, term=term, room=room, capacity=1, title="Tea"
    )
    client = client_for(student)
    enrol_url = path_to("enrol", course.pk)
    assert "Confirm my place" in client.get(enrol_url).content.decode()
    enrolment_create(course=course, student=UserFactory())  # someone else, a moment earlier

    response = client.post(
        enrol_url,
        {"action": "enrol", "access_needs": "Sitting near the door", "goal": "Meet people"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone took the last place a moment ago. You can join the waiting list" in html
    assert "Sitting near the door" in html and "Meet people" in html
    assert 'value="wait"' in html and "Join the waiting list</button>" in html
    assert not Enrolment.objects.filter(course=course, student=student).exists()
    assert fresh(course).places_taken == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment,reason",
    [
        (NOW - timedelta(days=3), "Enrolment opens on Sunday 28 February 2027."),
        (FIRST + timedelta(hours=1), "Enrolment has closed: the course has started."),
    ],
    ids=["before-enrolment-opens", "after-the-first-session-starts"],
)
def test_when_enrolment_is_closed_the_pages_say_why_and_a_post_is_refused_plainly(
    client_for, student, open_course, clock, moment, reason
):
    clock.move_to(moment)
    client = client_for(student)
    enrol_url = path_to("enrol", open_course.pk)
    course_page = client.get(path_to("prospectus-course", open_course.pk)).content.decode()
    assert reason in course_page
    assert "Enrol on this course" not in course_page

    page = client.get(enrol_url)
    assert page.status_code == 200
    assert reason in page.content.decode()
    assert "Confirm my place" not in page.content.decode()

    response = client.post(enrol_url, {"action": "enrol", "access_needs": "Large print"})
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not Enrolment.objects.filter(course=open_course).exists()
    assert fresh(open_course).places_taken == 0


@pytest.mark.django_db
def test_the_enrol_form_asks_nothing_clinical(client_for, student, open_course):
    response = client_for(student).get(path_to("enrol", open_course.pk))
    assert list(response.context["form"].fields) == ["access_needs", "goal", "share_goal"]
    html = response.content.decode()
    form = re.search(r'<form method="post" novalidate>.*?</form>', html, re.S).group(0)
    assert set(re.findall(r'name="([^"]+)"', form)) == {
        "csrfmiddlewaretoken",
        "access_needs",
        "goal",
        "share_goal",
        "action",
    }
    labels = [
        re.sub(r"<[^>]+>", "", label)
        for label in re.findall(r"<label[^>]*>(.*?)</label>", form, re.S)
    ]
    assert len(labels) == 3
    for word in ("diagnos", "treatment", "medication", "condition"):
        assert not any(word in label.lower() for label in labels)
    assert "We never ask about diagnoses or treatment." in html


@pytest.mark.django_db
def test_a_student_on_the_waiting_list_who_confirms_again_is_sent_to_their_entry(
    client_for, student, open_course
):
    entry = EnrolmentFactory(course=open_course, student=student, waiting=True)

    response = client_for(student).post(path_to("enrol", open_course.pk), {"action": "enrol"})

    assert response.status_code == 302
    assert response["Location"] == path_to("enrolment-detail", entry.pk)
    assert Enrolment.objects.filter(course=open_course, student=student).count() == 1
    assert fresh(open_course).places_taken == 0


@pytest.mark.django_db
def test_a_trainer_of_the_course_who_confirms_is_told_they_teach_it_and_takes_no_place(
    client_for, peer_trainer, open_course
):
    response = client_for(peer_trainer).post(
        path_to("enrol", open_course.pk), {"action": "enrol", "goal": "Learn"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "You teach this course, so you cannot enrol on it." in html
    assert "Learn" in html  # what they typed is kept
    assert not Enrolment.objects.filter(course=open_course).exists()
    assert fresh(open_course).places_taken == 0


@pytest.mark.django_db
def test_confirming_a_place_on_a_course_that_is_not_published_is_not_found(
    client_for, student, open_course
):
    Course.objects.filter(pk=open_course.pk).update(status=Course.Status.AGREED)

    response = client_for(student).post(path_to("enrol", open_course.pk), {"action": "enrol"})

    assert response.status_code == 404
    assert not Enrolment.objects.filter(course=open_course).exists()


@pytest.mark.django_db
def test_confirming_a_place_takes_a_fixed_few_queries(
    client_for, student, open_course, django_assert_num_queries
):
    """The session, the user, their roles (one query), the course with its first
    session's start and the student's live enrolment (one query); then, in one
    transaction: lock_timeout (PostgreSQL only), the conditional UPDATE that takes the
    place, the enrolment's INSERT and the confirmation's INSERT (its text is written by
    the mail worker). Under the test's own transaction the service's transaction shows
    as SAVEPOINT and RELEASE (BEGIN and COMMIT in production). It was 19, then 12."""
    client = client_for(student)
    enrol_url = path_to("enrol", open_course.pk)
    client.get(enrol_url)
    with django_assert_num_queries(10 if connection.vendor == "postgresql" else 9):
        response = client.post(enrol_url, {"access_needs": "", "goal": ""})
    assert response.status_code == 302
    assert Enrolment.objects.get(course=open_course, student=student).status == "enrolled"
