"""Reads about the outbox: the health counts and the managers' list of mail in trouble."""

from datetime import timedelta

from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import OutboxMessage

# A pending message nobody has tried for this long after it was due is late: the worker
# or beat is not running, or the mail server has been down long enough to notice.
OVERDUE_AFTER = timedelta(minutes=15)
PROBLEM_LIST_LIMIT = 200

Status = OutboxMessage.Status


def _overdue(now) -> Q:
    return Q(status=Status.PENDING, due_at__lt=now - OVERDUE_AFTER) & (
        Q(lease_until__isnull=True) | Q(lease_until__lte=now)
    )


def _unsent():
    """Pending and failed messages (through the status index), each with `due_at`."""
    return OutboxMessage.objects.filter(status__in=[Status.PENDING, Status.FAILED]).annotate(
        due_at=Coalesce(F("next_attempt_at"), F("created_at"))
    )


def outbox_health() -> dict[str, int]:
    """How many messages gave up (`failed`, waiting for a manager), are being retried after
    a failure (`retrying`), and are late (`overdue`). One query."""
    now = timezone.now()
    return _unsent().aggregate(
        failed=Count("pk", filter=Q(status=Status.FAILED)),
        retrying=Count("pk", filter=Q(status=Status.PENDING) & ~Q(last_error="")),
        overdue=Count("pk", filter=_overdue(now)),
    )


# outbox_problem_count() as a plain scalar query (the rules of `_overdue` and of failed,
# written out): the College page reads it inside its one query of counts
# (workshops/selectors/college.py), where the ORM would build the aggregate afresh on every
# load, at more CPU than the count costs. Its parameters come from
# outbox_problem_count_params(); tests/notifications/test_selectors.py holds the two ways
# to the same count.
OUTBOX_PROBLEM_COUNT_SQL = """
    SELECT COUNT(*) FROM notifications_outboxmessage m
    WHERE m.status = %(outbox_failed)s
       OR (m.status = %(outbox_pending)s
           AND COALESCE(m.next_attempt_at, m.created_at) < %(outbox_late_before)s
           AND (m.lease_until IS NULL OR m.lease_until <= %(outbox_now)s))
"""


def outbox_problem_count_params(now=None) -> dict:
    now = now or timezone.now()
    adapt = connection.ops.adapt_datetimefield_value  # SQLite stores naive UTC text
    return {
        "outbox_failed": Status.FAILED.value,
        "outbox_pending": Status.PENDING.value,
        "outbox_late_before": adapt(now - OVERDUE_AFTER),
        "outbox_now": adapt(now),
    }


def outbox_problem_count() -> int:
    """Messages that need a person's eye: given up, or late. For the College page."""
    with connection.cursor() as cursor:
        cursor.execute(OUTBOX_PROBLEM_COUNT_SQL, outbox_problem_count_params())
        return cursor.fetchone()[0]


def outbox_problem_list(*, limit: int = PROBLEM_LIST_LIMIT) -> list[OutboxMessage]:
    """Given-up, failing and late messages, oldest first (one query). Each is marked
    `is_overdue`."""
    now = timezone.now()
    messages = list(
        _unsent()
        .filter(Q(status=Status.FAILED) | ~Q(last_error="") | _overdue(now))
        .order_by("created_at", "id")[:limit]
    )
    for message in messages:
        message.is_overdue = (
            message.status == Status.PENDING
            and message.due_at < now - OVERDUE_AFTER
            and (message.lease_until is None or message.lease_until <= now)
        )
    return messages
