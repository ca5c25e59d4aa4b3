"""Mail is never lost to a broker outage: with Redis unreachable, or accepting connections
and never answering, the change still commits, the request answers within the broker's
short timeouts and the message waits in the outbox; once Redis is back, the sweep sends it
exactly once."""

import threading

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.db import connection

from recovery_college.celery import app as celery_app
from recovery_college.notifications import tasks
from recovery_college.notifications.models import OutboxMessage
from recovery_college.notifications.services import email_queue

from .notifications.fake_servers import SilentServer

# A request that meets a hung broker waits about one connect and one read timeout. The
# bound below is that and a lot of slack for a busy test machine; without the timeouts the
# request would wait for ever.
HUNG_BROKER_BOUND = (
    django_settings.REDIS_CONNECT_TIMEOUT + django_settings.REDIS_SOCKET_TIMEOUT + 20
)


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


def _finishes(work) -> dict:
    """Run `work` in a thread and wait at most HUNG_BROKER_BOUND for it."""
    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=HUNG_BROKER_BOUND)
    outcome["finished"] = not thread.is_alive()
    return outcome


def _run(task, *args):
    """Run a task on the worker and wait for it (the mail tasks keep no result unless
    asked, and .get() on an ignored result does not wait)."""
    return task.apply_async(args, ignore_result=False).get(timeout=20)


def _sweep_twice_with_a_worker() -> None:
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping

    with start_worker(celery_app, pool="solo", perform_ping_check=True):
        _run(tasks.outbox_drain)
        _run(tasks.outbox_drain)  # a second sweep finds nothing to send


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_mail_queued_while_redis_is_down_is_sent_once_when_it_is_back(broker_switch, mailoutbox):
    broker_switch("redis://127.0.0.1:1/0")  # nothing listens on port 1
    message = email_queue(to="ann@example.org", subject="Your place", body="See you there")
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert mailoutbox == []

    broker_switch(celery_app.conf.result_backend)  # Redis is back
    _sweep_twice_with_a_worker()

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
        _run(tasks.outbox_drain)
        _run(tasks.outbox_send, confirmation.pk)  # the task run twice
        _run(tasks.outbox_drain)

    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["ann@example.org"], "You are enrolled on “Sleep better”")
    ]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_mail_queued_while_redis_hangs_commits_at_once_and_is_sent_once_later(
    broker_switch, mailoutbox
):
    with SilentServer() as hung:
        broker_switch(f"redis://127.0.0.1:{hung.port}/0")
        outcome = _finishes(
            lambda: email_queue(to="ann@example.org", subject="Your place", body="See you")
        )
        assert outcome["finished"] and hung.connections >= 1  # the kick tried, and gave up
    message = outcome["result"]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert mailoutbox == []

    broker_switch(celery_app.conf.result_backend)  # Redis answers again
    _sweep_twice_with_a_worker()

    assert [m.subject for m in mailoutbox] == ["Your place"]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_student_enrols_while_redis_hangs_and_gets_one_confirmation_once_it_answers(
    broker_switch, mailoutbox, client
):
    from django.urls import reverse

    from tests.factories import UserFactory
    from workshops.models import Enrolment

    course = _open_course()
    student = UserFactory(email="ann@example.org")
    client.force_login(student)
    with SilentServer() as hung:
        broker_switch(f"redis://127.0.0.1:{hung.port}/0")
        outcome = _finishes(
            lambda: client.post(reverse("workshops:enrol", args=[course.pk]), {"action": "enrol"})
        )
        assert outcome["finished"] and hung.connections >= 1

    enrolment = Enrolment.objects.get(course=course, student=student)
    assert outcome["result"].status_code == 302
    assert outcome["result"]["Location"] == reverse(
        "workshops:enrolment-detail", args=[enrolment.pk]
    )
    assert enrolment.status == Enrolment.Status.ENROLLED
    confirmation = OutboxMessage.objects.get(idempotency_key=f"enrolled:{enrolment.pk}")
    assert confirmation.status == OutboxMessage.Status.PENDING

    broker_switch(celery_app.conf.result_backend)  # Redis answers again
    _sweep_twice_with_a_worker()

    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["ann@example.org"], "You are enrolled on “Sleep better”")
    ]
