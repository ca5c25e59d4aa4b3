"""Cover when a trainer cannot come: who is suggested, how an invitation settles, and that
a cover changes only its own session."""

import pytest
from django.urls import reverse

from recovery_college.audit.models import AuditEvent
from workshops.errors import CoverAlreadyInvited, NotAllowed
from workshops.models import CoverInvitation, CoverRequest, ScheduledSession
from workshops.selectors.cover import cover_candidates
from workshops.services.cover import (
    cover_answer,
    cover_decide,
    cover_declare,
    cover_invite,
    cover_record_solo,
    cover_request_create,
)

from ..factories import PairingFactory, fresh, open_course_make
from .delivery_support import declared_relationship, peer, practitioner
from .enrolment_support import FIRST

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(open_course):
    return ScheduledSession.objects.get(course=open_course, number=1)


@pytest.fixture
def request_for_peer(session, peer_trainer):
    return cover_request_create(session=session, user=peer_trainer, note="Hospital appointment")


@pytest.fixture
def priya(db):
    return peer("Priya Nair")


def _covered(request_for_peer, manager, priya, practitioner_trainer):
    invitation = cover_invite(cover_request=request_for_peer, user=manager, trainer=priya)
    cover_answer(invitation=invitation, user=priya.user, accept=True, answer="none")
    cover_declare(invitation=invitation, user=practitioner_trainer, answer="none")
    return fresh(invitation)


def test_suggestions_are_of_the_absent_trainers_kind(request_for_peer, priya):
    practitioner("Dr Other Practitioner")
    assert cover_candidates(cover_request=request_for_peer) == [priya]


def test_suggestions_leave_out_a_trainer_teaching_at_that_time(request_for_peer, priya, manager):
    busy = peer("Busy Peer")
    open_course_make(
        manager=manager,
        pairing=PairingFactory(peer=busy, active=True),
        first_starts_at=FIRST,
        title="Another course at the same time",
    )
    assert busy not in cover_candidates(cover_request=request_for_peer)
    assert priya in cover_candidates(cover_request=request_for_peer)


@pytest.mark.parametrize("decided", [True, False], ids=["declared-and-decided", "pending"])
def test_suggestions_leave_out_a_conflict_with_the_remaining_trainer(
    request_for_peer, practitioner_trainer, priya, decided
):
    conflicted = peer("Conflicted Peer")
    declared_relationship(conflicted, practitioner_trainer.trainer, decided=decided)
    candidates = cover_candidates(cover_request=request_for_peer)
    assert conflicted not in candidates
    assert priya in candidates


def test_accepting_cover_changes_only_that_session(
    request_for_peer, manager, priya, practitioner_trainer, peer_trainer, open_course
):
    _covered(request_for_peer, manager, priya, practitioner_trainer)
    first, second = ScheduledSession.objects.filter(course=open_course).order_by("number")
    assert (first.peer, first.practitioner) == (priya, practitioner_trainer.trainer)
    assert second.peer == peer_trainer.trainer
    assert fresh(open_course).pairing.peer == peer_trainer.trainer
    assert fresh(request_for_peer).status == CoverRequest.Status.COVERED


def test_cover_waits_for_the_remaining_trainers_answer(request_for_peer, manager, priya):
    invitation = cover_invite(cover_request=request_for_peer, user=manager, trainer=priya)
    cover_answer(invitation=invitation, user=priya.user, accept=True, answer="none")
    assert fresh(invitation).status == CoverInvitation.Status.INVITED
    assert fresh(request_for_peer).status == CoverRequest.Status.OPEN


def test_a_declared_relationship_waits_for_a_managers_decision(
    request_for_peer, manager, priya, practitioner_trainer
):
    invitation = cover_invite(cover_request=request_for_peer, user=manager, trainer=priya)
    cover_answer(invitation=invitation, user=priya.user, accept=True, answer="none")
    cover_declare(invitation=invitation, user=practitioner_trainer, answer="i_treat")
    assert fresh(invitation).status == CoverInvitation.Status.NEEDS_DECISION
    cover_decide(invitation=invitation, user=manager, outcome="proceed", reasons="Agreed")
    assert fresh(request_for_peer).cover_trainer == priya


def test_declining_leaves_the_session_needing_cover(request_for_peer, manager, priya):
    invitation = cover_invite(cover_request=request_for_peer, user=manager, trainer=priya)
    cover_answer(invitation=invitation, user=priya.user, accept=False)
    assert fresh(request_for_peer).status == CoverRequest.Status.OPEN
    assert priya not in cover_candidates(cover_request=fresh(request_for_peer))


def test_a_second_invitation_while_one_is_live_is_refused(request_for_peer, manager, priya):
    cover_invite(cover_request=request_for_peer, user=manager, trainer=priya)
    with pytest.raises(CoverAlreadyInvited):
        cover_invite(cover_request=request_for_peer, user=manager, trainer=peer("Second Peer"))


