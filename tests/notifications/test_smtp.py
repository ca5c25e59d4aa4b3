"""Sending through Django's real SMTP backend to a tiny SMTP server on 127.0.0.1: an outage,
a server that never answers, a conversation that hangs, and a refusal then a resend."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import DatabaseError, connection, transaction

from recovery_college.notifications import tasks
from recovery_college.notifications.models import OutboxMessage
from recovery_college.notifications.services import email_queue, outbox_message_id

from .conftest import use_smtp
from .fake_servers import FakeSMTPServer, SilentServer

START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
Status = OutboxMessage.Status


def _queue_several(count: int) -> list[OutboxMessage]:
    return [
        email_queue(to=f"student{n}@example.org", subject=f"Notice {n}", body="Hello")
        for n in range(count)
    ]


def _in_thread(target) -> threading.Thread:
    def run():
        try:
            target()
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.mark.django_db
def test_every_message_goes_once_when_the_mail_server_is_back_after_twelve_hours(
    settings, smtp_down, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(START, tick=False)
    with django_capture_on_commit_callbacks(execute=True):  # each kick fails at once
        messages = _queue_several(5)
    for _ in range(12 * 60):  # twelve hours of the beat sweep, once a minute
        time_machine.shift(timedelta(minutes=1))
        assert tasks.outbox_drain() == 0
    assert all(
        m.status == Status.PENDING and m.attempts > 8  # the old code gave up after 8
        for m in OutboxMessage.objects.filter(pk__in=[m.pk for m in messages])
    )

    with FakeSMTPServer() as server:
        use_smtp(settings, server.port)
        for _ in range(5):
            time_machine.shift(timedelta(minutes=1))
            tasks.outbox_drain()

    assert sorted(m["To"] for m in server.messages) == [f"student{n}@example.org" for n in range(5)]


@pytest.mark.django_db
def test_a_mail_server_that_never_answers_costs_one_timeout_per_sweep_not_one_per_message(
    settings,
):
    messages = _queue_several(3)
    with SilentServer() as server:
        use_smtp(settings, server.port, timeout=1)
        assert tasks.outbox_drain() == 0
    assert server.connections == 1  # it stopped at the first silence; other jobs get the worker
    rows = OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).order_by("pk")
    assert [(row.status, row.attempts) for row in rows] == [
        (Status.PENDING, 1),
        (Status.PENDING, 0),
        (Status.PENDING, 0),
    ]


@pytest.mark.django_db
def test_a_send_to_a_mail_server_that_never_answers_is_retried_later(settings):
    (message,) = _queue_several(1)
    with SilentServer() as server:
        use_smtp(settings, server.port, timeout=1)
        assert tasks.outbox_send(message.pk) is False
    message.refresh_from_db()
    assert message.status == Status.PENDING
    assert message.next_attempt_at and "unavailable" in message.last_error


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_outbox_row_is_locked_while_the_mail_server_is_talking(settings):
    message = OutboxMessage.objects.create(to="ann@example.org", subject="Once", body="Hi")
    seen = {}

    def check_from_another_connection(number):
        # Runs in the mail server's thread, during the SMTP conversation: its own
        # database connection tries to lock the row without waiting.
        try:
            with transaction.atomic():
                row = OutboxMessage.objects.select_for_update(nowait=True).get(pk=message.pk)
                seen["locked"], seen["claimed"] = True, row.lease_until is not None
        except DatabaseError as error:
            seen["locked"] = f"could not lock: {error}"
        finally:
            connection.close()

    with FakeSMTPServer(on_connect=check_from_another_connection) as server:
        use_smtp(settings, server.port, timeout=5)
        assert tasks.outbox_send(message.pk) is True
    assert seen == {"locked": True, "claimed": True}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_hung_mail_conversation_blocks_neither_the_row_nor_other_messages(settings):
    stuck, *others = (
        OutboxMessage.objects.create(to=f"s{n}@example.org", subject=f"Notice {n}", body="Hi")
        for n in range(3)
    )
    with FakeSMTPServer(hang_connections={1}) as server:
        use_smtp(settings, server.port, timeout=10)
        worker = _in_thread(lambda: tasks.outbox_send(stuck.pk))
        assert server.hanging.wait(timeout=10)

        with transaction.atomic():  # the stuck message's row is free to lock
            OutboxMessage.objects.select_for_update(nowait=True).get(pk=stuck.pk)
        sent_meanwhile = tasks.outbox_drain()  # another worker's sweep
        server.release()
        worker.join(timeout=30)

    assert sent_meanwhile == 2
    assert sorted(m["To"] for m in server.messages) == sorted(m.to for m in others)
    stuck.refresh_from_db()
    assert (stuck.status, stuck.attempts) == (Status.PENDING, 1)  # tried again later


@pytest.mark.django_db
def test_a_message_refused_then_resent_carries_the_same_message_id(settings, time_machine):
    time_machine.move_to(START, tick=False)
    (message,) = _queue_several(1)
    with FakeSMTPServer(data_replies=["451 4.3.0 Try again later"]) as server:
        use_smtp(settings, server.port)
        assert tasks.outbox_send(message.pk) is False
        time_machine.shift(timedelta(minutes=1))
        assert tasks.outbox_send(message.pk) is True
    (refused,), (accepted,) = server.rejected, server.messages
    assert refused["Message-ID"] == accepted["Message-ID"] == outbox_message_id(message)
