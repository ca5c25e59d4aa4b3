"""An agreement has substance: every heading the college marks required must be written
(not empty, not a placeholder such as "TBC", not the template's guidance) before either
trainer can agree a version, and an agreement is only in force when its current version
is complete. Optional headings may stay empty."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from trainers import selectors
from trainers.errors import AgreementIncomplete, NotAllowed
from trainers.models import AgreementConsent, AgreementTemplate, AgreementVersion
from trainers.models.agreements import DEFAULT_HEADINGS
from trainers.services import (
    agreement_consent,
    agreement_create,
    agreement_edit,
    agreement_template_update,
)

from ..factories import PairingFactory, agreement_in_force

pytestmark = pytest.mark.django_db


def _sections(pairing):
    return pairing.agreement.current().sections


def _save(pairing, user, texts):
    agreement = pairing.agreement
    agreement.refresh_from_db()
    return agreement_edit(
        agreement=agreement,
        user=user,
        base_version=agreement.version,
        texts=texts,
        review_date=timezone.localdate() + timedelta(days=90),
    )


def _all_written(pairing):
    return [f"What we agreed, part {n}." for n in range(len(_sections(pairing)))]


def _with(pairing, index, text):
    texts = _all_written(pairing)
    texts[index] = text
    return texts


def _agree(pairing, user):
    agreement = pairing.agreement
    agreement.refresh_from_db()
    return agreement_consent(agreement=agreement, user=user, version=agreement.version)


def _state(pairing, manager):
    return selectors.pairing_get_for(user=manager, pk=pairing.pk).agreement_state


def _first_optional(pairing) -> int:
    return next(i for i, s in enumerate(_sections(pairing)) if not s["required"])


# --- the default template ---------------------------------------------------------------


def test_the_default_template_requires_the_five_headings_every_pair_needs():
    required = [h["heading"] for h in AgreementTemplate.load().headings if h["required"]]
    assert required == [
        "How we raise concerns with each other",
        "How we keep respect between us",
        "What happens if either of us becomes unwell",
        "How we support each other",
        "When we will review this",
    ]


def test_every_default_heading_has_guidance_for_the_pair():
    assert all(h["prompt"].strip() for h in DEFAULT_HEADINGS)


def test_a_new_agreement_copies_which_headings_are_required(active_pairing):
    template = AgreementTemplate.load().headings
    assert [(s["heading"], s["required"]) for s in _sections(active_pairing)] == [
        (h["heading"], h["required"]) for h in template
    ]


def test_an_edit_keeps_which_headings_are_required(active_pairing, peer_trainer):
    before = [(s["heading"], s["required"], s["prompt"]) for s in _sections(active_pairing)]
    new = _save(active_pairing, peer_trainer, _all_written(active_pairing))
    assert [(s["heading"], s["required"], s["prompt"]) for s in new.sections] == before


# --- agreeing -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["peer_trainer", "practitioner_trainer"])
def test_neither_trainer_can_agree_a_version_with_an_empty_required_heading(
    who, request, active_pairing, peer_trainer
):
    _save(active_pairing, peer_trainer, _with(active_pairing, 2, ""))
    with pytest.raises(AgreementIncomplete) as refused:
        _agree(active_pairing, request.getfixturevalue(who))
    assert refused.value.missing == ["What happens if either of us becomes unwell"]
    assert "What happens if either of us becomes unwell" in refused.value.message
    assert not AgreementConsent.objects.exists()


def test_the_untouched_first_version_cannot_be_agreed(active_pairing, peer_trainer):
    with pytest.raises(AgreementIncomplete) as refused:
        _agree(active_pairing, peer_trainer)
    assert len(refused.value.missing) == 5
    assert not AgreementConsent.objects.exists()


@pytest.mark.parametrize(
    "placeholder",
    ["TBC", "tbd", "TODO.", "n/a", "N/A", "xxx", "XXXXX", "To be agreed", "-", "...", "  ?  "],
)
def test_a_placeholder_counts_as_not_written(placeholder, active_pairing, peer_trainer):
    _save(active_pairing, peer_trainer, _with(active_pairing, 0, placeholder))
    with pytest.raises(AgreementIncomplete) as refused:
        _agree(active_pairing, peer_trainer)
    assert refused.value.missing == ["How we raise concerns with each other"]


def test_the_templates_guidance_copied_into_the_box_counts_as_not_written(
    active_pairing, peer_trainer
):
    prompt = _sections(active_pairing)[1]["prompt"]
    _save(active_pairing, peer_trainer, _with(active_pairing, 1, prompt))
    with pytest.raises(AgreementIncomplete) as refused:
        _agree(active_pairing, peer_trainer)
    assert refused.value.missing == ["How we keep respect between us"]


def test_a_complete_version_can_be_agreed_by_both(
    active_pairing, peer_trainer, practitioner_trainer, manager
):
    _save(active_pairing, peer_trainer, _all_written(active_pairing))
    _agree(active_pairing, peer_trainer)
    _agree(active_pairing, practitioner_trainer)
    assert AgreementConsent.objects.count() == 2
    assert _state(active_pairing, manager).in_force


def test_optional_headings_may_be_left_empty(
    active_pairing, peer_trainer, practitioner_trainer, manager
):
    texts = _with(active_pairing, _first_optional(active_pairing), "")
    _save(active_pairing, peer_trainer, texts)
    _agree(active_pairing, peer_trainer)
    _agree(active_pairing, practitioner_trainer)
    assert _state(active_pairing, manager).code == "in_force"


def test_a_heading_saved_before_headings_could_be_optional_counts_as_required(
    active_pairing, peer_trainer
):
    """Older versions' sections have no "required" key."""
    agreement = active_pairing.agreement
    old = [{"heading": s["heading"], "text": "Written."} for s in _sections(active_pairing)]
    old[-1]["text"] = ""
    AgreementVersion.objects.create(
        agreement=agreement,
        number=2,
        sections=old,
        review_date=timezone.localdate() + timedelta(days=60),
    )
    agreement.version = 2
    agreement.save(update_fields=["version"])
    with pytest.raises(AgreementIncomplete) as refused:
        _agree(active_pairing, peer_trainer)
    assert refused.value.missing == [old[-1]["heading"]]


