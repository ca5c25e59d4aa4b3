from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from trainers.models import Pairing

from ..factories import PairingFactory, PeerTrainerFactory

URL = reverse("trainers:pairing-create")


def _post(client, peer, practitioner, start=None, end=None):
    start = start or timezone.localdate()
    return client.post(
        URL,
        {
            "peer": peer.pk,
            "practitioner": practitioner.pk,
            "start_date": start.isoformat(),
            "end_date": end.isoformat() if end else "",
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["student", "peer_trainer", "practitioner_trainer"])
def test_only_managers_can_propose(role, request, client_for):
    assert client_for(request.getfixturevalue(role)).get(URL).status_code == 403


@pytest.mark.django_db
def test_a_manager_proposes_a_pairing(client_for, manager, peer_trainer, practitioner_trainer):
    response = _post(client_for(manager), peer_trainer.trainer, practitioner_trainer.trainer)
    pairing = Pairing.objects.get()
    assert response["Location"] == reverse("trainers:pairing-detail", args=[pairing.pk])
    assert pairing.status == "proposed" and pairing.proposed_by == manager
    assert pairing.agreement.version == 1


@pytest.mark.django_db
def test_two_peer_trainers_are_refused_and_the_choices_kept(client_for, manager, peer_trainer):
    other_peer = PeerTrainerFactory()
    response = _post(client_for(manager), peer_trainer.trainer, other_peer)
    html = response.content.decode()
    assert "A pairing needs one Peer Trainer and one Practitioner Trainer" in html
    assert f'<option value="{other_peer.pk}" selected>' in html
    assert not Pairing.objects.exists()


@pytest.mark.django_db
def test_a_trainer_paired_with_themselves_is_refused(client_for, manager, peer_trainer):
    response = _post(client_for(manager), peer_trainer.trainer, peer_trainer.trainer)
    assert "cannot be paired with themselves" in response.content.decode()
    assert not Pairing.objects.exists()


@pytest.mark.django_db
def test_an_end_before_the_start_is_refused_and_dates_kept(
    client_for, manager, peer_trainer, practitioner_trainer
):
    start = timezone.localdate()
    response = _post(
        client_for(manager),
        peer_trainer.trainer,
        practitioner_trainer.trainer,
        start=start,
        end=start - timedelta(days=1),
    )
    html = response.content.decode()
    assert "The end date must be on or after the start date." in html
    assert f'value="{start.isoformat()}"' in html
    assert not Pairing.objects.exists()


@pytest.mark.django_db
def test_a_second_live_pairing_of_the_same_two_is_refused(
    client_for, manager, peer_trainer, practitioner_trainer
):
    PairingFactory(peer=peer_trainer.trainer, practitioner=practitioner_trainer.trainer)
    response = _post(client_for(manager), peer_trainer.trainer, practitioner_trainer.trainer)
    assert "already have a proposed or active pairing" in response.content.decode()
    assert Pairing.objects.count() == 1


@pytest.mark.django_db
def test_the_same_two_can_be_paired_again_after_an_ended_pairing(
    client_for, manager, peer_trainer, practitioner_trainer
):
    PairingFactory(peer=peer_trainer.trainer, practitioner=practitioner_trainer.trainer, ended=True)
    response = _post(client_for(manager), peer_trainer.trainer, practitioner_trainer.trainer)
    assert response.status_code == 302
    assert Pairing.objects.count() == 2


@pytest.mark.django_db
def test_a_nonsense_date_gets_a_plain_error(
    client_for, manager, peer_trainer, practitioner_trainer
):
    response = client_for(manager).post(
        URL,
        {
            "peer": peer_trainer.trainer.pk,
            "practitioner": practitioner_trainer.trainer.pk,
            "start_date": "31/02/2026",
        },
    )
    assert response.status_code == 200
    assert "Enter a real date, for example 17/03/2027." in response.content.decode()
    assert not Pairing.objects.exists()
