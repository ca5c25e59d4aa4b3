import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from recovery_college.accounts.models import User
from recovery_college.notifications import services, tasks
from recovery_college.notifications.models import OutboxMessage
from recovery_college.notifications.services import (
    LEASE,
    AlreadySent,
    email_queue,
    email_queue_later,
    outbox_message_claim,
    outbox_message_retry,
)

START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
Status = OutboxMessage.Status


def _queue(**kwargs):
    return email_queue(to="ann@example.org", subject="Hello", body="Welcome", **kwargs)


def _send_when_due(message, time_machine) -> bool:
    """Move the clock to the message's next try and run the send task."""
    message.refresh_from_db()
    if message.next_attempt_at:
        time_machine.move_to(message.next_attempt_at, tick=False)
    return tasks.outbox_send(message.pk)


@pytest.mark.django_db
def test_a_queued_email_is_sent_once_the_transaction_commits(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = _queue()
    assert mailoutbox == []  # nothing goes out before commit
    for callback in callbacks:
        callback()
    assert [m.subject for m in mailoutbox] == ["Hello"]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.sent_at


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_or_kept_when_the_transaction_rolls_back(mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        _queue()
        raise RuntimeError("the change failed")
    assert mailoutbox == []
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_running_the_send_task_twice_sends_one_email(mailoutbox):
    message = _queue()
    assert tasks.outbox_send(message.pk) is True
    assert tasks.outbox_send(message.pk) is False
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_the_same_idempotency_key_queues_one_message(mailoutbox):
    first = _queue(idempotency_key="welcome:1")
    second = _queue(idempotency_key="welcome:1")
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1


@pytest.mark.django_db
def test_the_sweep_sends_what_is_still_waiting(mailoutbox):
    _queue()
    _queue()
    assert tasks.outbox_drain() == 2
    assert len(mailoutbox) == 2
    assert tasks.outbox_drain() == 0


# Failures: retried with backoff for days, then a manager's turn


@pytest.mark.django_db
def test_a_mail_server_failure_is_recorded_and_retried_after_a_minute(
    settings, smtp_down, time_machine, mailoutbox
):
    time_machine.move_to(START, tick=False)
    message = _queue()
    assert tasks.outbox_send(message.pk) is False
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.PENDING, 1)
    assert "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at == START + timedelta(minutes=1)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.outbox_drain() == 0  # not before its minute is up
    time_machine.shift(timedelta(minutes=1))
    assert tasks.outbox_drain() == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_the_wait_between_tries_doubles_up_to_an_hour(smtp_down, time_machine):
    time_machine.move_to(START, tick=False)
    message = _queue()
    waits = []
    for _ in range(9):
        tried_at = message.next_attempt_at or START
        assert _send_when_due(message, time_machine) is False
        message.refresh_from_db()
        waits.append((message.next_attempt_at - tried_at) // timedelta(minutes=1))
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60]


@pytest.mark.django_db
def test_a_message_is_still_retried_after_two_days_without_a_mail_server(smtp_down, time_machine):
    time_machine.move_to(START, tick=False)
    message = _queue()
    while (message.next_attempt_at or START) < START + timedelta(hours=48):
        _send_when_due(message, time_machine)
        message.refresh_from_db()
    assert message.status == Status.PENDING
    assert message.attempts > 8  # the old limit gave up after 8 tries, 7 minutes


@pytest.mark.django_db
def test_a_message_stops_trying_after_three_days_and_waits_for_a_manager(smtp_down, time_machine):
    time_machine.move_to(START, tick=False)
    message = _queue()
    for _ in range(200):
        _send_when_due(message, time_machine)
        message.refresh_from_db()
        if message.status != Status.PENDING:
            break
    assert message.status == Status.FAILED
    assert timezone.now() >= START + timedelta(hours=72)  # the moment it gave up


@pytest.mark.django_db
def test_a_message_that_stopped_trying_is_left_alone_by_the_sweep(
    smtp_down, time_machine, mailoutbox
):
    time_machine.move_to(START, tick=False)
    message = _queue()
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.FAILED)
    time_machine.shift(timedelta(days=5))
    assert tasks.outbox_drain() == 0
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 0


# A manager sends a message again


