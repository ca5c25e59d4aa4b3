from datetime import timedelta

import pytest
from django.utils import timezone

from recovery_college.notifications.models import OutboxMessage
from recovery_college.notifications.selectors import outbox_problem_count


def _message(**fields):
    return OutboxMessage.objects.create(to="ann@example.org", subject="Hi", body="Hi", **fields)


@pytest.mark.django_db
def test_the_problem_count_adds_mail_that_stopped_trying_and_mail_that_is_late(time_machine):
    now = timezone.now()
    time_machine.move_to(now - timedelta(hours=1), tick=False)
    _message()  # late: nobody has tried it for an hour
    _message(status="failed")
    _message(status="sent")
    _message(last_error="refused", next_attempt_at=now + timedelta(minutes=5))  # in hand
    time_machine.move_to(now, tick=False)
    assert outbox_problem_count() == 2


@pytest.mark.django_db
def test_the_problem_count_agrees_with_the_mail_pages_rules(time_machine):
    """outbox_problem_count() is plain SQL (the College page reads it inside its one query
    of counts); outbox_health() is the ORM rule the mail pages use. Every kind of message:
    the two must count the same."""
    from recovery_college.notifications.selectors import outbox_health

    now = timezone.now()
    time_machine.move_to(now - timedelta(hours=2), tick=False)
    _message()  # late
    _message(status="failed")
    _message(status="sent")
    _message(lease_until=now + timedelta(minutes=1))  # late, but a worker holds it now
    _message(lease_until=now - timedelta(minutes=1))  # late, and its worker's hold ran out
    _message(last_error="refused", next_attempt_at=now + timedelta(minutes=5))  # in hand
    _message(last_error="refused", next_attempt_at=now - timedelta(hours=1))  # retry is late
    time_machine.move_to(now - timedelta(seconds=30), tick=False)
    _message()  # new: not late yet
    time_machine.move_to(now, tick=False)
    health = outbox_health()
    assert outbox_problem_count() == health["failed"] + health["overdue"] == 4
