from datetime import timedelta

import pytest
from django.db import OperationalError
from django.urls import reverse

URL = reverse("healthz")


@pytest.mark.django_db
def test_it_answers_200_when_everything_is_reachable(client, settings):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["redis"] == ("ok" if settings.REDIS_URL else "not configured")


@pytest.mark.django_db
def test_it_answers_503_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["redis"] == "unreachable"


@pytest.mark.django_db
@pytest.mark.redis
def test_it_keeps_one_redis_client_rather_than_connecting_on_every_ask(client, monkeypatch):
    import redis

    from recovery_college import health

    made = []
    real = redis.Redis.from_url

    def counting(url, **kwargs):
        made.append(url)
        return real(url, **kwargs)

    monkeypatch.setattr(health, "_clients", {})
    monkeypatch.setattr(health.redis.Redis, "from_url", counting)
    for _ in range(3):
        assert client.get(URL).json()["redis"] == "ok"
    assert len(made) == 1


@pytest.mark.django_db
def test_it_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


# Mail trouble is counted, for monitoring, without making the instance unavailable


def _message(**fields):
    from recovery_college.notifications.models import OutboxMessage

    return OutboxMessage.objects.create(to="ann@example.org", subject="Hi", body="Hi", **fields)


@pytest.mark.django_db
def test_it_counts_mail_that_stopped_trying_and_still_answers_ok(client):
    _message(status="failed", attempts=80, last_error="timed out")
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["outbox"] == {"failed": 1, "retrying": 0, "overdue": 0}


@pytest.mark.django_db
def test_it_counts_mail_being_retried_after_a_failure(client):
    from django.utils import timezone

    _message(
        attempts=2, last_error="refused", next_attempt_at=timezone.now() + timedelta(minutes=2)
    )
    assert client.get(URL).json()["outbox"] == {"failed": 0, "retrying": 1, "overdue": 0}


@pytest.mark.django_db
def test_it_counts_mail_nobody_has_tried_to_send_for_over_15_minutes(client, time_machine):
    from django.utils import timezone

    time_machine.move_to(timezone.now() - timedelta(minutes=16), tick=False)
    _message()  # queued, never sent: no worker picked it up
    time_machine.move_to(timezone.now() + timedelta(minutes=16), tick=False)
    assert client.get(URL).json()["outbox"] == {"failed": 0, "retrying": 0, "overdue": 1}


@pytest.mark.django_db
def test_mail_queued_a_moment_ago_is_not_counted_as_late(client):
    _message()
    assert client.get(URL).json()["outbox"] == {"failed": 0, "retrying": 0, "overdue": 0}
