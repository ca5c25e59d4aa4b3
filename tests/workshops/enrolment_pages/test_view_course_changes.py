"""The managers' changes after publishing (workshops:course-unpublish, course-cancel,
session-cancel): each needs a reason when people hold places or wait, and tells them;
other trainers get 404."""

import pytest

from workshops.models import Course, Enrolment
from workshops.services import enrolment_create, waiting_list_join

from ...factories import UserFactory, fresh
from .support import path_to


def _blank_reason_is_refused(client, url, message):
    page = client.get(url)
    assert page.status_code == 200
    assert "2 students</strong> have a place or are waiting" in page.content.decode()
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert message in response.content.decode()


def _sent_to(mailoutbox, subject_part):
    return sorted(address for m in mailoutbox if subject_part in m.subject for address in m.to)


@pytest.fixture
def holders(open_course):
    """One student enrolled and one waiting (capacity made 1 first)."""
    enrolled = enrolment_create(
        course=open_course, student=UserFactory(email="enrolled@example.org")
    )
    Course.objects.filter(pk=open_course.pk).update(capacity=1)
    waiting = waiting_list_join(course=open_course, student=UserFactory(email="waits@example.org"))
    assert waiting.status == Enrolment.Status.WAITING
    return enrolled, waiting


@pytest.mark.django_db
def test_taking_a_course_off_the_prospectus_needs_a_reason_and_tells_the_students(
    client_for, manager, open_course, holders, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    url = path_to("course-unpublish", open_course.pk)
    _blank_reason_is_refused(
        client, url, "Please say why: the students enrolled or waiting are told."
    )
    assert fresh(open_course).status == Course.Status.PUBLISHED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "The room flooded."})
    assert response.status_code == 302
    assert response["Location"] == path_to("course-detail", open_course.pk)
    assert fresh(open_course).status == Course.Status.AGREED
    assert {e.status for e in map(fresh, holders)} == {"enrolled", "waiting"}
    assert _sent_to(mailoutbox, "taken off the prospectus") == [
        "enrolled@example.org",
        "waits@example.org",
    ]
    assert all("The room flooded." in m.body for m in mailoutbox)


@pytest.mark.django_db
def test_cancelling_a_course_needs_a_reason_and_tells_students_and_trainers(
    client_for,
    manager,
    peer_trainer,
    practitioner_trainer,
    open_course,
    holders,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client = client_for(manager)
    url = path_to("course-cancel", open_course.pk)
    _blank_reason_is_refused(
        client, url, "Please say why: the students enrolled or waiting are told."
    )
    assert fresh(open_course).status == Course.Status.PUBLISHED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Both trainers are unwell."})
    assert response.status_code == 302
    course = fresh(open_course)
    assert (course.status, course.places_taken) == (Course.Status.CANCELLED, 0)
    assert {e.status for e in map(fresh, holders)} == {"course_cancelled"}
    assert _sent_to(mailoutbox, "is cancelled") == sorted(
        [
            "enrolled@example.org",
            "waits@example.org",
            peer_trainer.email,
            practitioner_trainer.email,
        ]
    )
    assert all("Both trainers are unwell." in m.body for m in mailoutbox)


@pytest.mark.django_db
def test_cancelling_a_session_needs_a_reason_and_tells_the_people_holding_places(
    client_for,
    manager,
    peer_trainer,
    practitioner_trainer,
    open_course,
    holders,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client = client_for(manager)
    url = path_to("session-cancel", open_course.pk, 1)
    _blank_reason_is_refused(
        client, url, "Please say why the session is cancelled: the students are told."
    )
    assert not open_course.sessions.get(number=1).cancelled

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "The room is double booked."})
    assert response.status_code == 302
    assert response["Location"] == path_to("course-schedule", open_course.pk)
    assert open_course.sessions.get(number=1).cancelled
    assert not open_course.sessions.get(number=2).cancelled
    assert _sent_to(mailoutbox, "session 1 is cancelled") == sorted(
        ["enrolled@example.org", peer_trainer.email, practitioner_trainer.email]
    )
    assert all("The room is double booked." in m.body for m in mailoutbox)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,number",
    [("course-unpublish", None), ("course-cancel", None), ("session-cancel", 1)],
)
def test_a_trainer_who_is_not_a_manager_gets_404_on_the_managers_changes(
    client_for, peer_trainer, open_course, holders, name, number
):
    client = client_for(peer_trainer)
    url = path_to(name, open_course.pk, *([number] if number else []))
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "I would like to"}).status_code == 404
    assert fresh(open_course).status == Course.Status.PUBLISHED
    assert not open_course.sessions.filter(cancelled=True).exists()
