"""Nobody waits long on a locked course (workshops/services/locking.py): past
COURSE_LOCK_TIMEOUT_MS the request answers "Lots of people are enrolling right now — please
try again", with what was typed kept and nothing half-done. Only PostgreSQL has row locks
and lock_timeout; CI runs these."""

import threading

import pytest
from django.db import connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from recovery_college.errors import DomainErrorMiddleware
from workshops.errors import CourseBusy
from workshops.models import Course, Enrolment
from workshops.services import enrolment_create, waiting_list_join
from workshops.services.locking import course_lock

from ..factories import UserFactory, fresh, open_course_make

BUSY = "Lots of people are enrolling right now — please try again."


class HeldLock:
    """Another connection holds the course's row lock until the block ends."""

    def __init__(self, course_id):
        self.course_id = course_id
        self.locked = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=self._hold)

    def _hold(self):
        try:
            with transaction.atomic():
                course_lock(course_id=self.course_id)
                self.locked.set()
                self.release.wait(timeout=30)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        assert self.locked.wait(timeout=10), "the other connection never took the lock"
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(timeout=30)


@pytest.fixture
def short_lock_timeout(settings):
    settings.COURSE_LOCK_TIMEOUT_MS = 300


pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_enrolling_on_a_locked_course_answers_try_again_with_the_form_kept(
    manager, client_for, short_lock_timeout
):
    course = open_course_make(manager=manager, capacity=3)
    student = UserFactory()
    with HeldLock(course.pk):
        response = client_for(student).post(
            reverse("workshops:enrol", args=[course.pk]),
            {"action": "enrol", "access_needs": "A seat near the door", "goal": "Sleep better"},
        )
    assert response.status_code == 503
    assert BUSY in response.content.decode()
    assert "A seat near the door" in response.content.decode()


def test_a_busy_enrolment_takes_no_place_and_makes_no_enrolment(
    manager, client_for, short_lock_timeout
):
    course = open_course_make(manager=manager, capacity=3)
    student = UserFactory()
    with HeldLock(course.pk):
        client_for(student).post(reverse("workshops:enrol", args=[course.pk]), {"action": "enrol"})
    assert fresh(course).places_taken == 0
    assert not Enrolment.objects.filter(course=course).exists()


def test_the_same_enrolment_succeeds_once_the_lock_is_released(
    manager, client_for, short_lock_timeout
):
    course = open_course_make(manager=manager, capacity=3)
    student = UserFactory()
    with HeldLock(course.pk):
        client_for(student).post(reverse("workshops:enrol", args=[course.pk]), {"action": "enrol"})
    response = client_for(student).post(
        reverse("workshops:enrol", args=[course.pk]), {"action": "enrol"}
    )
    assert response.status_code == 302
    assert Enrolment.objects.filter(course=course, student=student).count() == 1


def test_the_conditional_update_of_enrolling_gives_up_with_course_busy(manager, short_lock_timeout):
    course = open_course_make(manager=manager, capacity=3)
    with HeldLock(course.pk), pytest.raises(CourseBusy):
        enrolment_create(course=Course.objects.get(pk=course.pk), student=UserFactory())


def test_taking_the_course_lock_gives_up_with_course_busy(manager, short_lock_timeout):
    course = open_course_make(manager=manager, capacity=3)
    with HeldLock(course.pk), pytest.raises(CourseBusy):
        waiting_list_join(course=course, student=UserFactory())


def test_a_course_busy_no_view_caught_is_a_friendly_503_page():
    request = RequestFactory().get("/")
    request.user = None
    response = DomainErrorMiddleware(lambda r: None).process_exception(request, CourseBusy())
    assert response.status_code == 503
    assert BUSY in response.content.decode()
