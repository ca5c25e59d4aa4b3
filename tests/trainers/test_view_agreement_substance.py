"""The agreement page lists the required headings not written yet, each linking to its
box on the edit page, and offers the Agree button only once none is missing; managers
mark headings required or optional on the template page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from trainers.models import AgreementConsent, AgreementTemplate
from trainers.services import agreement_edit

pytestmark = pytest.mark.django_db

AGREE_BUTTON = "I agree version"


def _detail(pairing):
    return reverse("trainers:agreement-detail", args=[pairing.pk])


def _write(pairing, user, blank=()):
    """Save a version with every heading written except those at the indexes in `blank`."""
    agreement = pairing.agreement
    count = len(agreement.current().sections)
    return agreement_edit(
        agreement=agreement,
        user=user,
        base_version=agreement.version,
        texts=["" if n in blank else f"Written part {n}." for n in range(count)],
        review_date=timezone.localdate() + timedelta(days=90),
    )


@pytest.mark.parametrize("who", ["peer_trainer", "practitioner_trainer"])
def test_agreeing_an_incomplete_version_is_refused_naming_the_missing_headings(
    who, request, client_for, active_pairing, peer_trainer
):
    _write(active_pairing, peer_trainer, blank={0, 4})
    response = client_for(request.getfixturevalue(who)).post(
        reverse("trainers:agreement-consent", args=[active_pairing.pk]), {"version": 2}, follow=True
    )
    html = response.content.decode()
    assert "cannot be agreed yet" in html
    assert "How we raise concerns with each other; When we will review this" in html
    assert not AgreementConsent.objects.exists()


def test_the_page_links_each_missing_heading_to_its_box(client_for, active_pairing, peer_trainer):
    _write(active_pairing, peer_trainer, blank={1, 3})
    html = client_for(peer_trainer).get(_detail(active_pairing)).content.decode()
    edit = reverse("trainers:agreement-edit", args=[active_pairing.pk])
    assert "Still to write before you can agree" in html
    assert f'<a href="{edit}#id_section_1">How we keep respect between us</a>' in html
    assert f'<a href="{edit}#id_section_3">How we support each other</a>' in html
    assert "#id_section_0" not in html


def test_the_missing_headings_anchors_are_the_edit_pages_boxes(
    client_for, active_pairing, peer_trainer
):
    html = (
        client_for(peer_trainer)
        .get(reverse("trainers:agreement-edit", args=[active_pairing.pk]))
        .content.decode()
    )
    assert 'id="id_section_0"' in html and 'id="id_section_4"' in html


def test_the_agree_button_is_not_offered_while_a_heading_is_missing(
    client_for, active_pairing, peer_trainer
):
    _write(active_pairing, peer_trainer, blank={2})
    html = client_for(peer_trainer).get(_detail(active_pairing)).content.decode()
    assert AGREE_BUTTON not in html
    assert "Not in force: some headings are not written yet" in html


def test_a_complete_version_offers_the_agree_button_and_lists_nothing_missing(
    client_for, active_pairing, peer_trainer
):
    _write(active_pairing, peer_trainer)
    html = client_for(peer_trainer).get(_detail(active_pairing)).content.decode()
    assert f"{AGREE_BUTTON} 2" in html
    assert "Still to write" not in html


def test_empty_optional_headings_are_marked_optional_and_do_not_block(
    client_for, active_pairing, peer_trainer
):
    _write(active_pairing, peer_trainer, blank={5, 6, 7})
    html = client_for(peer_trainer).get(_detail(active_pairing)).content.decode()
    assert "How we share the lead <small" in html and "(optional)" in html
    assert f"{AGREE_BUTTON} 2" in html


def test_a_manager_sees_the_missing_headings_without_links_to_edit(
    client_for, active_pairing, manager
):
    html = client_for(manager).get(_detail(active_pairing)).content.decode()
    assert "Still to write before you can agree" in html
    assert "#id_section_" not in html
    assert AGREE_BUTTON not in html


def test_a_manager_marks_headings_required_or_optional_on_the_template_page(client_for, manager):
    response = client_for(manager).post(
        reverse("trainers:agreement-template"),
        {
            "h-TOTAL_FORMS": 2,
            "h-INITIAL_FORMS": 0,
            "h-0-heading": "How we raise concerns",
            "h-0-prompt": "Say how.",
            "h-0-required": "on",
            "h-1-heading": "Anything else",
            "h-1-prompt": "",
        },
    )
    assert response.status_code == 302
    assert [(h["heading"], h["required"]) for h in AgreementTemplate.load().headings] == [
        ("How we raise concerns", True),
        ("Anything else", False),
    ]


def test_the_template_page_shows_which_headings_are_required(client_for, manager):
    html = client_for(manager).get(reverse("trainers:agreement-template")).content.decode()
    assert html.count('name="h-0-required" id="id_h-0-required" checked') == 1
    assert 'name="h-5-required" id="id_h-5-required" >' in html