# --- in force ---------------------------------------------------------------------------


def test_an_incomplete_version_is_never_in_force_even_with_both_consents(active_pairing, manager):
    """Consents recorded before the rule (or by any other way in) do not make it so."""
    version = active_pairing.agreement.current()
    for trainer in active_pairing.trainers:
        AgreementConsent.objects.create(version=version, trainer=trainer)
    state = _state(active_pairing, manager)
    assert (state.code, state.in_force) == ("incomplete", False)
    assert state.label == "Not in force: some headings are not written yet"


def test_writing_a_placeholder_over_an_agreed_heading_takes_it_out_of_force(
    active_pairing, peer_trainer, practitioner_trainer, manager
):
    _save(active_pairing, peer_trainer, _all_written(active_pairing))
    _agree(active_pairing, peer_trainer)
    _agree(active_pairing, practitioner_trainer)
    _save(active_pairing, practitioner_trainer, _with(active_pairing, 3, "TBC"))
    assert _state(active_pairing, manager).code == "incomplete"


def _list_states(manager):
    with CaptureQueriesContext(connection) as queries:
        states = {p.pk: p.agreement_state.code for p in selectors.pairing_list(user=manager)}
    return states, len(queries.captured_queries)


def test_the_pairing_list_judges_each_agreement_without_a_query_per_pairing(manager):
    complete = PairingFactory(active=True)
    agreement_in_force(complete)
    _list_states(manager)  # the first call also learns that the user is a manager
    _, with_one = _list_states(manager)
    PairingFactory.create_batch(3, active=True)
    states, with_four = _list_states(manager)
    assert with_four == with_one
    assert states[complete.pk] == "in_force"
    assert sorted(states.values()).count("incomplete") == 3


# --- the template -----------------------------------------------------------------------


def test_a_manager_marks_headings_required_or_optional(manager):
    agreement_template_update(
        user=manager,
        headings=[
            {"heading": "How we raise concerns", "prompt": "Say how.", "required": True},
            {"heading": "Anything else", "prompt": "", "required": False},
        ],
    )
    assert AgreementTemplate.load().headings == [
        {"heading": "How we raise concerns", "prompt": "Say how.", "required": True},
        {"heading": "Anything else", "prompt": "", "required": False},
    ]


def test_new_agreements_follow_the_managers_choice(manager):
    agreement_template_update(
        user=manager,
        headings=[
            {"heading": "Must write", "prompt": "", "required": True},
            {"heading": "May write", "prompt": "", "required": False},
        ],
    )
    pairing = PairingFactory(active=True)
    assert [(s["heading"], s["required"]) for s in _sections(pairing)] == [
        ("Must write", True),
        ("May write", False),
    ]


def test_existing_agreements_keep_their_own_required_headings(active_pairing, manager):
    before = _sections(active_pairing)
    agreement_template_update(
        user=manager, headings=[{"heading": "Only one", "prompt": "", "required": False}]
    )
    assert _sections(active_pairing) == before


@pytest.mark.parametrize("role", ["peer_trainer", "student"])
def test_only_a_manager_can_change_which_headings_are_required(role, request):
    with pytest.raises(NotAllowed):
        agreement_template_update(
            user=request.getfixturevalue(role),
            headings=[{"heading": "Anything", "prompt": "", "required": False}],
        )
    assert all(h["required"] for h in AgreementTemplate.load().headings[:5])


def test_agreement_create_copies_the_guidance_so_the_version_can_be_judged_alone(pairing):
    pairing.agreement.delete()
    agreement = agreement_create(pairing=pairing)
    assert [s["prompt"] for s in agreement.current().sections] == [
        h["prompt"] for h in AgreementTemplate.load().headings
    ]
