"""Inviting trainers and changing their profiles."""

from urllib.parse import urlparse

import pytest
from django.core.exceptions import ValidationError
from django.urls import resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from recovery_college.accounts.models import User
from trainers.errors import AlreadyTrainer, KindLocked, NotAllowed
from trainers.models import Trainer
from trainers.services import trainer_invite, trainer_public_name_choose, trainer_update

from ..factories import PASSWORD, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

INVITATION_SUBJECT = "You are invited to train at the Recovery College"
NEW_PASSWORD = "lanterns-over-the-quiet-harbour-42"


def _invite(manager, *, email="nia.new@example.org", kind=Trainer.Kind.PEER, **kwargs):
    kwargs.setdefault("full_name", "Nia Newcomer")
    return trainer_invite(invited_by=manager, email=email, kind=kind, **kwargs)


def _invitation_path(message) -> str:
    """The path of the invitation link in an email (the link is absolute)."""
    for word in message.body.split():
        if "://" in word:
            path = urlparse(word).path
            if resolve(path).url_name == "invitation-accept":
                return path
    raise AssertionError(f"No invitation link in:\n{message.body}")


# --- trainer_invite: a new person ------------------------------------------------------


def test_inviting_a_new_person_creates_an_account_without_a_usable_password(manager):
    _invite(manager, email="Nia.New@Example.org")
    user = User.objects.get(email="nia.new@example.org")
    assert user.full_name == "Nia Newcomer"
    assert not user.has_usable_password()


def test_inviting_a_new_person_gives_them_a_trainer_profile_of_the_chosen_kind(manager):
    topic = TopicFactory(name="Sleep and wellbeing")
    trainer = _invite(
        manager, kind=Trainer.Kind.PRACTITIONER, profession="Occupational therapist", topics=[topic]
    )
    trainer.refresh_from_db()
    assert (trainer.kind, trainer.profession, trainer.is_active) == (
        Trainer.Kind.PRACTITIONER,
        "Occupational therapist",
        True,
    )
    assert list(trainer.topics.all()) == [topic]
    assert trainer.user.is_trainer


