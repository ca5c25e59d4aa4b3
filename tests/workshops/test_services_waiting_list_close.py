"""Waiting lists close when a course starts (workshops/services/waiting_list.py
`waiting_lists_close`, a beat job): entries end as closed, each student is told once,
and My courses and the place page stop giving a queue position from the start on."""

from datetime import timedelta

import pytest
from django.urls import reverse

from workshops.models import Enrolment
from workshops.services import waiting_lists_close

from .enrolment_support import FIRST, enrolled, fresh, mail_with, quiet, waiting

CLOSED = "The waiting list for “Understanding anxiety” has closed"


@pytest.fixture
def queue(open_course, mailoutbox):
    enrolled(open_course, 2)
    queued = waiting(open_course, 2)
    quiet(mailoutbox)
    return queued


@pytest.mark.django_db
def test_waiting_entries_close_when_the_first_session_starts(queue, time_machine):
    time_machine.move_to(FIRST, tick=False)

    assert waiting_lists_close() == 2

    assert [fresh(e).status for e in queue] == [Enrolment.Status.CLOSED] * 2
    assert fresh(queue[0]).ended_at == FIRST


@pytest.mark.django_db
def test_nothing_closes_before_the_course_starts(queue, time_machine):
    time_machine.move_to(FIRST - timedelta(minutes=1), tick=False)

    assert waiting_lists_close() == 0

    assert fresh(queue[0]).status == Enrolment.Status.WAITING


@pytest.mark.django_db
def test_each_student_waiting_is_told_once_kindly(queue, time_machine, committed, mailoutbox):
    time_machine.move_to(FIRST + timedelta(minutes=5), tick=False)

    with committed():
        waiting_lists_close()
        waiting_lists_close()

    told = mail_with(mailoutbox, CLOSED)
    assert sorted(m.to[0] for m in told) == sorted(e.student.email for e in queue)
    assert "sorry it did not work out" in told[0].body.lower()


@pytest.mark.django_db
def test_my_courses_stops_giving_a_queue_number_once_the_course_has_started(
    queue, time_machine, client_for
):
    time_machine.move_to(FIRST + timedelta(minutes=5), tick=False)  # before the job runs

    page = client_for(queue[0].student).get(reverse("workshops:my-courses")).content.decode()

    assert "on the waiting list" not in page
    assert "the waiting list closed when the course started" in page


@pytest.mark.django_db
def test_my_courses_lists_a_closed_entry_under_past(queue, time_machine, client_for):
    time_machine.move_to(FIRST + timedelta(minutes=5), tick=False)
    waiting_lists_close()

    response = client_for(queue[0].student).get(reverse("workshops:my-courses"))

    assert [e.pk for e in response.context["mine"].past] == [queue[0].pk]


@pytest.mark.django_db
def test_the_place_page_says_the_waiting_list_has_closed(queue, time_machine, client_for):
    time_machine.move_to(FIRST + timedelta(minutes=5), tick=False)
    url = reverse("workshops:enrolment-detail", args=[queue[0].pk])

    page = client_for(queue[0].student).get(url).content.decode()

    assert "Waiting list closed" in page
    assert "You are number" not in page


@pytest.mark.django_db
def test_the_waiting_list_close_job_is_on_the_one_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "workshops.tasks.waiting_lists_close" in tasks
