"""The trainers' forms: each bad input gets a plain error and keeps what was typed."""

import re

import pytest
from django.urls import reverse

from recovery_college.accounts.models import User
from trainers.models import AgreementTemplate, ConflictDecision, Declaration, Trainer

from ..factories import PeerTrainerFactory, TopicFactory


@pytest.mark.django_db
def test_a_trainer_answers_the_private_question(client_for, pairing, peer_trainer):
    response = client_for(peer_trainer).post(
        reverse("trainers:declaration-form", args=[pairing.pk]), {"answer": "none"}
    )
    assert response["Location"] == reverse("trainers:pairing-detail", args=[pairing.pk])
    assert Declaration.objects.get().answer == "none"


@pytest.mark.django_db
def test_another_relationship_without_details_is_refused_and_kept(
    client_for, pairing, peer_trainer
):
    response = client_for(peer_trainer).post(
        reverse("trainers:declaration-form", args=[pairing.pk]), {"answer": "other", "details": " "}
    )
    html = response.content.decode()
    assert "Tell us a little about the relationship." in html
    assert re.search(r'<input[^>]*value="other"[^>]*checked', html)
    assert not Declaration.objects.exists()


@pytest.mark.django_db
def test_no_answer_is_refused(client_for, pairing, peer_trainer):
    response = client_for(peer_trainer).post(
        reverse("trainers:declaration-form", args=[pairing.pk]), {"details": "typed words"}
    )
    html = response.content.decode()
    assert "Answer “Do you have a relationship" in html and "typed words</textarea>" in html
    assert not Declaration.objects.exists()


def _awaiting_decision(pairing):
    Declaration.objects.create(pairing=pairing, trainer=pairing.peer, answer="treats_me")
    Declaration.objects.create(pairing=pairing, trainer=pairing.practitioner, answer="i_treat")


@pytest.mark.django_db
def test_going_ahead_without_a_support_contact_is_refused_and_reasons_kept(
    client_for, pairing, manager
):
    _awaiting_decision(pairing)
    response = client_for(manager).post(
        reverse("trainers:decision-form", args=[pairing.pk]),
        {"outcome": "proceed", "support_contact": "", "reasons": "Both want to go ahead."},
    )
    html = response.content.decode()
    assert "Name an independent support contact for the pair." in html
    assert "Both want to go ahead.</textarea>" in html
    assert not ConflictDecision.objects.exists()


@pytest.mark.django_db
def test_a_manager_withdraws_a_proposal(client_for, pairing, manager):
    _awaiting_decision(pairing)
    client_for(manager).post(
        reverse("trainers:decision-form", args=[pairing.pk]),
        {"outcome": "withdraw", "support_contact": "", "reasons": "A current treating role."},
    )
    pairing.refresh_from_db()
    assert pairing.status == "withdrawn"


@pytest.mark.django_db
def test_a_manager_invites_a_practitioner(
    client_for, manager, mailoutbox, django_capture_on_commit_callbacks
):
    topic = TopicFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(
            reverse("trainers:invite"),
            {
                "full_name": "Dr New Person",
                "email": "new@example.org",
                "kind": "practitioner",
                "profession": "Psychologist",
                "topics": [topic.pk],
            },
        )
    assert response["Location"] == reverse("trainers:directory")
    trainer = Trainer.objects.get(user__email="new@example.org")
    assert (trainer.kind, trainer.profession, list(trainer.topics.all())) == (
        "practitioner",
        "Psychologist",
        [topic],
    )
    assert mailoutbox[0].to == ["new@example.org"]


@pytest.mark.django_db
def test_inviting_a_practitioner_without_a_profession_is_refused(client_for, manager):
    response = client_for(manager).post(
        reverse("trainers:invite"),
        {"full_name": "Dr New Person", "email": "new@example.org", "kind": "practitioner"},
    )
    html = response.content.decode()
    assert "Enter the practitioner&#x27;s profession" in html
    assert 'value="Dr New Person"' in html
    assert not User.objects.filter(email="new@example.org").exists()


@pytest.mark.django_db
def test_inviting_an_existing_trainer_is_refused(client_for, manager, peer_trainer):
    response = client_for(manager).post(
        reverse("trainers:invite"),
        {"full_name": "Again", "email": peer_trainer.email.upper(), "kind": "peer"},
    )
    assert "is already a trainer" in response.content.decode()
    assert Trainer.objects.count() == 1


