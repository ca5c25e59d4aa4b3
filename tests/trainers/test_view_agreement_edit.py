from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from trainers.services import agreement_edit


def _url(pairing):
    return reverse("trainers:agreement-edit", args=[pairing.pk])


def _form(pairing, base_version, first_text, review=None):
    version = pairing.agreement.versions.get(number=pairing.agreement.version)
    data = {f"section_{i}": s["text"] for i, s in enumerate(version.sections)}
    data["section_0"] = first_text
    data["base_version"] = base_version
    data["review_date"] = (review or timezone.localdate() + timedelta(days=90)).isoformat()
    return data


@pytest.mark.django_db
def test_a_trainer_saves_a_new_version(client_for, active_pairing, peer_trainer):
    response = client_for(peer_trainer).post(
        _url(active_pairing), _form(active_pairing, 1, "We talk after every session.")
    )
    assert response["Location"] == reverse("trainers:agreement-detail", args=[active_pairing.pk])
    active_pairing.agreement.refresh_from_db()
    assert active_pairing.agreement.version == 2
    latest = active_pairing.agreement.versions.get(number=2)
    assert latest.sections[0]["text"] == "We talk after every session."
    assert latest.author == peer_trainer


@pytest.mark.django_db
def test_a_stale_save_is_refused_shows_the_other_change_and_keeps_the_typed_text(
    client_for, active_pairing, peer_trainer, practitioner_trainer
):
    data = _form(active_pairing, 1, "My words, typed while you were saving.")
    agreement_edit(
        agreement=active_pairing.agreement,
        user=practitioner_trainer,
        base_version=1,
        texts=["Their words, saved first."] + [""] * 7,
        review_date=timezone.localdate() + timedelta(days=60),
    )
    response = client_for(peer_trainer).post(_url(active_pairing), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your co-trainer saved a change while you were editing" in html
    assert "Their words, saved first." in html  # their change is shown
    assert "My words, typed while you were saving.</textarea>" in html  # ours is kept
    assert 'name="base_version" value="2"' in html  # the next save builds on theirs
    active_pairing.agreement.refresh_from_db()
    assert active_pairing.agreement.version == 2  # nothing overwritten


@pytest.mark.django_db
def test_saving_again_after_a_stale_refusal_succeeds(
    client_for, active_pairing, peer_trainer, practitioner_trainer
):
    agreement_edit(
        agreement=active_pairing.agreement,
        user=practitioner_trainer,
        base_version=1,
        texts=["Theirs"] + [""] * 7,
        review_date=timezone.localdate() + timedelta(days=60),
    )
    client = client_for(peer_trainer)
    client.post(_url(active_pairing), _form(active_pairing, 1, "Mine"))
    response = client.post(_url(active_pairing), _form(active_pairing, 2, "Mine"))
    assert response.status_code == 302
    active_pairing.agreement.refresh_from_db()
    assert active_pairing.agreement.version == 3


@pytest.mark.django_db
def test_a_review_date_in_the_past_is_refused_and_the_text_kept(
    client_for, active_pairing, peer_trainer
):
    data = _form(active_pairing, 1, "Kept text", review=timezone.localdate() - timedelta(days=1))
    html = client_for(peer_trainer).post(_url(active_pairing), data).content.decode()
    assert "The review date must be after today." in html
    assert "Kept text</textarea>" in html
    active_pairing.agreement.refresh_from_db()
    assert active_pairing.agreement.version == 1


@pytest.mark.django_db
def test_a_tampered_version_number_gets_a_plain_error(client_for, active_pairing, peer_trainer):
    data = _form(active_pairing, "abc", "Text")
    response = client_for(peer_trainer).post(_url(active_pairing), data)
    assert response.status_code == 200
    active_pairing.agreement.refresh_from_db()
    assert active_pairing.agreement.version == 1


@pytest.mark.django_db
def test_agreeing_an_old_version_is_refused_with_a_message(
    client_for, active_pairing, peer_trainer, practitioner_trainer
):
    agreement_edit(
        agreement=active_pairing.agreement,
        user=practitioner_trainer,
        base_version=1,
        texts=["Theirs"] + [""] * 7,
        review_date=timezone.localdate() + timedelta(days=60),
    )
    response = client_for(peer_trainer).post(
        reverse("trainers:agreement-consent", args=[active_pairing.pk]),
        {"version": 1},
        follow=True,
    )
    assert "The agreement changed after you opened it" in response.content.decode()
    assert not active_pairing.agreement.versions.get(number=2).consents.exists()


@pytest.mark.django_db
def test_the_diff_page_shows_added_and_removed_words(
    client_for, active_pairing, peer_trainer, practitioner_trainer
):
    for base, text in [(1, "We meet on Mondays"), (2, "We meet on Fridays")]:
        agreement_edit(
            agreement=active_pairing.agreement,
            user=peer_trainer,
            base_version=base,
            texts=[text] + [""] * 7,
            review_date=timezone.localdate() + timedelta(days=60),
        )
    html = (
        client_for(practitioner_trainer)
        .get(reverse("trainers:agreement-diff", args=[active_pairing.pk]), {"from": 2, "to": 3})
        .content.decode()
    )
    assert '<del><span class="visually-hidden">[removed: </span>Mondays' in html
    assert '<ins><span class="visually-hidden">[added: </span>Fridays' in html


@pytest.mark.django_db
def test_comparing_a_version_that_does_not_exist_explains_itself(
    client_for, active_pairing, peer_trainer
):
    response = client_for(peer_trainer).get(
        reverse("trainers:agreement-diff", args=[active_pairing.pk]),
        {"from": 1, "to": 99},
        follow=True,
    )
    assert "There is no such version" in response.content.decode()


@pytest.mark.django_db
def test_after_a_stale_save_untouched_boxes_take_the_co_trainers_newer_text(
    client_for, active_pairing, peer_trainer, practitioner_trainer
):
    data = _form(active_pairing, 1, "")  # the peer leaves the first box as it was...
    data["section_1"] = "The peer's own words"  # ...and types in the second
    agreement_edit(
        agreement=active_pairing.agreement,
        user=practitioner_trainer,
        base_version=1,
        texts=["The practitioner's first box"] + [""] * 7,
        review_date=timezone.localdate() + timedelta(days=60),
    )
    form = client_for(peer_trainer).post(_url(active_pairing), data).context["form"]
    assert form.data["section_0"] == "The practitioner's first box"
    assert form.data["section_1"] == "The peer's own words"


def test_a_mostly_rewritten_text_is_shown_as_before_and_after():
    from trainers.diff import text_diff

    chunks = text_diff("We meet on Mondays at ten", "Fridays suit us both far better now")
    assert chunks == [
        ("delete", "We meet on Mondays at ten"),
        ("equal", " "),
        ("insert", "Fridays suit us both far better now"),
    ]
