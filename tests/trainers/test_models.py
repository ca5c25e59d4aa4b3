"""Rules the database itself enforces on trainers' rows, and the models' cheap properties."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from trainers.models import (
    AgreementConsent,
    AgreementVersion,
    ConflictDecision,
    Declaration,
    Pairing,
    Trainer,
)

from ..factories import PairingFactory, PeerTrainerFactory, PractitionerTrainerFactory

pytestmark = pytest.mark.django_db


def _refused(create):
    """Assert that `create()` breaks a database constraint (and leaves the test usable)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


# --- Pairing ---------------------------------------------------------------------------


def test_a_pairing_of_a_trainer_with_themselves_is_refused(peer_trainer):
    trainer = peer_trainer.trainer
    _refused(
        lambda: Pairing.objects.create(
            peer=trainer, practitioner=trainer, start_date=timezone.localdate()
        )
    )


def test_a_pairing_that_ends_before_it_starts_is_refused(peer_trainer, practitioner_trainer):
    today = timezone.localdate()
    _refused(
        lambda: Pairing.objects.create(
            peer=peer_trainer.trainer,
            practitioner=practitioner_trainer.trainer,
            start_date=today,
            end_date=today - timedelta(days=1),
        )
    )


def test_a_second_live_pairing_of_the_same_two_trainers_is_refused(pairing):
    _refused(
        lambda: Pairing.objects.create(
            peer=pairing.peer,
            practitioner=pairing.practitioner,
            start_date=pairing.start_date,
            status=Pairing.Status.ACTIVE,
        )
    )


def test_the_same_two_trainers_may_be_paired_again_after_an_ended_pairing(
    peer_trainer, practitioner_trainer
):
    peer, practitioner = peer_trainer.trainer, practitioner_trainer.trainer
    PairingFactory(peer=peer, practitioner=practitioner, ended=True)
    Pairing.objects.create(peer=peer, practitioner=practitioner, start_date=timezone.localdate())
    assert Pairing.objects.filter(peer=peer, practitioner=practitioner).count() == 2


def test_an_ended_pairing_without_an_end_date_is_refused(peer_trainer, practitioner_trainer):
    _refused(
        lambda: Pairing.objects.create(
            peer=peer_trainer.trainer,
            practitioner=practitioner_trainer.trainer,
            start_date=timezone.localdate(),
            status=Pairing.Status.ENDED,
        )
    )


# --- Declarations and decisions --------------------------------------------------------


def test_a_declaration_of_another_relationship_without_details_is_refused(pairing):
    _refused(
        lambda: Declaration.objects.create(
            pairing=pairing, trainer=pairing.peer, answer=Declaration.Answer.OTHER, details=""
        )
    )


def test_a_trainer_has_one_declaration_per_pairing(pairing):
    Declaration.objects.create(pairing=pairing, trainer=pairing.peer, answer="none")
    _refused(
        lambda: Declaration.objects.create(
            pairing=pairing, trainer=pairing.peer, answer=Declaration.Answer.I_TREAT
        )
    )


def test_a_decision_to_proceed_without_a_support_contact_is_refused(pairing, manager):
    _refused(
        lambda: ConflictDecision.objects.create(
            pairing=pairing,
            outcome=ConflictDecision.Outcome.PROCEED,
            support_contact="",
            reasons="They have agreed clear boundaries.",
            decided_by=manager,
        )
    )


def test_a_decision_without_reasons_is_refused(pairing, manager):
    _refused(
        lambda: ConflictDecision.objects.create(
            pairing=pairing,
            outcome=ConflictDecision.Outcome.WITHDRAW,
            reasons="",
            decided_by=manager,
        )
    )


# --- Agreements ------------------------------------------------------------------------


def test_a_trainer_agrees_a_version_only_once(active_pairing):
    version = active_pairing.agreement.current()
    AgreementConsent.objects.create(version=version, trainer=active_pairing.peer)
    _refused(lambda: AgreementConsent.objects.create(version=version, trainer=active_pairing.peer))


def test_version_numbers_are_unique_within_an_agreement(active_pairing):
    agreement = active_pairing.agreement
    _refused(
        lambda: AgreementVersion.objects.create(
            agreement=agreement, number=1, sections=[], review_date=timezone.localdate()
        )
    )


# --- Trainer ---------------------------------------------------------------------------


def test_a_peer_trainer_cannot_record_a_profession(student):
    _refused(
        lambda: Trainer.objects.create(
            user=student, kind=Trainer.Kind.PEER, profession="Mental health nurse"
        )
    )


def test_another_name_cannot_be_chosen_without_giving_it(student):
    _refused(
        lambda: Trainer.objects.create(
            user=student, kind=Trainer.Kind.PEER, public_name_style=Trainer.PublicName.OTHER
        )
    )


def test_a_trainer_who_gave_another_name_is_shown_by_it():
    trainer = PeerTrainerFactory(
        user__full_name="Pat Peer",
        public_name_style=Trainer.PublicName.OTHER,
        public_name_other="P. Peer",
    )
    assert trainer.public_name == "P. Peer"


def test_a_peer_who_chose_first_name_only_is_shown_by_first_name():
    trainer = PeerTrainerFactory(
        user__full_name="Pat Peer", public_name_style=Trainer.PublicName.FIRST
    )
    assert trainer.public_name == "Pat"


def test_a_peer_shown_by_full_name_is_shown_by_full_name():
    trainer = PeerTrainerFactory(user__full_name="Pat Peer")
    assert trainer.public_name == "Pat Peer"


def test_a_practitioner_is_shown_by_full_name_unless_they_choose_otherwise():
    trainer = PractitionerTrainerFactory(user__full_name="Dr Prue Practitioner")
    assert trainer.public_name == "Dr Prue Practitioner"
    trainer.public_name_style = Trainer.PublicName.FIRST
    # Their first name, never a title (as they would see in the preview).
    assert trainer.public_name == "Prue"


# --- Pairing.days_together -------------------------------------------------------------


def test_a_proposed_pairing_has_no_days_together(pairing):
    pairing.start_date = timezone.localdate() - timedelta(days=30)
    assert pairing.days_together == 0


def test_an_active_pairing_counts_days_since_it_started():
    pairing = PairingFactory(active=True, start_date=timezone.localdate() - timedelta(days=10))
    assert pairing.days_together == 10


def test_an_ended_pairing_counts_days_until_its_end_date():
    start = timezone.localdate() - timedelta(days=100)
    pairing = PairingFactory(ended=True, start_date=start, end_date=start + timedelta(days=40))
    assert pairing.days_together == 40


def test_an_active_pairing_starting_in_the_future_has_no_days_together():
    pairing = PairingFactory(active=True, start_date=timezone.localdate() + timedelta(days=5))
    assert pairing.days_together == 0


def test_a_withdrawn_pairing_has_no_days_together():
    pairing = PairingFactory(
        status=Pairing.Status.WITHDRAWN, start_date=timezone.localdate() - timedelta(days=20)
    )
    assert pairing.days_together == 0