@pytest.mark.django_db
def test_a_trainer_edits_their_own_profile(client_for, peer_trainer):
    topic = TopicFactory()
    response = client_for(peer_trainer).post(
        reverse("trainers:profile-edit"),
        {"bio": "Hello", "topics": [topic.pk], "availability_notes": "Mornings"},
    )
    assert response.status_code == 302
    trainer = Trainer.objects.get(user=peer_trainer)
    assert (trainer.bio, trainer.availability_notes) == ("Hello", "Mornings")


@pytest.mark.django_db
def test_students_have_no_trainer_profile_to_edit(client_for, student):
    assert client_for(student).get(reverse("trainers:profile-edit")).status_code == 403


@pytest.mark.django_db
def test_a_manager_cannot_change_a_paired_trainers_kind(client_for, manager, active_pairing):
    peer = active_pairing.peer
    client_for(manager).post(
        reverse("trainers:trainer-edit", args=[peer.pk]),
        {
            "kind": "practitioner",
            "profession": "Nurse",
            "public_name_style": "full",
            "bio": "",
            "availability_notes": "",
            "is_active": "on",
        },
    )
    peer.refresh_from_db()
    assert peer.kind == "peer"


@pytest.mark.django_db
def test_a_manager_edits_the_agreement_template(client_for, manager):
    AgreementTemplate.load()
    response = client_for(manager).post(
        reverse("trainers:agreement-template"),
        {
            "h-TOTAL_FORMS": 2,
            "h-INITIAL_FORMS": 0,
            "h-0-heading": "Our ground rules",
            "h-0-prompt": "Say what matters",
            "h-1-heading": "",
            "h-1-prompt": "",
        },
    )
    assert response.status_code == 302
    assert AgreementTemplate.load().headings == [
        {"heading": "Our ground rules", "prompt": "Say what matters", "required": False}
    ]


@pytest.mark.django_db
def test_removing_every_heading_from_the_template_is_refused(client_for, manager):
    before = AgreementTemplate.load().headings
    response = client_for(manager).post(
        reverse("trainers:agreement-template"),
        {"h-TOTAL_FORMS": 1, "h-INITIAL_FORMS": 0, "h-0-heading": "", "h-0-prompt": ""},
    )
    assert "The template needs at least one heading." in response.content.decode()
    assert AgreementTemplate.load().headings == before


@pytest.mark.django_db
def test_the_audit_log_lists_events_without_content(client_for, manager, active_pairing):
    client = client_for(manager)
    client.get(reverse("trainers:agreement-download", args=[active_pairing.pk]))
    html = client.get(reverse("audit:log"), {"type": "agreement"}).content.decode()
    assert "Downloaded" in html and f"agreement #{active_pairing.agreement.pk}" in html


@pytest.mark.django_db
def test_ending_a_pairing_before_it_started_is_refused(client_for, manager, active_pairing):
    response = client_for(manager).post(
        reverse("trainers:pairing-end", args=[active_pairing.pk]), {"end_date": "2000-01-01"}
    )
    assert "The end date must be on or after the start date" in response.content.decode()
    active_pairing.refresh_from_db()
    assert active_pairing.status == "active"


@pytest.mark.django_db
def test_an_outsider_peer_cannot_be_made_to_answer_for_someone_elses_pairing(client_for, pairing):
    outsider = PeerTrainerFactory().user
    response = client_for(outsider).post(
        reverse("trainers:declaration-form", args=[pairing.pk]), {"answer": "none"}
    )
    assert response.status_code == 404
    assert not Declaration.objects.exists()


@pytest.mark.django_db
def test_two_headings_the_same_are_refused(client_for, manager):
    before = AgreementTemplate.load().headings
    response = client_for(manager).post(
        reverse("trainers:agreement-template"),
        {
            "h-TOTAL_FORMS": 2,
            "h-INITIAL_FORMS": 0,
            "h-0-heading": "Ground rules",
            "h-0-prompt": "",
            "h-1-heading": "ground rules",
            "h-1-prompt": "",
        },
    )
    html = response.content.decode()
    assert "Each heading must be different." in html
    assert 'value="ground rules"' in html
    assert AgreementTemplate.load().headings == before
