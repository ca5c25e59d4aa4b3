"""Races only PostgreSQL can show: two managers proposing the same pair at once, two
trainers agreeing at once. Run in CI (DATABASE_URL points at PostgreSQL)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from trainers.errors import InvalidPairing
from trainers.models import AgreementConsent, Pairing
from trainers.services import agreement_consent, agreement_edit, pairing_propose

from ..factories import ManagerFactory, PairingFactory


def _run_together(*jobs):
    """Start every job at the same moment in its own thread (own connection); return what
    each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=10)
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - the outcome under test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_managers_proposing_the_same_pair_at_once_make_one_pairing(
    peer_trainer, practitioner_trainer
):
    managers = ManagerFactory.create_batch(2)

    def propose(manager):
        return lambda: pairing_propose(
            proposed_by=manager,
            peer=peer_trainer.trainer,
            practitioner=practitioner_trainer.trainer,
            start_date=timezone.localdate(),
        )

    results = _run_together(*(propose(m) for m in managers))
    assert Pairing.objects.count() == 1
    assert sorted(type(r).__name__ for r in results) == ["InvalidPairing", "Pairing"]
    refused = next(r for r in results if isinstance(r, InvalidPairing))
    assert "already have a proposed or active pairing" in refused.message


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_edit_racing_a_consent_never_leaves_consent_on_a_superseded_version(
    peer_trainer, practitioner_trainer
):
    pairing = PairingFactory(
        peer=peer_trainer.trainer, practitioner=practitioner_trainer.trainer, active=True
    )
    parts = len(pairing.agreement.current().sections)
    review_date = timezone.localdate() + timedelta(days=30)
    # Version 2 has every heading written, so it can be agreed.
    agreement_edit(
        agreement=pairing.agreement,
        user=peer_trainer,
        base_version=1,
        texts=[f"Written part {n}" for n in range(parts)],
        review_date=review_date,
    )
    results = _run_together(
        lambda: agreement_consent(agreement=pairing.agreement, user=peer_trainer, version=2),
        lambda: agreement_edit(
            agreement=pairing.agreement,
            user=practitioner_trainer,
            base_version=2,
            texts=["New words"] + [f"Written part {n}" for n in range(1, parts)],
            review_date=review_date,
        ),
    )
    assert not any(isinstance(r, Exception) and not hasattr(r, "message") for r in results)
    pairing.agreement.refresh_from_db()
    assert pairing.agreement.version == 3
    # Whichever came first, nobody has agreed version 3 without seeing it.
    assert not AgreementConsent.objects.filter(version__number=3).exists()
