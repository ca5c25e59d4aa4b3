"""Row locks, one helper per locked entity (after pretix's `services/locking.py`).

Lock order, always: the course row first, then its enrolments, then its sessions and their
register marks. Every service that changes places, a course's state or its plans takes
the course lock through `course_lock` and only then touches the rows below it, so two
requests never wait on each other in opposite orders (no deadlocks) and two requests
cannot both give away the last place.

The lock is `FOR NO KEY UPDATE OF` the course row only: it serialises every writer of the
course, while inserts that merely refer to the course (an enrolment, a comment) are not
blocked by it. Slow work (mail, the broker) never happens under it: notices are outbox
rows, sent after commit."""

from django.db import connection

from ..models import Course


class LockOutsideTransaction(RuntimeError):
    """A row lock outside `transaction.atomic()` would be released at once: a bug."""


def course_lock(*, course_id: int, select_related: tuple[str, ...] = ()) -> Course:
    """Lock one course row until the end of the current transaction and return it, read
    fresh. Refuses to run outside a transaction."""
    if not connection.in_atomic_block:
        raise LockOutsideTransaction("course_lock must run inside transaction.atomic()")
    return (
        Course.objects.select_for_update(of=("self",), no_key=True)
        .select_related(*select_related)
        .get(pk=course_id)
    )
