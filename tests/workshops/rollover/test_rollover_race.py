"""Two managers confirming the same rollover at the same moment, each on their own
connection: each course is copied once (the source courses are locked before the copies
are looked for), and its trainers are told once. PostgreSQL only (row locks)."""

from datetime import date, timedelta

import pytest

from recovery_college.notifications.models import OutboxMessage
from workshops.models import Course
from workshops.services import term_rollover

from ...factories import ManagerFactory, PairingFactory
from ..test_enrolment_race import _run_together
from .support import NOW, at, autumn_term, course_that_ran, spring_term

REPEATS = 5


def _roll(user, source, target, ids):
    return lambda: term_rollover(user=user, source=source, target=target, course_ids=ids)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_managers_rolling_over_at_once_copy_each_course_once(manager, time_machine):
    time_machine.move_to(NOW, tick=False)
    other_manager = ManagerFactory()
    autumn = autumn_term()
    for repeat in range(REPEATS):
        spring = spring_term(name=f"Spring {repeat}", starts_on=date(2027, 1, 6 + repeat))
        first = at(date(2026, 9, 15), 10 + repeat)
        courses = [
            course_that_ran(
                PairingFactory(active=True),
                autumn,
                starts=[first, first + timedelta(weeks=1)],
                title=f"Race {repeat}-{n}",
            )
            for n in range(2)
        ]
        ids = [c.pk for c in courses]

        results = _run_together(
            _roll(manager, autumn, spring, ids), _roll(other_manager, autumn, spring, ids)
        )

        assert not [r for r in results if isinstance(r, Exception)], results
        assert sorted(len(r.to_copy) for r in results) == [0, 2], repeat
        assert Course.objects.filter(term=spring).count() == 2
        assert (
            OutboxMessage.objects.filter(
                idempotency_key__startswith=f"rollover:{spring.pk}:"
            ).count()
            == 4
        )
