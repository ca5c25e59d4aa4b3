"""Two managers inviting two different trainers to cover one session at the same moment,
each on their own connection: one invitation is made, the other manager is told someone
is already invited, and the session ends with one cover. PostgreSQL only (row locks)."""

from collections import Counter

import pytest

from workshops.models import CoverInvitation, CoverRequest, ScheduledSession
from workshops.services.cover import (
    cover_answer,
    cover_declare,
    cover_invite,
    cover_request_create,
)

from ..factories import ManagerFactory, open_course_make
from .delivery_support import peer
from .test_enrolment_race import _run_together

REPEATS = 10


def _invite(request_id, manager, trainer):
    return lambda: cover_invite(
        cover_request=CoverRequest.objects.get(pk=request_id), user=manager, trainer=trainer
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_managers_inviting_two_covers_at_once_end_with_one_cover(manager):
    other_manager = ManagerFactory()
    totals = Counter()
    for repeat in range(REPEATS):
        course = open_course_make(manager=manager, title=f"Cover race {repeat}")
        session = ScheduledSession.objects.get(course=course, number=1)
        request = cover_request_create(session=session, user=course.pairing.peer.user)
        first, second = peer(f"Cover A{repeat}"), peer(f"Cover B{repeat}")

        results = _run_together(
            _invite(request.pk, manager, first), _invite(request.pk, other_manager, second)
        )

        kinds = Counter(type(r).__name__ for r in results)
        assert kinds == {"CoverInvitation": 1, "CoverAlreadyInvited": 1}, (repeat, results)
        (invitation,) = CoverInvitation.objects.filter(request=request)
        cover_answer(
            invitation=invitation, user=invitation.trainer.user, accept=True, answer="none"
        )
        cover_declare(invitation=invitation, user=course.pairing.practitioner.user, answer="none")
        session.refresh_from_db()
        assert session.peer == invitation.trainer
        assert CoverRequest.objects.get(pk=request.pk).cover_trainer == invitation.trainer
        totals.update(kinds)
    assert totals == {"CoverInvitation": REPEATS, "CoverAlreadyInvited": REPEATS}
