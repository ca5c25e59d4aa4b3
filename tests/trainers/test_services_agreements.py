"""Co-working agreements: editing in versions, agreeing, when an agreement is in force,
review reminders, the college template and the word-by-word comparison."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone

from trainers import selectors
from trainers.diff import text_diff, version_diff
from trainers.errors import NotAllowed, StaleEdit
from trainers.models import Agreement, AgreementConsent, AgreementTemplate, AgreementVersion
from trainers.services import (
    agreement_consent,
    agreement_edit,
    agreement_review_reminders_send,
    agreement_template_update,
    pairing_end,
)

from ..factories import PairingFactory

pytestmark = pytest.mark.django_db

CHANGED_SUBJECT = "Your co-working agreement changed: please read and agree again"
IN_FORCE_SUBJECT = "Your co-working agreement is in force"
REVIEW_SOON_SUBJECT = "Your co-working agreement is due for review next week"
REVIEW_PASSED_SUBJECT = "Your co-working agreement's review date has passed"


def _agreement(pairing) -> Agreement:
    return Agreement.objects.get(pairing=pairing)


def _current(pairing) -> AgreementVersion:
    return _agreement(pairing).current()


def _parts(pairing) -> int:
    return len(_current(pairing).sections)


def _edit(pairing, user, *, texts=None, base_version=None, review_date=None):
    """Save an edit by `user`. By default: from the current version, each part filled in,
    the same review date."""
    agreement = _agreement(pairing)
    current = agreement.current()
    if texts is None:
        texts = [f"What we agreed about part {n}." for n in range(len(current.sections))]
    return agreement_edit(
        agreement=agreement,
        user=user,
        base_version=agreement.version if base_version is None else base_version,
        texts=texts,
        review_date=current.review_date if review_date is None else review_date,
    )


def _agree(pairing, user, version=None):
    agreement = _agreement(pairing)
    return agreement_consent(
        agreement=agreement, user=user, version=agreement.version if version is None else version
    )


def _agree_both(pairing):
    for trainer in pairing.trainers:
        _agree(pairing, trainer.user)


def _state(pairing, manager):
    return selectors.pairing_get_for(user=manager, pk=pairing.pk).agreement_state


def _to(mailoutbox, subject):
    return sorted(address for m in mailoutbox if m.subject == subject for address in m.to)


@pytest.fixture
def written_pairing(active_pairing, peer_trainer):
    """An active pairing whose agreement has every heading written (version 2), so the
    pair can agree it."""
    _edit(
        active_pairing,
        peer_trainer,
        texts=[f"Written in full: part {n}." for n in range(_parts(active_pairing))],
    )
    return active_pairing


def _noon(day):
    """Midday on `day` in the college's time zone, so the local date is unambiguous."""
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))


# --- agreement_edit --------------------------------------------------------------------


def test_an_edit_saves_the_next_version_with_its_author_and_time(active_pairing, peer_trainer):
    before = timezone.now()
    version = _edit(active_pairing, peer_trainer)
    assert version.number == 2
    assert version.author == peer_trainer
    assert before <= version.created_at <= timezone.now()
    assert _agreement(active_pairing).version == 2
    assert version.sections[0]["text"] == "What we agreed about part 0."


def test_each_edit_adds_one_version(active_pairing, peer_trainer, practitioner_trainer):
    _edit(active_pairing, peer_trainer)
    third = _edit(active_pairing, practitioner_trainer, texts=["Changed."] * _parts(active_pairing))
    assert third.number == 3
    assert list(_agreement(active_pairing).versions.values_list("number", flat=True)) == [3, 2, 1]


def test_an_edit_leaves_older_versions_unchanged(active_pairing, peer_trainer):
    first = _current(active_pairing)
    _edit(active_pairing, peer_trainer, review_date=first.review_date + timedelta(days=30))
    old = AgreementVersion.objects.get(pk=first.pk)
    assert (old.sections, old.review_date, old.author) == (
        first.sections,
        first.review_date,
        None,
    )
    assert all(section["text"] == "" for section in old.sections)


def test_saving_identical_content_makes_no_new_version(active_pairing, peer_trainer):
    saved = _edit(active_pairing, peer_trainer)
    # Surrounding spaces are trimmed, so this is the same content again.
    again = _edit(active_pairing, peer_trainer, texts=[f"  {s['text']}  " for s in saved.sections])
    assert again.pk == saved.pk
    assert AgreementVersion.objects.filter(agreement__pairing=active_pairing).count() == 2


