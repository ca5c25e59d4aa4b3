"""Notices after publishing speak to each reader: a student is told about their place, a
trainer that the students have been told."""

from datetime import timedelta

import pytest

from workshops.services import course_cancel, enrolment_create, session_cancel, session_schedule

from ..factories import ManagerFactory, UserFactory, open_course_make


@pytest.fixture
def course_with_a_student(db):
    manager = ManagerFactory()
    course = open_course_make(manager=manager, capacity=3)
    student = UserFactory(email="sam@example.org")
    enrolment_create(course=course, student=student)
    return course, manager, student


def _bodies(mailoutbox, subject_part):
    return {m.to[0]: m.body for m in mailoutbox if subject_part in m.subject}


@pytest.mark.django_db
def test_a_moved_session_tells_students_about_their_place_and_trainers_about_the_students(
    course_with_a_student, mailoutbox, django_capture_on_commit_callbacks
):
    course, manager, student = course_with_a_student
    session = course.sessions.get(number=1)
    with django_capture_on_commit_callbacks(execute=True):
        session_schedule(
            course=course,
            user=manager,
            number=1,
            starts_at=session.starts_at + timedelta(hours=3),
            online_link=session.online_link,
        )
    bodies = _bodies(mailoutbox, "has moved")
    assert "cancel your place" in bodies["sam@example.org"]
    for trainer in course.pairing.trainers:
        assert "The students holding places have been told" in bodies[trainer.user.email]
        assert "cancel your place" not in bodies[trainer.user.email]


@pytest.mark.django_db
def test_a_cancelled_session_and_course_are_worded_for_each_reader(
    course_with_a_student, mailoutbox, django_capture_on_commit_callbacks
):
    course, manager, _ = course_with_a_student
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(course=course, user=manager, number=2, reason="The room flooded.")
    bodies = _bodies(mailoutbox, "session 2 is cancelled")
    assert "Your place on the rest of the course is kept" in bodies["sam@example.org"]
    peer_email = course.pairing.peer.user.email
    assert "The students holding places have been told" in bodies[peer_email]

    with django_capture_on_commit_callbacks(execute=True):
        course_cancel(course=course, user=manager, reason="Both trainers are unwell.")
    bodies = _bodies(mailoutbox, "is cancelled")
    assert "Other courses in the prospectus" in bodies["sam@example.org"]
    assert "Everyone who had a place or was waiting has been told" in bodies[peer_email]
