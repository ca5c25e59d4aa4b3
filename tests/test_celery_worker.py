"""A real Celery worker, consuming from the real Redis broker, sends a queued email."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from recovery_college.celery import app as celery_app
from recovery_college.notifications import tasks
from recovery_college.notifications.models import OutboxMessage
from recovery_college.notifications.services import email_queue


@pytest.fixture
def redis_worker(settings):
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping for the check

    celery_app.conf.task_always_eager = False
    with start_worker(celery_app, pool="solo", perform_ping_check=True, shutdown_timeout=10):
        yield


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_answers_a_task_through_redis(redis_worker):
    assert tasks.ping.delay().get(timeout=20) == "pong"


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_mail_queued_after_commit(redis_worker, mailoutbox):
    message = email_queue(to="ann@example.org", subject="From the worker", body="Hello")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not mailoutbox:
        time.sleep(0.1)
    assert [m.subject for m in mailoutbox] == ["From the worker"]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_runs_the_sweep_by_the_name_the_beat_schedule_uses(
    redis_worker, settings, mailoutbox
):
    message = OutboxMessage.objects.create(to="ann@example.org", subject="Swept", body="Hi")
    name = settings.CELERY_BEAT_SCHEDULE["drain-outbox"]["task"]
    assert celery_app.send_task(name, ignore_result=False).get(timeout=20) == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