def test_an_edit_from_an_old_version_is_refused_as_stale(
    active_pairing, peer_trainer, practitioner_trainer
):
    _edit(active_pairing, peer_trainer)
    with pytest.raises(StaleEdit) as refused:
        _edit(
            active_pairing,
            practitioner_trainer,
            base_version=1,
            texts=["Mine."] * _parts(active_pairing),
        )
    assert refused.value.current_version == 2
    assert _agreement(active_pairing).version == 2
    assert AgreementVersion.objects.filter(agreement__pairing=active_pairing).count() == 2


@pytest.mark.parametrize("role", ["manager", "outsider_trainer", "student"])
def test_only_the_pair_can_edit_the_agreement(role, request, active_pairing):
    with pytest.raises(NotAllowed):
        _edit(active_pairing, request.getfixturevalue(role))
    assert _agreement(active_pairing).version == 1


def test_the_agreement_cannot_be_edited_while_the_pairing_is_proposed(pairing, peer_trainer):
    with pytest.raises(NotAllowed, match="while the pairing is active"):
        _edit(pairing, peer_trainer)
    assert _agreement(pairing).version == 1


def test_the_agreement_cannot_be_edited_once_the_pairing_has_ended(
    active_pairing, peer_trainer, manager
):
    pairing_end(pairing=active_pairing, manager=manager, end_date=active_pairing.start_date)
    with pytest.raises(NotAllowed, match="while the pairing is active"):
        _edit(active_pairing, peer_trainer)
    assert _agreement(active_pairing).version == 1


def test_an_edit_after_both_agreed_means_the_agreement_is_no_longer_in_force(
    written_pairing, peer_trainer, manager
):
    _agree_both(written_pairing)
    assert _state(written_pairing, manager).in_force
    _edit(written_pairing, peer_trainer)
    state = _state(written_pairing, manager)
    assert not state.in_force
    assert state.code == "awaiting"


def test_consents_stay_with_the_version_that_was_agreed(written_pairing, peer_trainer):
    _agree_both(written_pairing)
    new = _edit(written_pairing, peer_trainer)
    assert set(AgreementConsent.objects.values_list("version__number", flat=True)) == {2}
    assert not new.consents.exists()


