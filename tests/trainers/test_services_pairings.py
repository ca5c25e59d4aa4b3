"""Proposing a pairing, the private conflict-of-interest declarations, a manager's decision,
and ending a pairing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from recovery_college.audit.models import AuditEvent
from trainers.errors import (
    CannotStart,
    DecisionNotNeeded,
    DeclarationClosed,
    DeclarationKept,
    InvalidPairing,
    NotAllowed,
)
from trainers.models import AgreementTemplate, ConflictDecision, Declaration, Pairing
from trainers.services import (
    conflict_decide,
    declaration_submit,
    pairing_end,
    pairing_propose,
    pairing_start,
)

from ..factories import ManagerFactory, PractitionerTrainerFactory

pytestmark = pytest.mark.django_db

PEER_DETAILS = "Dr Prue was my care coordinator in 2019 at the Ash Ward team."
PRACTITIONER_DETAILS = "I supervised Pat's care plan reviews on the early intervention team."

PROPOSED_SUBJECT = "A new co-trainer pairing: one private question for you"
ACTIVE_SUBJECT = "Your pairing is active"
NEEDS_DECISION_SUBJECT = "A pairing needs your decision"
WITHDRAWN_SUBJECT = "A proposed pairing will not go ahead"
READY_SUBJECT = "A pairing is ready to start"


def _to(mailoutbox, subject):
    """Recipients of the emails with this subject, sorted (one entry per email)."""
    return sorted(address for m in mailoutbox if m.subject == subject for address in m.to)


def _propose(manager, peer_user, practitioner_user, **kwargs):
    kwargs.setdefault("start_date", timezone.localdate())
    return pairing_propose(
        proposed_by=manager,
        peer=peer_user.trainer,
        practitioner=practitioner_user.trainer,
        **kwargs,
    )


def _declare_conflict(pairing, peer_user, practitioner_user):
    """Both trainers answer; the Peer Trainer declares a relationship."""
    declaration_submit(
        pairing=pairing, user=peer_user, answer=Declaration.Answer.TREATS_ME, details=PEER_DETAILS
    )
    declaration_submit(pairing=pairing, user=practitioner_user, answer=Declaration.Answer.NONE)


def _refused_with_nothing_saved(error_match, propose):
    before = Pairing.objects.count()
    with pytest.raises(InvalidPairing, match=error_match):
        propose()
    assert Pairing.objects.count() == before


# --- pairing_propose -------------------------------------------------------------------


def test_propose_creates_a_proposed_pairing(manager, peer_trainer, practitioner_trainer):
    pairing = _propose(manager, peer_trainer, practitioner_trainer)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.PROPOSED
    assert pairing.proposed_by == manager
    assert (pairing.peer.user, pairing.practitioner.user) == (peer_trainer, practitioner_trainer)


def test_propose_starts_the_agreement_at_version_1_with_the_template_headings(
    manager, peer_trainer, practitioner_trainer
):
    pairing = _propose(manager, peer_trainer, practitioner_trainer)
    version = pairing.agreement.current()
    template = AgreementTemplate.load().headings
    assert pairing.agreement.version == 1
    assert version.number == 1
    assert version.sections == [
        {"heading": h["heading"], "text": "", "required": h["required"], "prompt": h["prompt"]}
        for h in template
    ]


def test_propose_emails_each_trainer_once(
    manager, peer_trainer, practitioner_trainer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _propose(manager, peer_trainer, practitioner_trainer)
    assert len(mailoutbox) == 2
    assert _to(mailoutbox, PROPOSED_SUBJECT) == sorted(
        [peer_trainer.email, practitioner_trainer.email]
    )


def test_propose_refuses_two_peer_trainers(manager, peer_trainer, outsider_trainer):
    _refused_with_nothing_saved(
        "Olly Outsider is not a Practitioner Trainer",
        lambda: _propose(manager, peer_trainer, outsider_trainer),
    )


def test_propose_refuses_two_practitioner_trainers(manager, practitioner_trainer):
    other_practitioner = PractitionerTrainerFactory().user
    _refused_with_nothing_saved(
        "Dr Prue Practitioner is not a Peer Trainer",
        lambda: _propose(manager, practitioner_trainer, other_practitioner),
    )


def test_propose_refuses_a_trainer_with_themselves(manager, peer_trainer):
    _refused_with_nothing_saved(
        "cannot be paired with themselves",
        lambda: _propose(manager, peer_trainer, peer_trainer),
    )


def test_propose_refuses_an_end_date_before_the_start(manager, peer_trainer, practitioner_trainer):
    today = timezone.localdate()
    _refused_with_nothing_saved(
        "end date must be on or after the start date",
        lambda: _propose(
            manager,
            peer_trainer,
            practitioner_trainer,
            start_date=today,
            end_date=today - timedelta(days=1),
        ),
    )


def test_propose_refuses_an_inactive_trainer(manager, peer_trainer, practitioner_trainer):
    peer_trainer.trainer.is_active = False
    peer_trainer.trainer.save()
    _refused_with_nothing_saved(
        "Both trainers must be active",
        lambda: _propose(manager, peer_trainer, practitioner_trainer),
    )


def test_propose_refuses_a_second_live_pairing_of_the_same_two(manager, pairing):
    _refused_with_nothing_saved(
        "already have a proposed or active pairing",
        lambda: _propose(manager, pairing.peer.user, pairing.practitioner.user),
    )


def test_propose_refused_sends_no_email(
    manager, pairing, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidPairing):
        _propose(manager, pairing.peer.user, pairing.practitioner.user)
    assert mailoutbox == []


# --- declaration_submit ----------------------------------------------------------------


def test_the_first_answer_keeps_the_pairing_proposed(pairing, peer_trainer):
    declaration_submit(pairing=pairing, user=peer_trainer, answer=Declaration.Answer.NONE)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.PROPOSED


def _both_answer_none(pairing, peer_user, practitioner_user):
    declaration_submit(pairing=pairing, user=peer_user, answer="none")
    declaration_submit(pairing=pairing, user=practitioner_user, answer="none")


def test_two_answers_of_no_relationship_keep_the_pairing_proposed_until_a_manager_starts_it(
    pairing, peer_trainer, practitioner_trainer
):
    """Were it to start by itself, a trainer who answered "none" could tell from a pairing
    still waiting that the co-trainer had declared something."""
    _both_answer_none(pairing, peer_trainer, practitioner_trainer)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.PROPOSED
    assert pairing.activated_at is None


def test_two_answers_of_no_relationship_email_each_manager_that_it_is_ready_to_start(
    pairing,
    peer_trainer,
    practitioner_trainer,
    manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _both_answer_none(pairing, peer_trainer, practitioner_trainer)
    assert _to(mailoutbox, READY_SUBJECT) == [manager.email]
    assert _to(mailoutbox, ACTIVE_SUBJECT) == []


def test_a_manager_starting_a_ready_pairing_makes_it_active(
    pairing, peer_trainer, practitioner_trainer, manager
):
    _both_answer_none(pairing, peer_trainer, practitioner_trainer)
    pairing_start(pairing=pairing, manager=manager)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ACTIVE
    assert pairing.activated_at is not None


def test_starting_a_pairing_emails_both_trainers_that_it_is_active(
    pairing,
    peer_trainer,
    practitioner_trainer,
    manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    _both_answer_none(pairing, peer_trainer, practitioner_trainer)
    with django_capture_on_commit_callbacks(execute=True):
        pairing_start(pairing=pairing, manager=manager)
    assert _to(mailoutbox, ACTIVE_SUBJECT) == sorted(
        [peer_trainer.email, practitioner_trainer.email]
    )


def test_a_pairing_cannot_start_before_both_have_answered(pairing, peer_trainer, manager):
    declaration_submit(pairing=pairing, user=peer_trainer, answer="none")
    with pytest.raises(CannotStart, match="Both trainers need to answer"):
        pairing_start(pairing=pairing, manager=manager)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.PROPOSED


def test_a_pairing_with_a_declared_relationship_cannot_simply_be_started(
    pairing, peer_trainer, practitioner_trainer, manager
):
    _declare_conflict(pairing, peer_trainer, practitioner_trainer)
    with pytest.raises(CannotStart, match="record a decision"):
        pairing_start(pairing=pairing, manager=manager)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.PROPOSED


@pytest.mark.parametrize("role", ["peer_trainer", "outsider_trainer"])
def test_only_a_manager_can_start_a_pairing(
    role, request, pairing, peer_trainer, practitioner_trainer
):
    _both_answer_none(pairing, peer_trainer, practitioner_trainer)
    with pytest.raises(NotAllowed):
        pairing_start(pairing=pairing, manager=request.getfixturevalue(role))
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.PROPOSED


def test_a_declared_relationship_keeps_the_pairing_proposed(
    pairing, peer_trainer, practitioner_trainer
):
    _declare_conflict(pairing, peer_trainer, practitioner_trainer)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.PROPOSED


def test_a_declared_relationship_emails_each_manager_once(
    pairing,
    peer_trainer,
    practitioner_trainer,
    manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    second_manager = ManagerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _declare_conflict(pairing, peer_trainer, practitioner_trainer)
    assert _to(mailoutbox, NEEDS_DECISION_SUBJECT) == sorted([manager.email, second_manager.email])
    assert _to(mailoutbox, ACTIVE_SUBJECT) == []


def test_the_managers_email_does_not_contain_the_declaration_details(
    pairing,
    peer_trainer,
    practitioner_trainer,
    manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _declare_conflict(pairing, peer_trainer, practitioner_trainer)
    assert mailoutbox
    assert all(PEER_DETAILS not in m.body for m in mailoutbox)


def test_an_outsider_trainer_cannot_declare(pairing, outsider_trainer):
    with pytest.raises(NotAllowed):
        declaration_submit(pairing=pairing, user=outsider_trainer, answer="none")
    assert not Declaration.objects.exists()


def test_a_manager_cannot_declare_for_a_pairing(pairing, manager):
    with pytest.raises(NotAllowed):
        declaration_submit(pairing=pairing, user=manager, answer="none")
    assert not Declaration.objects.exists()


def test_declaring_another_relationship_needs_details(pairing, peer_trainer):
    with pytest.raises(NotAllowed, match="Tell us a little"):
        declaration_submit(pairing=pairing, user=peer_trainer, answer="other", details="   ")
    assert not Declaration.objects.exists()


def test_no_one_can_declare_once_the_pairing_is_active(active_pairing, peer_trainer):
    with pytest.raises(DeclarationClosed):
        declaration_submit(
            pairing=active_pairing, user=peer_trainer, answer="other", details=PEER_DETAILS
        )
    assert Declaration.objects.get(pairing=active_pairing, trainer__user=peer_trainer).answer == (
        "none"
    )


def test_no_one_can_declare_once_a_manager_has_decided(
    pairing, peer_trainer, practitioner_trainer, manager
):
    _declare_conflict(pairing, peer_trainer, practitioner_trainer)
    conflict_decide(
        pairing=pairing,
        manager=manager,
        outcome="withdraw",
        support_contact="",
        reasons="A different pairing suits them both better.",
    )
    with pytest.raises(DeclarationClosed):
        declaration_submit(pairing=pairing, user=peer_trainer, answer="none")


def test_changing_an_answer_before_the_co_trainer_answers_updates_it(pairing, peer_trainer):
    declaration_submit(pairing=pairing, user=peer_trainer, answer="none")
    declaration_submit(pairing=pairing, user=peer_trainer, answer="treats_me", details=PEER_DETAILS)
    declaration = Declaration.objects.get()
    assert (declaration.answer, declaration.details) == ("treats_me", PEER_DETAILS)


def test_changing_a_declared_relationship_to_none_after_both_answered_does_not_skip_the_manager(
    pairing, peer_trainer, practitioner_trainer
):
    """A trainer must not be able to take a declaration back and so let the pairing start
    without anyone deciding."""
    _declare_conflict(pairing, peer_trainer, practitioner_trainer)
    with pytest.raises(DeclarationKept):
        declaration_submit(pairing=pairing, user=peer_trainer, answer="none")
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.PROPOSED, "activated with no manager decision"
    assert Declaration.objects.get(trainer=pairing.peer).answer == "treats_me"


def test_a_declared_relationship_cannot_be_taken_back_even_before_the_co_trainer_answers(
    pairing, peer_trainer
):
    declaration_submit(pairing=pairing, user=peer_trainer, answer="treats_me", details=PEER_DETAILS)
    with pytest.raises(DeclarationKept, match="speak to a college manager"):
        declaration_submit(pairing=pairing, user=peer_trainer, answer="none")
    assert Declaration.objects.get().answer == "treats_me"


def test_a_trainer_who_answered_none_can_still_change_it_after_the_co_trainer_declared(
    pairing, peer_trainer, practitioner_trainer
):
    """Whether a trainer may change their answer never depends on the co-trainer's."""
    _declare_conflict(pairing, peer_trainer, practitioner_trainer)
    declaration_submit(
        pairing=pairing, user=practitioner_trainer, answer="other", details=PRACTITIONER_DETAILS
    )
    assert Declaration.objects.get(trainer=pairing.practitioner).answer == "other"


