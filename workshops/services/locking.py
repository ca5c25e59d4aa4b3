"""Row locks, one helper per locked entity (after pretix's `services/locking.py`).

Lock order, always: the course row first, then its enrolments, then its sessions and their
register marks. Every service that changes places, a course's state or its plans takes
the course lock through `course_lock` and only then touches the rows below it, so two
requests never wait on each other in opposite orders (no deadlocks) and two requests
cannot both give away the last place.

The lock is `FOR NO KEY UPDATE OF` the course row only: it serialises every writer of the
course, while inserts that merely refer to the course (an enrolment, a comment) are not
blocked by it. Slow work (mail, the broker) never happens under it: notices are outbox
rows, sent after commit.

Nobody waits long: on PostgreSQL every transaction that locks a course (or waits on its
row, as enrolling's conditional UPDATE does) sets `lock_timeout` to
`COURSE_LOCK_TIMEOUT_MS` (3 s by default, as pretix does). Past it the statement fails
with "lock not available" (SQLSTATE 55P03), which becomes `CourseBusy` ("Lots of people
are enrolling right now — please try again"); the transaction is rolled back whole."""

from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection

from ..errors import CourseBusy
from ..models import Course

LOCK_NOT_AVAILABLE = "55P03"


class LockOutsideTransaction(RuntimeError):
    """A row lock outside `transaction.atomic()` would be released at once: a bug."""


def course_lock(*, course_id: int, select_related: tuple[str, ...] = ()) -> Course:
    """Lock one course row until the end of the current transaction and return it, read
    fresh. Refuses to run outside a transaction."""
    if not connection.in_atomic_block:
        raise LockOutsideTransaction("course_lock must run inside transaction.atomic()")
    with course_row_wait():
        return (
            Course.objects.select_for_update(of=("self",), no_key=True)
            .select_related(*select_related)
            .get(pk=course_id)
        )


@contextmanager
def course_row_wait():
    """Around a statement that may wait on a course's row lock, inside a transaction:
    wait at most `COURSE_LOCK_TIMEOUT_MS`, then raise `CourseBusy`. The timeout is `SET
    LOCAL`, so it ends with the transaction."""
    if not connection.in_atomic_block:
        raise LockOutsideTransaction("course_row_wait must run inside transaction.atomic()")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('lock_timeout', %s, true)",
                [f"{int(settings.COURSE_LOCK_TIMEOUT_MS)}ms"],
            )
    try:
        yield
    except OperationalError as error:
        if getattr(error.__cause__, "pgcode", None) == LOCK_NOT_AVAILABLE:
            raise CourseBusy() from error
        raise