def test_an_edit_after_one_trainer_agreed_emails_the_co_trainer_once(
    written_pairing,
    peer_trainer,
    practitioner_trainer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    _agree(written_pairing, practitioner_trainer)
    with django_capture_on_commit_callbacks(execute=True):
        _edit(written_pairing, peer_trainer)
    assert len(mailoutbox) == 1
    assert _to(mailoutbox, CHANGED_SUBJECT) == [practitioner_trainer.email]


def test_an_edit_after_the_editor_alone_agreed_emails_the_co_trainer_once(
    written_pairing,
    peer_trainer,
    practitioner_trainer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    _agree(written_pairing, peer_trainer)
    with django_capture_on_commit_callbacks(execute=True):
        _edit(written_pairing, peer_trainer)
    assert _to(mailoutbox, CHANGED_SUBJECT) == [practitioner_trainer.email]


def test_an_edit_when_nobody_had_agreed_emails_nobody(
    active_pairing, peer_trainer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _edit(active_pairing, peer_trainer)
    assert mailoutbox == []


# --- agreement_consent -----------------------------------------------------------------


def test_agreeing_to_an_old_version_is_refused_as_stale(
    active_pairing, peer_trainer, practitioner_trainer
):
    _edit(active_pairing, peer_trainer)
    with pytest.raises(StaleEdit) as refused:
        _agree(active_pairing, practitioner_trainer, version=1)
    assert refused.value.current_version == 2
    assert not AgreementConsent.objects.exists()


def test_agreeing_twice_records_one_consent(written_pairing, peer_trainer):
    first = _agree(written_pairing, peer_trainer)
    second = _agree(written_pairing, peer_trainer)
    assert first.pk == second.pk
    assert AgreementConsent.objects.count() == 1


def test_when_both_agree_each_trainer_is_told_once_that_it_is_in_force(
    written_pairing,
    peer_trainer,
    practitioner_trainer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _agree(written_pairing, peer_trainer)
        _agree(written_pairing, practitioner_trainer)
        _agree(written_pairing, peer_trainer)  # a second click changes nothing
    assert _to(mailoutbox, IN_FORCE_SUBJECT) == sorted(
        [peer_trainer.email, practitioner_trainer.email]
    )


def test_one_trainer_agreeing_sends_no_email(
    written_pairing, peer_trainer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _agree(written_pairing, peer_trainer)
    assert mailoutbox == []


def test_agreeing_after_the_review_date_has_passed_does_not_announce_it_is_in_force(
    written_pairing,
    peer_trainer,
    practitioner_trainer,
    manager,
    mailoutbox,
    time_machine,
    django_capture_on_commit_callbacks,
):
    """The email says "it is now in force until its review date", but with that date gone
    the agreement is not in force (agreement_status says "review_passed")."""
    _agree(written_pairing, peer_trainer)
    time_machine.move_to(
        _noon(_current(written_pairing).review_date + timedelta(days=1)), tick=False
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(NotAllowed):
        _agree(written_pairing, practitioner_trainer)
    assert _state(written_pairing, manager).code == "review_passed"
    assert _to(mailoutbox, IN_FORCE_SUBJECT) == []


@pytest.mark.parametrize("role", ["manager", "outsider_trainer"])
def test_only_the_pair_can_agree(role, request, active_pairing):
    with pytest.raises(NotAllowed):
        _agree(active_pairing, request.getfixturevalue(role))
    assert not AgreementConsent.objects.exists()


# --- agreement_status ------------------------------------------------------------------


def test_the_agreement_is_not_in_force_while_one_trainer_has_agreed(
    written_pairing, peer_trainer, manager
):
    _agree(written_pairing, peer_trainer)
    state = _state(written_pairing, manager)
    assert (state.code, state.in_force) == ("awaiting", False)


def test_the_agreement_is_in_force_when_both_agreed_the_current_version(written_pairing, manager):
    _agree_both(written_pairing)
    state = _state(written_pairing, manager)
    assert (state.code, state.in_force) == ("in_force", True)


def test_a_proposed_pairings_agreement_is_not_open(pairing, manager):
    state = _state(pairing, manager)
    assert (state.code, state.in_force) == ("not_open", False)


def test_the_agreement_is_not_in_force_once_its_review_date_has_passed(
    written_pairing, manager, time_machine
):
    _agree_both(written_pairing)
    time_machine.move_to(
        _noon(_current(written_pairing).review_date + timedelta(days=1)), tick=False
    )
    state = _state(written_pairing, manager)
    assert (state.code, state.in_force) == ("review_passed", False)


def test_the_agreement_is_still_in_force_on_its_review_date(written_pairing, manager, time_machine):
    _agree_both(written_pairing)
    time_machine.move_to(_noon(_current(written_pairing).review_date), tick=False)
    state = _state(written_pairing, manager)
    assert (state.code, state.in_force) == ("review_due", True)


def test_within_a_week_of_review_the_agreement_is_due_for_review_and_still_in_force(
    written_pairing, manager, time_machine
):
    _agree_both(written_pairing)
    time_machine.move_to(
        _noon(_current(written_pairing).review_date - timedelta(days=7)), tick=False
    )
    state = _state(written_pairing, manager)
    assert (state.code, state.in_force) == ("review_due", True)


def test_eight_days_before_review_the_agreement_is_simply_in_force(
    written_pairing, manager, time_machine
):
    _agree_both(written_pairing)
    time_machine.move_to(
        _noon(_current(written_pairing).review_date - timedelta(days=8)), tick=False
    )
    assert _state(written_pairing, manager).code == "in_force"


# --- agreement_review_reminders_send ---------------------------------------------------


def _run_reminders_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        agreement_review_reminders_send()
    with django_capture_on_commit_callbacks(execute=True):
        agreement_review_reminders_send()


def test_a_week_before_review_each_trainer_is_reminded_once(
    active_pairing,
    peer_trainer,
    practitioner_trainer,
    mailoutbox,
    time_machine,
    django_capture_on_commit_callbacks,
):
    review_date = _current(active_pairing).review_date
    time_machine.move_to(_noon(review_date - timedelta(days=7)), tick=False)
    _run_reminders_twice(django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2
    assert _to(mailoutbox, REVIEW_SOON_SUBJECT) == sorted(
        [peer_trainer.email, practitioner_trainer.email]
    )


def test_more_than_a_week_before_review_nobody_is_reminded(
    active_pairing, mailoutbox, time_machine, django_capture_on_commit_callbacks
):
    review_date = _current(active_pairing).review_date
    time_machine.move_to(_noon(review_date - timedelta(days=8)), tick=False)
    _run_reminders_twice(django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_after_the_review_date_each_trainer_is_told_once_that_it_has_passed(
    active_pairing,
    peer_trainer,
    practitioner_trainer,
    mailoutbox,
    time_machine,
    django_capture_on_commit_callbacks,
):
    review_date = _current(active_pairing).review_date
    time_machine.move_to(_noon(review_date + timedelta(days=1)), tick=False)
    _run_reminders_twice(django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2
    assert _to(mailoutbox, REVIEW_PASSED_SUBJECT) == sorted(
        [peer_trainer.email, practitioner_trainer.email]
    )


def test_an_ended_pairing_gets_no_review_reminders(
    mailoutbox, time_machine, django_capture_on_commit_callbacks
):
    ended = PairingFactory(ended=True)
    review_date = _current(ended).review_date
    time_machine.move_to(_noon(review_date - timedelta(days=3)), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert agreement_review_reminders_send() == 0
    time_machine.move_to(_noon(review_date + timedelta(days=3)), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert agreement_review_reminders_send() == 0
    assert mailoutbox == []


def test_an_earlier_versions_review_date_does_not_count(
    active_pairing, peer_trainer, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    _edit(active_pairing, peer_trainer, review_date=today + timedelta(days=3))
    _edit(active_pairing, peer_trainer, review_date=today + timedelta(days=90))
    with django_capture_on_commit_callbacks(execute=True):
        assert agreement_review_reminders_send() == 0
    assert mailoutbox == []


def test_the_current_versions_review_date_counts(
    active_pairing,
    peer_trainer,
    practitioner_trainer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    _edit(active_pairing, peer_trainer, review_date=timezone.localdate() + timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        agreement_review_reminders_send()
    assert _to(mailoutbox, REVIEW_SOON_SUBJECT) == sorted(
        [peer_trainer.email, practitioner_trainer.email]
    )


# --- agreement_template_update ---------------------------------------------------------

NEW_HEADINGS = [
    {"heading": "How we look after ourselves", "prompt": "Breaks, debriefs."},
    {"heading": "How we plan together", "prompt": ""},
]


def test_new_pairings_start_from_the_updated_template(manager):
    agreement_template_update(user=manager, headings=NEW_HEADINGS)
    pairing = PairingFactory()
    assert [s["heading"] for s in _current(pairing).sections] == [
        "How we look after ourselves",
        "How we plan together",
    ]


def test_existing_agreements_keep_their_headings_when_the_template_changes(pairing, manager):
    before = _current(pairing).sections
    agreement_template_update(user=manager, headings=NEW_HEADINGS)
    assert _current(pairing).sections == before
    assert "How we look after ourselves" not in [s["heading"] for s in before]


@pytest.mark.parametrize("role", ["peer_trainer", "practitioner_trainer", "student"])
def test_only_a_manager_can_change_the_template(role, request):
    before = AgreementTemplate.load().headings
    with pytest.raises(NotAllowed):
        agreement_template_update(user=request.getfixturevalue(role), headings=NEW_HEADINGS)
    assert AgreementTemplate.load().headings == before


@pytest.mark.parametrize("headings", [[], [{"heading": "   ", "prompt": "Only a prompt"}]])
def test_the_template_needs_at_least_one_heading(headings, manager):
    before = AgreementTemplate.load().headings
    with pytest.raises(NotAllowed, match="at least one heading"):
        agreement_template_update(user=manager, headings=headings)
    assert AgreementTemplate.load().headings == before


# --- the comparison (trainers/diff.py) -------------------------------------------------


def test_a_changed_word_shows_as_a_deletion_and_an_insertion():
    assert text_diff("We talk after the session.", "We talk before the session.") == [
        ("equal", "We talk "),
        ("delete", "after"),
        ("insert", "before"),
        ("equal", " the session."),
    ]


def test_identical_text_is_one_equal_chunk():
    assert text_diff("We share the lead.", "We share the lead.") == [
        ("equal", "We share the lead.")
    ]


def test_version_diff_marks_unchanged_sections_same_and_edited_ones_changed(
    active_pairing, peer_trainer, practitioner_trainer
):
    texts = ["We talk after the session."] + ["Part unchanged."] * (_parts(active_pairing) - 1)
    old = _edit(active_pairing, peer_trainer, texts=texts)
    new = _edit(
        active_pairing, practitioner_trainer, texts=["We talk before the session."] + texts[1:]
    )
    diff = version_diff(old, new)
    statuses = [section.status for section in diff["sections"]]
    assert statuses == ["changed"] + ["same"] * (len(texts) - 1)
    assert ("delete", "after") in diff["sections"][0].chunks
    assert ("insert", "before") in diff["sections"][0].chunks
    assert diff["changed"] is True
    assert diff["review_date_changed"] is False


def test_version_diff_flags_a_changed_review_date(active_pairing, peer_trainer):
    old = _current(active_pairing)
    new = _edit(
        active_pairing,
        peer_trainer,
        texts=[s["text"] for s in old.sections],
        review_date=old.review_date + timedelta(days=14),
    )
    diff = version_diff(old, new)
    assert diff["review_date_changed"] is True
    assert (diff["old_review_date"], diff["new_review_date"]) == (
        old.review_date,
        old.review_date + timedelta(days=14),
    )
    assert all(section.status == "same" for section in diff["sections"])
    assert diff["changed"] is True
