import pytest
from django.db import transaction

from recovery_college.notifications import tasks
from recovery_college.notifications.models import OutboxMessage
from recovery_college.notifications.services import email_queue


def _queue(**kwargs):
    return email_queue(to="ann@example.org", subject="Hello", body="Welcome", **kwargs)


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


@pytest.mark.django_db
def test_a_mail_server_failure_is_recorded_and_retried_later(settings, mailoutbox):
    message = _queue()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    assert tasks.outbox_send(message.pk) is False
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1 and message.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.outbox_drain() == 1
    assert len(mailoutbox) == 1
