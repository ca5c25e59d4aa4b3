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
