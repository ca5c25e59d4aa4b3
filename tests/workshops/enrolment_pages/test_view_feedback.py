"""Feedback (workshops:feedback-give, course-feedback): only for students invited, a
rating needed, stored without them and kept to the day; the course's trainers and
managers read it without names."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from workshops.models import Course, Enrolment, Feedback, ScheduledSession
from workshops.services import attendance_mark
from workshops.services.reminders import feedback_invitations_send

from ...factories import UserFactory, fresh
from ..enrolment_support import LONDON, SECOND, enrolled
from .support import FIRST, MY_COURSES, course_past, path_to


@pytest.mark.django_db
def test_feedback_is_only_for_invited_students_needs_a_rating_and_is_stored_without_them(
    client_for,
    student,
    manager,
    peer_trainer,
    practitioner_trainer,
    active_pairing,
    past_term,
    clock,
):
    absent = UserFactory(full_name="Abe Absent")
    past = course_past(
        clock,
        manager=manager,
        pairing=active_pairing,
        term=past_term,
        came=[student],
        absent=[absent],
    )
    not_invited = Enrolment.objects.get(course=past, student=absent)
    assert not_invited.feedback_invited_at is None
    assert client_for(absent).get(path_to("feedback-give", not_invited.pk)).status_code == 404

    place = Enrolment.objects.get(course=past, student=student)
    client = client_for(student)
    url = path_to("feedback-give", place.pk)
    assert "Send my feedback" in client.get(url).content.decode()

    missing = client.post(url, {"useful": "The breathing exercise", "for_trainers": "Thanks both"})
    assert missing.status_code == 200
    html = missing.content.decode()
    assert "Choose a rating from 1 to 5." in html
    assert "The breathing exercise" in html and "Thanks both" in html
    assert not Feedback.objects.exists()

    response = client.post(
        url, {"rating": "4", "useful": "The breathing exercise", "for_trainers": "Thanks both"}
    )
    assert response.status_code == 302
    assert response["Location"] == MY_COURSES
    feedback = Feedback.objects.get()
    assert (feedback.course_id, feedback.rating, feedback.useful) == (
        past.pk,
        4,
        "The breathing exercise",
    )
    relations = {f.name: f.related_model for f in Feedback._meta.get_fields() if f.is_relation}
    assert relations == {"course": Course}
    assert fresh(place).feedback_given_on is not None

    again = client.post(url, {"rating": "1", "useful": "Second go"})
    assert again.status_code == 302
    assert Feedback.objects.count() == 1

    for viewer in (peer_trainer, practitioner_trainer, manager):
        page = client_for(viewer).get(path_to("course-feedback", past.pk))
        assert page.status_code == 200
        results = page.content.decode()
        assert "The breathing exercise" in results and "Thanks both" in results
        assert "average rating <strong>4.0 out of 5</strong>" in results
        assert student.full_name not in results and student.email not in results


@pytest.mark.django_db
def test_feedback_records_only_the_local_day_it_was_given(
    open_course, peer_trainer, client_for, time_machine
):
    (place,) = enrolled(open_course, 1)
    time_machine.move_to(FIRST + timedelta(minutes=30), tick=False)
    attendance_mark(
        session=ScheduledSession.objects.get(course=open_course, number=1),
        user=peer_trainer,
        marks={place.pk: "present"},
    )
    time_machine.move_to(SECOND + timedelta(hours=3), tick=False)
    assert feedback_invitations_send() == 1
    # Half past midnight in summer time: still the day before in UTC.
    time_machine.move_to(datetime(2027, 3, 29, 0, 30, tzinfo=LONDON), tick=False)

    response = client_for(place.student).post(
        reverse("workshops:feedback-give", args=[place.pk]),
        {"rating": 5, "useful": "The breathing.", "change": "", "for_trainers": ""},
    )

    assert response.status_code == 302
    given = fresh(place).feedback_given_on
    assert type(given) is date
    assert given == date(2027, 3, 29)
    assert open_course.feedback.count() == 1