@pytest.mark.django_db
def test_a_manager_can_send_again_a_message_that_stopped_trying(
    time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    time_machine.move_to(START, tick=False)
    message = _queue()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.FAILED, attempts=80, next_attempt_at=None, last_error="timed out"
    )
    time_machine.shift(timedelta(days=4))
    with django_capture_on_commit_callbacks(execute=True):
        outbox_message_retry(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert [m.subject for m in mailoutbox] == ["Hello"]


@pytest.mark.django_db
def test_sending_again_gives_a_message_three_more_days_of_tries(smtp_down, time_machine):
    time_machine.move_to(START, tick=False)
    message = _queue()
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.FAILED)
    time_machine.shift(timedelta(days=4))
    outbox_message_retry(message_id=message.pk)
    assert tasks.outbox_send(message.pk) is False  # the server is still down
    message.refresh_from_db()
    assert message.status == Status.PENDING
    assert message.retry_until == START + timedelta(days=4, hours=72)


@pytest.mark.django_db
def test_a_message_already_sent_is_not_sent_again(mailoutbox):
    message = _queue()
    tasks.outbox_send(message.pk)
    with pytest.raises(AlreadySent):
        outbox_message_retry(message_id=message.pk)
    assert len(mailoutbox) == 1


# A worker that dies while sending


@pytest.mark.django_db
def test_a_message_whose_worker_died_waits_for_the_lease_to_run_out(time_machine, mailoutbox):
    time_machine.move_to(START, tick=False)
    message = _queue()
    assert outbox_message_claim(message_id=message.pk)  # a worker claims it, then dies
    time_machine.shift(LEASE - timedelta(seconds=1))
    assert tasks.outbox_drain() == 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_message_whose_worker_died_is_sent_by_the_sweep_once_the_lease_runs_out(
    time_machine, mailoutbox
):
    time_machine.move_to(START, tick=False)
    message = _queue()
    assert outbox_message_claim(message_id=message.pk)  # a worker claims it, then dies
    time_machine.shift(LEASE)
    assert tasks.outbox_drain() == 1
    assert tasks.outbox_drain() == 0
    assert len(mailoutbox) == 1


# Message-ID


@pytest.mark.django_db
def test_each_message_carries_a_message_id_made_from_its_row(settings, mailoutbox):
    settings.DEFAULT_FROM_EMAIL = "Recovery College <college@mail.example.org>"
    message = _queue()
    tasks.outbox_send(message.pk)
    stamp = int(message.created_at.timestamp())
    assert mailoutbox[0].message()["Message-ID"] == (
        f"<outbox-{message.pk}-{stamp}@mail.example.org>"
    )


# Nothing typed by a person reaches a header unchanged


@pytest.mark.django_db
def test_a_subject_over_255_characters_is_shortened_with_an_ellipsis(mailoutbox):
    name, title = "N" * 150, "T" * 120  # a long trainer name and a long course title
    subject = f"{name} has been working on “{title}”"
    message = email_queue(to="ann@example.org", subject=subject, body="Hi")
    tasks.outbox_send(message.pk)
    assert [m.subject for m in mailoutbox] == [subject[:254] + "…"]


@pytest.mark.django_db
def test_line_breaks_and_control_characters_in_a_subject_become_spaces(mailoutbox):
    message = email_queue(
        to="ann@example.org", subject="Sleep\r\nBcc: eve@example.org\x00\tbetter", body="Hi"
    )
    tasks.outbox_send(message.pk)
    sent = mailoutbox[0].message()
    assert sent["Subject"] == "Sleep Bcc: eve@example.org better"
    assert sent["Bcc"] is None


@pytest.mark.django_db
def test_a_message_queued_with_a_line_break_in_its_subject_before_the_fix_is_sent(mailoutbox):
    message = OutboxMessage.objects.create(to="ann@example.org", subject="Sleep\nbetter", body="Hi")
    assert tasks.outbox_send(message.pk) is True
    assert [m.subject for m in mailoutbox] == ["Sleep better"]


# The package's own imports