def test_each_answer_is_audited_first_as_create_then_as_change(pairing, peer_trainer):
    declaration = declaration_submit(pairing=pairing, user=peer_trainer, answer="none")
    declaration_submit(pairing=pairing, user=peer_trainer, answer="other", details=PEER_DETAILS)
    events = AuditEvent.objects.order_by("id")
    assert [(e.actor, e.action, e.object_type, e.object_id) for e in events] == [
        (peer_trainer, AuditEvent.Action.CREATE, "declaration", declaration.pk),
        (peer_trainer, AuditEvent.Action.CHANGE, "declaration", declaration.pk),
    ]


def test_the_audit_log_holds_no_declaration_content(pairing, peer_trainer):
    declaration_submit(pairing=pairing, user=peer_trainer, answer="other", details=PEER_DETAILS)
    event = AuditEvent.objects.get()
    fields = {f.name for f in AuditEvent._meta.concrete_fields}
    assert fields == {"id", "actor", "action", "object_type", "object_id", "created_at"}
    assert (event.action, event.object_type) == (AuditEvent.Action.CREATE, "declaration")


# --- conflict_decide -------------------------------------------------------------------


def _decide(pairing, manager, outcome="proceed", support_contact="Sam Supervisor", **kwargs):
    kwargs.setdefault("reasons", "They have agreed clear boundaries with their supervisor.")
    return conflict_decide(
        pairing=pairing,
        manager=manager,
        outcome=outcome,
        support_contact=support_contact,
        **kwargs,
    )


