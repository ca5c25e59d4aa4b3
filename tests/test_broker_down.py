"""Mail is never lost to a broker outage: with Redis unreachable the change still
commits and the message waits in the outbox; once Redis is back, the sweep sends it
exactly once."""

import pytest
from celery.contrib.testing.worker import start_worker

from recovery_college.celery import app as celery_app
from recovery_college.notifications import tasks
from recovery_college.notifications.models import OutboxMessage
from recovery_college.notifications.services import email_queue


def _use_broker(url: str) -> None:
    # Celery caches its connection and producer pools (kombu keeps them per broker URL);
    # forget ours so the next publish uses the new URL.
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_switch(settings):
    good = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    yield _use_broker
    _use_broker(good)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_mail_queued_while_redis_is_down_is_sent_once_when_it_is_back(broker_switch, mailoutbox):
    broker_switch("redis://127.0.0.1:1/0")  # nothing listens on port 1
    message = email_queue(to="ann@example.org", subject="Your place", body="See you there")
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert mailoutbox == []

    broker_switch(celery_app.conf.result_backend)  # Redis is back
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping

    with start_worker(celery_app, pool="solo", perform_ping_check=True):
        tasks.outbox_drain.delay().get(timeout=20)
        tasks.outbox_drain.delay().get(timeout=20)  # a second sweep finds nothing to send

    assert [m.subject for m in mailoutbox] == ["Your place"]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT


def _open_course():
    """A published course, open for enrolment, with one place and a session next week."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import CourseFactory, ScheduledSessionFactory

    course = CourseFactory(
        published=True, title="Sleep better", capacity=1, session_count=1, session_minutes=60
    )
    ScheduledSessionFactory(course=course, starts_at=timezone.now() + timedelta(days=7))
    return course


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_student_enrols_while_redis_is_down_and_gets_one_confirmation_once_it_is_back(
    broker_switch, mailoutbox, client
):
    from django.urls import reverse

    from tests.factories import UserFactory
    from workshops.models import Enrolment

    course = _open_course()
    student = UserFactory(email="ann@example.org")
    client.force_login(student)
    broker_switch("redis://127.0.0.1:1/0")  # nothing listens on port 1

    response = client.post(reverse("workshops:enrol", args=[course.pk]), {"action": "enrol"})

    enrolment = Enrolment.objects.get(course=course, student=student)
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:enrolment-detail", args=[enrolment.pk])
    assert enrolment.status == Enrolment.Status.ENROLLED
    course.refresh_from_db()
    assert course.places_taken == 1
    confirmation = OutboxMessage.objects.get(idempotency_key=f"enrolled:{enrolment.pk}")
    assert confirmation.status == OutboxMessage.Status.PENDING
    assert mailoutbox == []

    broker_switch(celery_app.conf.result_backend)  # Redis is back
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping

    with start_worker(celery_app, pool="solo", perform_ping_check=True):
        tasks.outbox_drain.delay().get(timeout=20)
        tasks.outbox_send.delay(confirmation.pk).get(timeout=20)  # the task run twice
        tasks.outbox_drain.delay().get(timeout=20)

    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["ann@example.org"], "You are enrolled on “Sleep better”")
    ]