def test_inviting_a_new_person_sends_one_email_with_an_invitation_link(
    manager, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(manager)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert (message.subject, message.to) == (INVITATION_SUBJECT, ["nia.new@example.org"])
    user = User.objects.get(email="nia.new@example.org")
    link = resolve(_invitation_path(message))
    assert link.kwargs["uidb64"] == urlsafe_base64_encode(force_bytes(user.pk))


def test_the_invitation_link_lets_a_new_trainer_choose_a_password_and_lands_them_logged_in(
    manager, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(manager)
    form_page = client.get(_invitation_path(mailoutbox[0]), follow=True)
    assert form_page.context["validlink"] is True
    set_password_url = form_page.redirect_chain[-1][0]

    response = client.post(
        set_password_url,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    # Logged in, and asked first how their name should appear to the public.
    landing = reverse("trainers:public-name") + "?next=" + reverse("workshops:my-workshops")
    assert response.redirect_chain[-1][0] == landing
    assert response.status_code == 200
    user = User.objects.get(email="nia.new@example.org")
    assert response.wsgi_request.user == user
    assert user.check_password(NEW_PASSWORD)


def test_the_invitation_link_works_only_once(
    manager, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(manager)
    link = _invitation_path(mailoutbox[0])
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.logout()
    assert client.get(link, follow=True).context["validlink"] is False


# --- trainer_invite: someone who already has an account --------------------------------


def test_inviting_an_existing_student_keeps_their_password(manager, student):
    _invite(manager, email=student.email, full_name="Another Name")
    student.refresh_from_db()
    assert student.check_password(PASSWORD)
    assert student.full_name == "Sally Student"
    assert User.objects.filter(email__iexact=student.email).count() == 1


def test_inviting_an_existing_student_makes_them_a_trainer(manager, student):
    trainer = _invite(manager, email=student.email.upper(), kind=Trainer.Kind.PEER)
    assert trainer.user == student
    assert User.objects.get(pk=student.pk).is_trainer


def test_an_existing_student_is_told_without_a_password_link(
    manager, student, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(manager, email=student.email)
    assert [m.to for m in mailoutbox] == [[student.email]]
    body = mailoutbox[0].body
    assert "/invitation/" not in body
    assert reverse("workshops:my-workshops") in body


@pytest.mark.parametrize("same_case", [True, False])
def test_inviting_someone_who_is_already_a_trainer_is_refused(
    same_case, manager, practitioner_trainer, mailoutbox, django_capture_on_commit_callbacks
):
    email = practitioner_trainer.email if same_case else practitioner_trainer.email.upper()
    before = Trainer.objects.get(user=practitioner_trainer)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(AlreadyTrainer, match="already a trainer"),
    ):
        _invite(manager, email=email, kind=Trainer.Kind.PEER)
    after = Trainer.objects.get(user=practitioner_trainer)
    assert (after.pk, after.kind, after.profession) == (before.pk, before.kind, before.profession)
    assert Trainer.objects.count() == 1
    assert mailoutbox == []


def test_a_peer_trainers_profession_is_dropped(manager):
    trainer = _invite(manager, kind=Trainer.Kind.PEER, profession="Mental health nurse")
    trainer.refresh_from_db()
    assert (trainer.kind, trainer.profession) == (Trainer.Kind.PEER, "")


def test_inviting_a_practitioner_without_a_profession_is_refused_and_creates_no_account(
    manager, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        _invite(manager, kind=Trainer.Kind.PRACTITIONER, profession="")
    assert not User.objects.filter(email="nia.new@example.org").exists()
    assert mailoutbox == []


# --- trainer_update --------------------------------------------------------------------


def test_a_practitioner_cannot_be_saved_without_a_profession(practitioner_trainer):
    trainer = practitioner_trainer.trainer
    with pytest.raises(ValidationError) as refused:
        trainer_update(trainer=trainer, fields={"profession": ""})
    assert "profession" in refused.value.message_dict
    assert Trainer.objects.get(pk=trainer.pk).profession == "Mental health nurse"


def test_a_peer_cannot_become_a_practitioner_without_a_profession(peer_trainer):
    trainer = peer_trainer.trainer
    with pytest.raises(ValidationError):
        trainer_update(trainer=trainer, fields={"kind": Trainer.Kind.PRACTITIONER})
    assert Trainer.objects.get(pk=trainer.pk).kind == Trainer.Kind.PEER


def test_an_unknown_kind_is_refused(peer_trainer):
    trainer = peer_trainer.trainer
    with pytest.raises(ValidationError):
        trainer_update(trainer=trainer, fields={"kind": "manager"})
    assert Trainer.objects.get(pk=trainer.pk).kind == Trainer.Kind.PEER


def test_a_trainer_choosing_their_public_name_is_recorded_as_their_choice(
    practitioner_trainer,
):
    trainer = practitioner_trainer.trainer
    Trainer.objects.filter(pk=trainer.pk).update(public_name_chosen_at=None)
    trainer.refresh_from_db()
    trainer_public_name_choose(trainer=trainer, style=Trainer.PublicName.OTHER, other=" Prue  P. ")
    trainer.refresh_from_db()
    assert (trainer.public_name, trainer.public_name_chosen) == ("Prue P.", True)


def test_another_name_without_the_name_is_refused(peer_trainer):
    with pytest.raises(NotAllowed, match="Enter the name"):
        trainer_public_name_choose(trainer=peer_trainer.trainer, style=Trainer.PublicName.OTHER)


def test_a_peer_updating_with_a_profession_has_it_dropped(peer_trainer):
    trainer = trainer_update(trainer=peer_trainer.trainer, fields={"profession": "Social worker"})
    trainer.refresh_from_db()
    assert trainer.profession == ""


def test_a_peer_may_choose_to_be_shown_by_first_name_only(peer_trainer):
    trainer = trainer_update(
        trainer=peer_trainer.trainer, fields={"public_name_style": Trainer.PublicName.FIRST}
    )
    trainer.refresh_from_db()
    assert trainer.public_name == "Pat"


def test_a_paired_trainers_kind_cannot_change(pairing, peer_trainer):
    """trainer_update's docstring: "The kind cannot change once the trainer has a pairing,
    because the pairing depends on it." Otherwise the pairing has two Practitioners."""
    trainer = peer_trainer.trainer
    with pytest.raises(KindLocked):
        trainer_update(
            trainer=trainer,
            fields={"kind": Trainer.Kind.PRACTITIONER, "profession": "Social worker"},
        )
    pairing.refresh_from_db()
    assert pairing.peer.kind == Trainer.Kind.PEER, "the pairing now has two Practitioners"


def test_an_unpaired_trainers_kind_can_change():
    trainer = Trainer.objects.create(user=UserFactory(), kind=Trainer.Kind.PEER)
    trainer_update(
        trainer=trainer, fields={"kind": Trainer.Kind.PRACTITIONER, "profession": "Social worker"}
    )
    trainer.refresh_from_db()
    assert (trainer.kind, trainer.profession) == (Trainer.Kind.PRACTITIONER, "Social worker")