def test_no_notifications_module_but_the_app_config_imports_the_tasks():
    """tasks import services; services find the send task by name (no import cycle)."""
    package = Path(__file__).parents[2] / "recovery_college" / "notifications"
    importers = []
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [f"{node.module or ''}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            if any("tasks" in name.split(".") for name in names):
                importers.append(path.name)
    assert importers == ["apps.py"]


@pytest.mark.django_db
def test_a_new_keyed_message_is_one_insert(django_assert_num_queries):
    with django_assert_num_queries(1):
        message = _queue(idempotency_key="welcome:1")
    assert OutboxMessage.objects.get(pk=message.pk).idempotency_key == "welcome:1"


@pytest.mark.django_db(transaction=True)
def test_a_repeat_inside_a_transaction_returns_the_first_and_the_transaction_goes_on():
    with transaction.atomic():
        first = _queue(idempotency_key="welcome:2")
        again = email_queue(
            to="ann@example.org", subject="Other", body="Other", idempotency_key="welcome:2"
        )
        after = _queue(idempotency_key="welcome:3")  # the transaction is still usable
    assert again.pk == first.pk and again.subject == "Hello"
    assert OutboxMessage.objects.filter(pk=after.pk).exists()
    assert OutboxMessage.objects.count() == 2


# Bodies the worker writes (email_queue_later)


@pytest.fixture
def greeting_writer(monkeypatch):
    """A body writer for the kind "test.greeting": greets the user `object_id` by name, and
    records each id it wrote for."""
    written = []

    def write(user_id: int) -> str:
        written.append(user_id)
        return f"Hello {User.objects.get(pk=user_id).full_name}"

    monkeypatch.setitem(services._BODY_WRITERS, "test.greeting", write)
    return written


def _queue_later(user, **kwargs):
    return email_queue_later(
        to=user.email,
        user=user,
        subject="Hello",
        kind="test.greeting",
        object_id=user.pk,
        idempotency_key=f"greeting:{user.pk}",
        **kwargs,
    )


@pytest.mark.django_db
def test_a_message_with_its_body_written_later_is_one_insert_and_writes_nothing_yet(
    greeting_writer, django_assert_num_queries, django_capture_on_commit_callbacks
):
    user = User.objects.create(email="ann@example.org", full_name="Ann Lee")
    with django_capture_on_commit_callbacks(execute=False), django_assert_num_queries(1):
        message = _queue_later(user)
    assert greeting_writer == []
    assert OutboxMessage.objects.get(pk=message.pk).body == ""


@pytest.mark.django_db
def test_a_body_written_later_is_written_when_the_message_is_sent_and_kept(
    greeting_writer, mailoutbox, django_capture_on_commit_callbacks
):
    user = User.objects.create(email="ann@example.org", full_name="Ann Lee")
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue_later(user)
    assert [(m.to, m.subject, m.body) for m in mailoutbox] == [
        (["ann@example.org"], "Hello", "Hello Ann Lee")
    ]
    message.refresh_from_db()
    assert (message.status, message.body) == (Status.SENT, "Hello Ann Lee")


@pytest.mark.django_db
def test_a_body_written_later_is_written_once_and_a_retry_sends_the_same_text(
    settings, smtp_down, greeting_writer, time_machine, mailoutbox
):
    time_machine.move_to(START, tick=False)
    user = User.objects.create(email="ann@example.org", full_name="Ann Lee")
    message = _queue_later(user)
    assert tasks.outbox_send(message.pk) is False  # the mail server is down
    User.objects.filter(pk=user.pk).update(full_name="Ann Changed")

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    time_machine.shift(timedelta(minutes=1))
    assert tasks.outbox_drain() == 1
    assert [m.body for m in mailoutbox] == ["Hello Ann Lee"]
    assert greeting_writer == [user.pk]


@pytest.mark.django_db
def test_a_message_about_something_gone_gives_up_at_once_and_says_why(greeting_writer, mailoutbox):
    user = User.objects.create(email="ann@example.org", full_name="Ann Lee")
    message = _queue_later(user)
    OutboxMessage.objects.filter(pk=message.pk).update(object_id=user.pk + 1000)
    assert tasks.outbox_send(message.pk) is False
    message.refresh_from_db()
    assert (message.status, message.next_attempt_at) == (Status.FAILED, None)
    assert "DoesNotExist" in message.last_error
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_a_message_with_its_body_written_later_is_not_kept_when_the_transaction_rolls_back(
    greeting_writer, mailoutbox
):
    user = User.objects.create(email="ann@example.org", full_name="Ann Lee")
    with pytest.raises(RuntimeError), transaction.atomic():
        _queue_later(user)
        raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists()
    assert (mailoutbox, greeting_writer) == ([], [])


def test_queueing_a_kind_nobody_can_write_is_refused():
    with pytest.raises(LookupError, match="no.such.kind"):
        email_queue_later(
            to="ann@example.org",
            subject="Hi",
            kind="no.such.kind",
            object_id=1,
            idempotency_key="k",
        )
