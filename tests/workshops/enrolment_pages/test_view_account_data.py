"""A student's data download (accounts:data-export): linked from the profile, with their
places and answers, and saying feedback is anonymous."""

import json

import pytest
from django.urls import reverse

from tests.factories import CourseMessageRecipientFactory
from workshops.services import enrolment_create

from .support import ACCESS, GOAL


@pytest.mark.django_db
def test_the_profile_links_to_the_data_download(client_for, student):
    html = client_for(student).get(reverse("accounts:profile")).content.decode()
    assert (
        f'<a href="{reverse("accounts:data-export")}">Download everything we hold about you</a>'
        in html
    )


@pytest.mark.django_db
def test_the_data_download_has_the_students_places_answers_and_says_feedback_is_anonymous(
    client_for, student, open_course
):
    enrolment_create(
        course=open_course, student=student, access_needs=ACCESS, goal=GOAL, share_goal=True
    )
    response = client_for(student).get(reverse("accounts:data-export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == student.email
    [place] = data["enrolments"]
    assert place["course"] == "Understanding anxiety"
    assert place["status"] == "enrolled"
    assert place["anything_that_would_help_you_take_part"] == ACCESS
    assert place["your_learning_goal"] == GOAL
    assert place["goal_shared_with_trainers"] is True
    assert "anonymous" in data["note"]


@pytest.mark.django_db
def test_the_data_download_has_the_messages_sent_to_the_student_and_no_one_elses(
    client_for, student
):
    mine = CourseMessageRecipientFactory(
        enrolment__student=student, message__body="We are in room 2 today."
    )
    CourseMessageRecipientFactory(message__body="Someone else's course note.")
    data = json.loads(client_for(student).get(reverse("accounts:data-export")).content)
    [place] = data["enrolments"]
    assert place["course"] == mine.message.course.title
    assert [m["message"] for m in place["messages_sent_to_you"]] == ["We are in room 2 today."]
    assert "Someone else" not in json.dumps(data)
