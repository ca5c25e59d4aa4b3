"""The page for messaging a course's students (workshops:course-message), the messages
on the course page, and on each student's My courses: who may open and send, errors
beside the field with what was typed kept, a double submit sends once, and a fixed
number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workshops.models import CourseMessage
from workshops.services.messages import course_message_send

from ..factories import CourseFactory, open_course_make
from .enrolment_support import enrolled, quiet, waiting

NOTE = "Please bring a notebook."


def page(course):
    return reverse("workshops:course-message", args=[course.pk])


@pytest.fixture
def students(open_course, mailoutbox):
    """Both places taken; one person waiting."""
    places = enrolled(open_course, 2)
    queued = waiting(open_course, 1)
    quiet(mailoutbox)
    return places, queued


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]


def post(client, course, body=NOTE, **extra):
    token = extra.pop("token", None) or token_of(client.get(page(course)))
    return client.post(page(course), {"body": body, "token": token, **extra})


@pytest.mark.django_db
def test_anonymous_people_are_asked_to_log_in(client, open_course):
    response = client.get(page(open_course))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["student", "outsider_trainer"])
def test_people_who_are_not_the_pair_or_a_manager_get_404(
    client_for, open_course, students, who, request
):
    client = client_for(request.getfixturevalue(who))
    assert client.get(page(open_course)).status_code == 404
    assert client.post(page(open_course), {"body": NOTE, "token": "t"}).status_code == 404
    assert not CourseMessage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["peer_trainer", "practitioner_trainer", "manager"])
def test_the_pair_and_managers_open_the_page(client_for, open_course, students, who, request):
    response = client_for(request.getfixturevalue(who)).get(page(open_course))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Message the students of “Understanding anxiety”" in html
    assert "2 people hold places" in html and "1 is on the waiting list" in html


@pytest.mark.django_db
def test_a_course_that_does_not_exist_or_is_a_template_is_404(client_for, manager):
    client = client_for(manager)
    assert client.get("/courses/999999/messages/").status_code == 404
    template = CourseFactory(template=True)
    assert client.get(page(template)).status_code == 404


@pytest.mark.django_db
def test_sending_tells_how_many_and_lists_it_for_the_pair(
    client_for, open_course, students, peer_trainer, practitioner_trainer, mailoutbox
):
    client = client_for(peer_trainer)
    response = post(client, open_course, include_waiting="on")

    assert response.status_code == 302
    followed = client.get(response["Location"]).content.decode()
    assert "Your message was sent to 3 people." in followed
    co_trainer = client_for(practitioner_trainer).get(page(open_course)).content.decode()
    assert NOTE in co_trainer
    assert (
        "Pat Peer" in co_trainer and "sent to 3 people (including the waiting list)" in co_trainer
    )
    course_page = reverse("workshops:course-detail", args=[open_course.pk])
    detail = client_for(practitioner_trainer).get(course_page).content.decode()
    assert "Messages to students" in detail and NOTE in detail


@pytest.mark.django_db
def test_a_double_submit_sends_once_and_says_so(
    client_for, open_course, students, manager, mailoutbox
):
    client = client_for(manager)
    token = token_of(client.get(page(open_course)))

    post(client, open_course, token=token)
    again = post(client, open_course, token=token)

    assert CourseMessage.objects.count() == 1
    followed = client.get(again["Location"]).content.decode()
    assert "That message was already sent to 2 people, so it was not sent again." in followed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", "Write your message to the students."),
        ("x" * 1200, "Keep your message to 1,000 characters or fewer. It has 1,200."),
    ],
)
def test_a_bad_message_is_refused_beside_the_field_keeping_what_was_typed(
    client_for, open_course, students, peer_trainer, body, error
):
    response = post(client_for(peer_trainer), open_course, body=body)
    html = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem" in html and error in html
    assert body in html
    assert not CourseMessage.objects.exists()


@pytest.mark.django_db
def test_a_form_without_its_token_asks_to_try_again_and_keeps_the_text(
    client_for, open_course, students, peer_trainer
):
    response = client_for(peer_trainer).post(page(open_course), {"body": NOTE, "token": ""})
    html = response.content.decode()

    assert "The page was out of date. Reload it and try again." in html
    assert NOTE in html
    assert token_of(response)  # a new token, so the next press sends
    assert not CourseMessage.objects.exists()


@pytest.mark.django_db
def test_nobody_to_send_to_is_said_in_plain_words(client_for, open_course, peer_trainer):
    html = post(client_for(peer_trainer), open_course).content.decode()
    assert (
        "Nobody holds a place on this course yet, so there is nobody to send a message to." in html
    )


@pytest.mark.django_db
def test_my_courses_shows_each_student_the_messages_for_their_own_place(
    client_for, open_course, students, manager, peer_trainer
):
    places, queued = students
    course_message_send(
        course=open_course, user=peer_trainer, body=NOTE, include_waiting=False, token="a"
    )
    my_courses = reverse("workshops:my-courses")

    mine = client_for(places[0].student).get(my_courses).content.decode()
    theirs = client_for(queued[0].student).get(my_courses).content.decode()

    assert NOTE in mine and "From Pat Peer, Peer Trainer" in mine
    assert NOTE not in theirs


@pytest.mark.django_db
def test_the_message_page_costs_the_same_queries_for_few_or_many_messages(
    client_for, open_course, students, manager, django_assert_max_num_queries
):
    client = client_for(manager)
    course_message_send(
        course=open_course, user=manager, body=NOTE, include_waiting=False, token="0"
    )
    client.get(page(open_course))
    with CaptureQueriesContext(connection) as few:
        client.get(page(open_course))
    for n in range(1, 15):
        course_message_send(
            course=open_course,
            user=manager,
            body=f"{NOTE} {n}",
            include_waiting=False,
            token=str(n),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(page(open_course))


@pytest.mark.django_db
def test_my_courses_costs_the_same_queries_with_many_messages(
    client_for, open_course, students, manager, django_assert_max_num_queries
):
    places, _ = students
    client = client_for(places[0].student)
    other = open_course_make(manager=manager, title="Sleep well")
    enrolled(other, 1)
    course_message_send(
        course=open_course, user=manager, body=NOTE, include_waiting=False, token="0"
    )
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("workshops:my-courses"))
    for n in range(1, 10):
        course_message_send(
            course=open_course,
            user=manager,
            body=f"{NOTE} {n}",
            include_waiting=False,
            token=str(n),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("workshops:my-courses"))
