"""A manager starts a pairing once both trainers have answered "none": the pairing page
offers the button to managers only, and only managers may use it."""

import pytest
from django.urls import reverse

from trainers.models import Pairing
from trainers.services import declaration_submit

pytestmark = pytest.mark.django_db

START_BUTTON = "Start the pairing"


@pytest.fixture
def ready(pairing, peer_trainer, practitioner_trainer):
    declaration_submit(pairing=pairing, user=peer_trainer, answer="none")
    declaration_submit(pairing=pairing, user=practitioner_trainer, answer="none")
    return pairing


def _start(client, pairing):
    return client.post(reverse("trainers:pairing-start", args=[pairing.pk]), follow=True)


def test_a_manager_starts_a_ready_pairing(client_for, manager, ready):
    html = _start(client_for(manager), ready).content.decode()
    assert "The pairing has started." in html
    ready.refresh_from_db()
    assert ready.status == Pairing.Status.ACTIVE


def test_the_manager_is_offered_the_start_button_when_the_pairing_is_ready(
    client_for, manager, ready
):
    html = client_for(manager).get(reverse("trainers:pairing-detail", args=[ready.pk]))
    assert START_BUTTON in html.content.decode()


def test_a_trainer_is_never_offered_the_start_button(client_for, peer_trainer, ready):
    html = client_for(peer_trainer).get(reverse("trainers:pairing-detail", args=[ready.pk]))
    assert START_BUTTON not in html.content.decode()


@pytest.mark.parametrize("role", ["peer_trainer", "outsider_trainer", "student"])
def test_nobody_but_a_manager_can_start_a_pairing(role, request, client_for, ready):
    response = client_for(request.getfixturevalue(role)).post(
        reverse("trainers:pairing-start", args=[ready.pk])
    )
    assert response.status_code == 404
    ready.refresh_from_db()
    assert ready.status == Pairing.Status.PROPOSED


def test_anonymous_people_are_asked_to_log_in(client, ready):
    response = client.post(reverse("trainers:pairing-start", args=[ready.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_starting_a_pairing_still_waiting_for_an_answer_explains_why_not(
    client_for, manager, pairing, peer_trainer
):
    declaration_submit(pairing=pairing, user=peer_trainer, answer="none")
    html = _start(client_for(manager), pairing).content.decode()
    assert "Both trainers need to answer the private question" in html
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.PROPOSED


def test_starting_by_get_is_not_allowed(client_for, manager, ready):
    response = client_for(manager).get(reverse("trainers:pairing-start", args=[ready.pk]))
    assert response.status_code == 405