def test_deciding_to_proceed_makes_the_pairing_active(
    pairing, peer_trainer, practitioner_trainer, manager
):
    _declare_conflict(pairing, peer_trainer, practitioner_trainer)
    decision = _decide(pairing, manager)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ACTIVE
    assert (decision.outcome, decision.support_contact, decision.decided_by) == (
        "proceed",
        "Sam Supervisor",
        manager,
    )


def test_deciding_to_proceed_tells_both_trainers(
    pairing,
    peer_trainer,
    practitioner_trainer,
    manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    _declare_conflict(pairing, peer_trainer, practitioner_trainer)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(pairing, manager)
    assert _to(mailoutbox, ACTIVE_SUBJECT) == sorted(
        [peer_trainer.email, practitioner_trainer.email]
    )


def test_the_outcome_emails_do_not_contain_either_trainers_declaration_details(
    pairing,
    peer_trainer,
    practitioner_trainer,
    manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        declaration_submit(
            pairing=pairing, user=peer_trainer, answer="treats_me", details=PEER_DETAILS
        )
        declaration_submit(
            pairing=pairing,
            user=practitioner_trainer,
            answer="other",
            details=PRACTITIONER_DETAILS,
        )
        _decide(pairing, manager)
    trainer_emails = [m for m in mailoutbox if m.subject == ACTIVE_SUBJECT]
    assert len(trainer_emails) == 2
    for message in mailoutbox:
        assert PEER_DETAILS not in message.body
        assert PRACTITIONER_DETAILS not in message.body


def test_deciding_to_withdraw_withdraws_the_pairing(
    pairing, peer_trainer, practitioner_trainer, manager
):
    _declare_conflict(pairing, peer_trainer, practitioner_trainer)
    decision = _decide(pairing, manager, outcome="withdraw", support_contact="")
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.WITHDRAWN
    assert decision.outcome == ConflictDecision.Outcome.WITHDRAW


def test_deciding_to_withdraw_tells_both_trainers(
    pairing,
    peer_trainer,
    practitioner_trainer,
    manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    _declare_conflict(pairing, peer_trainer, practitioner_trainer)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(pairing, manager, outcome="withdraw", support_contact="")
    assert _to(mailoutbox, WITHDRAWN_SUBJECT) == sorted(
        [peer_trainer.email, practitioner_trainer.email]
    )
    assert all(PEER_DETAILS not in m.body for m in mailoutbox)


def test_a_decision_is_not_needed_when_both_declared_no_relationship(
    pairing, peer_trainer, practitioner_trainer, manager
):
    declaration_submit(pairing=pairing, user=peer_trainer, answer="none")
    declaration_submit(pairing=pairing, user=practitioner_trainer, answer="none")
    with pytest.raises(DecisionNotNeeded):
        _decide(pairing, manager)
    assert not ConflictDecision.objects.exists()


def test_a_decision_is_not_needed_while_only_one_trainer_has_answered(
    pairing, peer_trainer, manager
):
    declaration_submit(pairing=pairing, user=peer_trainer, answer="treats_me")
    with pytest.raises(DecisionNotNeeded):
        _decide(pairing, manager)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.PROPOSED
    assert not ConflictDecision.objects.exists()


def test_a_second_decision_is_not_needed(pairing, peer_trainer, practitioner_trainer, manager):
    _declare_conflict(pairing, peer_trainer, practitioner_trainer)
    _decide(pairing, manager, outcome="withdraw", support_contact="")
    with pytest.raises(DecisionNotNeeded):
        _decide(pairing, manager)
    assert ConflictDecision.objects.count() == 1


@pytest.mark.parametrize("role", ["student", "peer_trainer", "practitioner_trainer"])
def test_only_a_manager_can_decide(role, request, pairing, peer_trainer, practitioner_trainer):
    _declare_conflict(pairing, peer_trainer, practitioner_trainer)
    with pytest.raises(NotAllowed):
        _decide(pairing, request.getfixturevalue(role))
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.PROPOSED
    assert not ConflictDecision.objects.exists()


@pytest.mark.parametrize("support_contact", ["", "   "])
def test_proceeding_needs_a_support_contact(
    support_contact, pairing, peer_trainer, practitioner_trainer, manager
):
    _declare_conflict(pairing, peer_trainer, practitioner_trainer)
    with pytest.raises(NotAllowed, match="support contact"):
        _decide(pairing, manager, support_contact=support_contact)
    assert not ConflictDecision.objects.exists()


def test_a_decision_needs_reasons(pairing, peer_trainer, practitioner_trainer, manager):
    _declare_conflict(pairing, peer_trainer, practitioner_trainer)
    with pytest.raises(NotAllowed, match="reasons"):
        _decide(pairing, manager, reasons="  ")
    assert not ConflictDecision.objects.exists()


def test_a_decision_is_audited(pairing, peer_trainer, practitioner_trainer, manager):
    _declare_conflict(pairing, peer_trainer, practitioner_trainer)
    decision = _decide(pairing, manager)
    event = AuditEvent.objects.get(action=AuditEvent.Action.DECIDE)
    assert (event.actor, event.object_type, event.object_id) == (
        manager,
        "conflictdecision",
        decision.pk,
    )


# --- pairing_end -----------------------------------------------------------------------


def test_ending_an_active_pairing_records_the_end_date(active_pairing, manager):
    end = active_pairing.start_date + timedelta(days=30)
    pairing_end(pairing=active_pairing, manager=manager, end_date=end)
    active_pairing.refresh_from_db()
    assert (active_pairing.status, active_pairing.end_date) == (Pairing.Status.ENDED, end)


def test_ending_a_pairing_before_it_started_is_refused(active_pairing, manager):
    with pytest.raises(InvalidPairing, match="on or after the start date"):
        pairing_end(
            pairing=active_pairing,
            manager=manager,
            end_date=active_pairing.start_date - timedelta(days=1),
        )
    active_pairing.refresh_from_db()
    assert (active_pairing.status, active_pairing.end_date) == (Pairing.Status.ACTIVE, None)


def test_ending_a_proposed_pairing_is_refused(pairing, manager):
    with pytest.raises(InvalidPairing, match="Only an active pairing"):
        pairing_end(pairing=pairing, manager=manager, end_date=pairing.start_date)
    pairing.refresh_from_db()
    assert (pairing.status, pairing.end_date) == (Pairing.Status.PROPOSED, None)


def test_only_a_manager_can_end_a_pairing(active_pairing, peer_trainer):
    with pytest.raises(NotAllowed):
        pairing_end(pairing=active_pairing, manager=peer_trainer, end_date=timezone.localdate())
    active_pairing.refresh_from_db()
    assert active_pairing.status == Pairing.Status.ACTIVE


def test_the_same_two_can_be_proposed_again_once_their_pairing_has_ended(active_pairing, manager):
    pairing_end(pairing=active_pairing, manager=manager, end_date=active_pairing.start_date)
    again = _propose(manager, active_pairing.peer.user, active_pairing.practitioner.user)
    assert again.status == Pairing.Status.PROPOSED