def test_a_cover_of_the_wrong_kind_is_refused(request_for_peer, manager):
    with pytest.raises(NotAllowed):
        cover_invite(cover_request=request_for_peer, user=manager, trainer=practitioner("Dr X"))


def test_only_the_sessions_trainers_can_ask_for_cover(session, outsider_trainer):
    with pytest.raises(NotAllowed):
        cover_request_create(session=session, user=outsider_trainer)


def test_one_trainer_delivery_is_recorded(request_for_peer, manager):
    cover_record_solo(cover_request=request_for_peer, user=manager)
    assert fresh(request_for_peer).status == CoverRequest.Status.SOLO


def test_the_public_page_names_the_cover_and_never_why(
    request_for_peer, manager, priya, practitioner_trainer, open_course, client
):
    priya.public_name_style = "first"
    priya.save()
    _covered(request_for_peer, manager, priya, practitioner_trainer)
    html = client.get(reverse("workshops:prospectus-course", args=[open_course.pk])).content
    assert "Session 1: Priya, Peer Trainer, covering" in html.decode()
    assert "Hospital appointment" not in html.decode()


def test_managers_are_told_a_session_needs_cover_without_the_note(
    request_for_peer, mailoutbox, django_capture_on_commit_callbacks
):
    from recovery_college.notifications.tasks import outbox_drain

    outbox_drain()
    needed = [m for m in mailoutbox if "needs cover" in m.subject]
    assert needed
    assert all("Hospital appointment" not in m.body for m in mailoutbox)


def test_a_managers_reading_of_a_cover_note_is_audited(request_for_peer, manager, client_for):
    response = client_for(manager).get(
        reverse("workshops:cover-detail", args=[request_for_peer.pk])
    )
    assert "Hospital appointment" in response.content.decode()
    assert AuditEvent.objects.filter(
        actor=manager, action="view", object_type="coverrequest", object_id=request_for_peer.pk
    ).exists()


@pytest.mark.parametrize("who", ["peer", "practitioner", "outsider", "student"])
def test_nobody_but_managers_reads_a_cover_note(
    request_for_peer, client_for, who, peer_trainer, practitioner_trainer, outsider_trainer, student
):
    user = {
        "peer": peer_trainer,
        "practitioner": practitioner_trainer,
        "outsider": outsider_trainer,
        "student": student,
    }[who]
    response = client_for(user).get(reverse("workshops:cover-detail", args=[request_for_peer.pk]))
    assert response.status_code == 404
    assert b"Hospital appointment" not in response.content


def test_the_cover_trainer_can_take_that_sessions_register(
    request_for_peer, manager, priya, practitioner_trainer, open_course, client_for
):
    _covered(request_for_peer, manager, priya, practitioner_trainer)
    client = client_for(priya.user)
    assert client.get(reverse("workshops:register", args=[open_course.pk, 1])).status_code == 200
    assert client.get(reverse("workshops:register", args=[open_course.pk, 2])).status_code == 404
    page = client.get(reverse("workshops:cover-session", args=[request_for_peer.pk]))
    assert page.status_code == 200
    assert client.get(reverse("workshops:plan-edit", args=[open_course.pk, 1])).status_code == 404


def test_a_trainer_who_can_come_after_all_withdraws_the_request(
    request_for_peer, peer_trainer, client_for
):
    client = client_for(peer_trainer)
    page = client.get(reverse("workshops:my-workshops")).content.decode()
    assert "I can come after all" in page
    client.post(reverse("workshops:cover-withdraw", args=[request_for_peer.pk]))
    assert fresh(request_for_peer).status == CoverRequest.Status.WITHDRAWN


def test_someone_else_cannot_withdraw_a_request(request_for_peer, outsider_trainer, client_for):
    client_for(outsider_trainer).post(
        reverse("workshops:cover-withdraw", args=[request_for_peer.pk])
    )
    assert fresh(request_for_peer).status == CoverRequest.Status.OPEN


def test_moving_a_covered_session_gives_it_back_to_the_pair_and_tells_the_cover(
    request_for_peer, manager, priya, practitioner_trainer, peer_trainer, open_course, mailoutbox
):
    from datetime import timedelta

    from recovery_college.notifications.tasks import outbox_drain
    from workshops.services import session_schedule

    _covered(request_for_peer, manager, priya, practitioner_trainer)
    session = ScheduledSession.objects.get(course=open_course, number=1)
    session_schedule(
        course=open_course,
        user=manager,
        number=1,
        starts_at=session.starts_at + timedelta(days=1),
        room=session.room,
    )
    assert fresh(session).peer == peer_trainer.trainer
    assert fresh(request_for_peer).status == CoverRequest.Status.WITHDRAWN
    outbox_drain()
    told = [m for m in mailoutbox if "no longer covering" in m.subject]
    assert [m.to[0] for m in told] == [priya.user.email]
