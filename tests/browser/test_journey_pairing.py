"""Three people, three browsers: a manager pairs a Peer and a Practitioner Trainer, each
trainer answers the private conflict-of-interest question, the manager decides, and the
pair write, agree and change their co-working agreement. Every page is scanned with axe.

A second test has the two trainers edit the agreement at the same time: the later save is
refused without losing a word, and the co-trainer's change is shown. A third shows that
saving again after that refusal keeps the co-trainer's change to a box the later editor
never touched."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ..factories import (
    PASSWORD,
    ManagerFactory,
    PairingFactory,
    PeerTrainerFactory,
    PractitionerTrainerFactory,
)

PEER = "Pat Peer"
PRACTITIONER = "Dr Prue Practitioner"
MANAGER = "Morgan Manager"
DETAILS = "I was their care coordinator in 2022"
PRACTITIONER_ANSWER = "I am, or was, their treating clinician or care coordinator"
FIRST_BOX = "How we raise concerns with each other"
SECOND_BOX = "How we keep respect between us"
OTHER_REQUIRED_BOXES = {
    SECOND_BOX: "Both our voices count the same; we disagree in private, kindly.",
    "What happens if either of us becomes unwell": "Whoever is unwell texts the other by 8am.",
    "How we support each other": "We check in before each session, as colleagues.",
    "When we will review this": "After our first course, and on the review date.",
}
SETTING_UP = "The college is setting up this pairing"
AWAITING_AGREEMENT = "Not in force: waiting for both trainers to agree"
INCOMPLETE = "Not in force: some headings are not written yet"


@pytest.fixture
def open_browser(browser, live_server, settings):
    """open_browser() -> a page in a fresh browser context (its own cookies), closed after
    the test."""
    settings.AXES_FAILURE_LIMIT = 50
    contexts = []

    def make():
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


def log_in(page, user, axe):
    page.goto("/accounts/login/")
    axe.scan(page)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # Each role lands where its work is.
    landing = "College" if user.is_manager else "My workshops"
    expect(page.get_by_role("heading", name=landing, exact=True)).to_be_visible()
    axe.scan(page)


def main_nav(page, name):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def agree_button(page):
    return page.get_by_role("button", name=re.compile(r"^I agree version \d+$"))


def status_box(page):
    """The agreement page's summary: in force or not, version, who has agreed."""
    return page.locator(".alert[role=status]").filter(has_text="Review date:")


@pytest.mark.django_db(transaction=True)
def test_manager_pairs_two_trainers_who_declare_then_agree_their_ground_rules(
    live_server, open_browser, axe
):
    manager_user = ManagerFactory(full_name=MANAGER)
    peer_user = PeerTrainerFactory(user__full_name=PEER).user
    practitioner_user = PractitionerTrainerFactory(user__full_name=PRACTITIONER).user

    manager, peer, practitioner = open_browser(), open_browser(), open_browser()

    # 1. The manager proposes the pairing.
    log_in(manager, manager_user, axe)
    main_nav(manager, "College").click()
    expect(manager.get_by_role("heading", name="College", exact=True)).to_be_visible()
    axe.scan(manager)
    manager.get_by_role("link", name="Propose a pairing").click()
    expect(manager.get_by_role("heading", name="Propose a pairing")).to_be_visible()
    axe.scan(manager)
    # Required fields' labels end with an asterisk, so match the start of the name.
    manager.get_by_role("combobox", name=re.compile(r"^Peer Trainer\b")).select_option(
        label=f"{PEER} – Peer Trainer"
    )
    manager.get_by_role("combobox", name=re.compile(r"^Practitioner Trainer\b")).select_option(
        label=f"{PRACTITIONER} – Practitioner Trainer"
    )
    manager.get_by_role("button", name="Propose pairing").click()
    expect(manager.get_by_role("heading", name=f"{PEER} and {PRACTITIONER}")).to_be_visible()
    expect(manager.get_by_text("Waiting for declarations (0 of 2 answered)")).to_be_visible()
    expect(manager.get_by_text("Pairing proposed.")).to_be_visible()
    axe.scan(manager)
    pairing_url = manager.url
    assert re.search(r"/trainers/pairings/\d+/$", pairing_url)

    # 2. The peer answers: no relationship.
    log_in(peer, peer_user, axe)
    main_nav(peer, "My workshops").click()
    expect(peer.get_by_role("heading", name="My workshops")).to_be_visible()
    axe.scan(peer)
    peer.get_by_role("link", name="Answer the private question").click()
    expect(
        peer.get_by_role("heading", name="A private question about your co-trainer")
    ).to_be_visible()
    axe.scan(peer)
    peer.get_by_label("No, there is no relationship that could conflict").check()
    peer.get_by_role("button", name="Save my answer").click()
    expect(peer.get_by_text("Your answer is saved and kept private.")).to_be_visible()
    # Trainers see one neutral status until the pairing starts, whatever the reason.
    expect(peer.locator(".badge", has_text=SETTING_UP)).to_be_visible()
    axe.scan(peer)

    # 3. The practitioner declares that they were the peer's care coordinator.
    log_in(practitioner, practitioner_user, axe)
    main_nav(practitioner, "My workshops").click()
    expect(practitioner.get_by_role("heading", name="My workshops")).to_be_visible()
    axe.scan(practitioner)
    practitioner.get_by_role("link", name="Answer the private question").click()
    expect(
        practitioner.get_by_role("heading", name="A private question about your co-trainer")
    ).to_be_visible()
    axe.scan(practitioner)
    practitioner.get_by_label(PRACTITIONER_ANSWER).check()
    practitioner.get_by_role("textbox", name=re.compile(r"^Tell us more")).fill(DETAILS)
    practitioner.get_by_role("button", name="Save my answer").click()
    expect(practitioner.get_by_text("Your answer is saved and kept private.")).to_be_visible()
    expect(practitioner.locator(".badge", has_text=SETTING_UP)).to_be_visible()
    axe.scan(practitioner)

    # 4. The peer never sees the practitioner's answer.
    # Nor can they tell from the status that anything was declared.
    peer.reload()
    expect(peer.locator(".badge", has_text=SETTING_UP)).to_be_visible()
    expect(peer.get_by_text("Waiting for a manager's decision")).to_have_count(0)
    axe.scan(peer)
    content = peer.content()
    assert DETAILS not in content
    assert "care coordinator in 2022" not in content
    assert PRACTITIONER_ANSWER not in content
    # Nor through My workshops.
    main_nav(peer, "My workshops").click()
    expect(peer.get_by_text("Thank you for answering.")).to_be_visible()
    assert DETAILS not in peer.content()

    # 5. The manager reads both declarations and lets the pairing go ahead.
    manager.reload()
    expect(manager.get_by_text("Waiting for a manager's decision")).to_be_visible()
    axe.scan(manager)
    manager.get_by_role("link", name="Review and decide").click()
    expect(manager.get_by_role("heading", name=f"Decide on the pairing of {PEER}")).to_be_visible()
    expect(
        manager.get_by_text(f"{PEER} (Peer Trainer): No, there is no relationship")
    ).to_be_visible()
    expect(
        manager.get_by_text(f"{PRACTITIONER} (Practitioner Trainer): {PRACTITIONER_ANSWER}")
    ).to_be_visible()
    expect(manager.get_by_text(DETAILS)).to_be_visible()
    axe.scan(manager)
    manager.get_by_label("Go ahead with this pairing").check()
    manager.get_by_label("Independent support contact").fill("Dr Anne Lowe")
    manager.get_by_label("Reasons").fill(
        "The care ended two years ago; both are happy to work together with a supervisor."
    )
    manager.get_by_role("button", name="Record decision").click()
    expect(manager.get_by_text("Your decision is recorded")).to_be_visible()
    expect(manager.locator(".badge", has_text="Active")).to_be_visible()
    expect(manager.get_by_text("independent support contact: Dr Anne Lowe")).to_be_visible()
    axe.scan(manager)

    # 6. The practitioner writes the first rules and agrees them.
    main_nav(practitioner, "My workshops").click()
    expect(practitioner.get_by_text(f"Co-working agreement: {INCOMPLETE}.")).to_be_visible()
    axe.scan(practitioner)
    practitioner.get_by_role("link", name="Open the co-working agreement").click()
    expect(practitioner.get_by_role("heading", name="Co-working agreement")).to_be_visible()
    axe.scan(practitioner)
    agreement_url = practitioner.url
    practitioner.get_by_role("link", name="Edit the agreement").click()
    expect(
        practitioner.get_by_role("heading", name="Edit the co-working agreement")
    ).to_be_visible()
    axe.scan(practitioner)
    first_rules = "We talk privately after the session, within a week, over a cup of tea."
    review_date = timezone.localdate() + timedelta(days=90)
    practitioner.get_by_label(FIRST_BOX).fill(first_rules)
    practitioner.get_by_label("Review date").fill(review_date.isoformat())
    practitioner.get_by_role("button", name="Save as a new version").click()
    # Required headings are still empty: the page lists them and offers no Agree button.
    expect(practitioner.get_by_text("Your changes are saved as a new version.")).to_be_visible()
    expect(status_box(practitioner)).to_contain_text(INCOMPLETE)
    expect(agree_button(practitioner)).to_have_count(0)
    axe.scan(practitioner)
    practitioner.get_by_role("link", name="When we will review this").click()
    expect(practitioner.get_by_label("When we will review this")).to_be_visible()
    for box, text in OTHER_REQUIRED_BOXES.items():
        practitioner.get_by_label(box).fill(text)
    practitioner.get_by_role("button", name="Save as a new version").click()
    expect(practitioner.get_by_text("Your changes are saved as a new version.")).to_be_visible()
    expect(practitioner.get_by_text(first_rules)).to_be_visible()
    expect(status_box(practitioner)).to_contain_text(AWAITING_AGREEMENT)
    expect(status_box(practitioner)).to_contain_text(
        f"Review date: {review_date.day} {review_date:%B %Y}"
    )
    axe.scan(practitioner)
    button = agree_button(practitioner)
    version = re.search(r"\d+", button.inner_text()).group()
    button.click()
    expect(practitioner.get_by_text(f"You have agreed version {version}.")).to_be_visible()
    expect(status_box(practitioner)).to_contain_text(f"{PRACTITIONER}: agreed this version")
    expect(status_box(practitioner)).to_contain_text(f"{PEER}: has not agreed this version yet")
    expect(agree_button(practitioner)).to_have_count(0)

    # 7. The peer reads it and agrees: it is in force.
    main_nav(peer, "My workshops").click()
    expect(peer.get_by_text(f"Co-working agreement: {AWAITING_AGREEMENT}.")).to_be_visible()
    peer.get_by_role("link", name="Open the co-working agreement").click()
    expect(peer.get_by_role("heading", name="Co-working agreement")).to_be_visible()
    expect(peer.get_by_text(first_rules)).to_be_visible()
    axe.scan(peer)
    peer.get_by_role("button", name=f"I agree version {version}").click()
    expect(peer.get_by_text(f"You have agreed version {version}.")).to_be_visible()
    expect(status_box(peer)).to_contain_text(re.compile(r"^\s*In force\."))
    expect(status_box(peer)).to_contain_text(f"{PEER}: agreed this version")
    expect(status_box(peer)).to_contain_text(f"{PRACTITIONER}: agreed this version")
    axe.scan(peer)

    manager.goto("/trainers/pairings/")
    expect(manager.get_by_role("heading", name="Pairings")).to_be_visible()
    row = manager.get_by_role("row").filter(has_text=PRACTITIONER)
    expect(row).to_contain_text("Active")
    expect(row.get_by_role("cell").last).to_have_text("In force")
    axe.scan(manager)

    # 8. The peer changes a rule: both must agree again.
    peer.get_by_role("link", name="Edit the agreement").click()
    expect(peer.get_by_label(FIRST_BOX)).to_have_value(first_rules)
    axe.scan(peer)
    changed_rules = "We talk privately on the day, or by phone within two days."
    peer.get_by_label(FIRST_BOX).fill(changed_rules)
    peer.get_by_role("button", name="Save as a new version").click()
    expect(peer.get_by_text("Your changes are saved as a new version.")).to_be_visible()
    expect(peer.get_by_text(changed_rules)).to_be_visible()
    expect(status_box(peer)).to_contain_text(AWAITING_AGREEMENT)
    expect(status_box(peer)).not_to_contain_text(re.compile(r"^\s*In force"))
    new_version = int(version) + 1
    expect(peer.get_by_role("button", name=f"I agree version {new_version}")).to_be_visible()
    axe.scan(peer)

    practitioner.goto(agreement_url)
    expect(status_box(practitioner)).to_contain_text(AWAITING_AGREEMENT)
    expect(status_box(practitioner)).to_contain_text(f"Version {new_version}, saved by {PEER}")
    expect(status_box(practitioner)).to_contain_text(
        f"{PRACTITIONER}: has not agreed this version yet"
    )
    expect(practitioner.get_by_text(changed_rules)).to_be_visible()
    expect(
        practitioner.get_by_role("button", name=f"I agree version {new_version}")
    ).to_be_visible()
    axe.scan(practitioner)

    axe.assert_clean()


PEERS_WORDS = "We talk privately after the session, within a week."
PRACTITIONERS_WORDS = "Whoever is unwell texts the other by 8am; the session goes ahead."


def make_a_stale_save(open_browser, axe) -> SimpleNamespace:
    """Both trainers open the edit form at version 1; the peer writes in the first box and
    saves; the practitioner writes in the second box and saves, and is refused."""
    manager_user = ManagerFactory(full_name=MANAGER)
    peer_trainer = PeerTrainerFactory(user__full_name=PEER)
    practitioner_trainer = PractitionerTrainerFactory(user__full_name=PRACTITIONER)
    pairing = PairingFactory(peer=peer_trainer, practitioner=practitioner_trainer, active=True)
    edit_url = f"/trainers/pairings/{pairing.pk}/agreement/edit/"

    peer, practitioner = open_browser(), open_browser()
    log_in(peer, peer_trainer.user, axe)
    log_in(practitioner, practitioner_trainer.user, axe)
    for page in (peer, practitioner):
        page.goto(edit_url)
        expect(page.get_by_role("heading", name="Edit the co-working agreement")).to_be_visible()
        axe.scan(page)

    peer.get_by_label(FIRST_BOX).fill(PEERS_WORDS)
    peer.get_by_role("button", name="Save as a new version").click()
    expect(peer.get_by_text("Your changes are saved as a new version.")).to_be_visible()
    axe.scan(peer)

    practitioner.get_by_label(SECOND_BOX).fill(PRACTITIONERS_WORDS)
    practitioner.get_by_role("button", name="Save as a new version").click()
    expect(practitioner.locator("[data-error-summary]")).to_be_visible()
    return SimpleNamespace(
        manager_user=manager_user, pairing=pairing, peer=peer, practitioner=practitioner
    )


@pytest.mark.django_db(transaction=True)
def test_a_stale_save_keeps_every_word_and_shows_the_co_trainers_change(open_browser, axe):
    stale = make_a_stale_save(open_browser, axe)
    practitioner = stale.practitioner

    summary = practitioner.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Your co-trainer saved a change while you were editing")
    expect(practitioner).to_have_title(re.compile(r"^Error: "))
    their_change = practitioner.get_by_role(
        "region", name=re.compile("What your co-trainer changed")
    )
    expect(their_change).to_contain_text(f"version 2, by {PEER}")
    expect(their_change).to_contain_text(PEERS_WORDS)
    expect(practitioner.get_by_label(SECOND_BOX)).to_have_value(PRACTITIONERS_WORDS)
    axe.scan(practitioner)

    # Saving again is accepted, as version 3.
    practitioner.get_by_role("button", name="Save as a new version").click()
    expect(practitioner.get_by_text("Your changes are saved as a new version.")).to_be_visible()
    expect(status_box(practitioner)).to_contain_text(f"Version 3, saved by {PRACTITIONER}")
    expect(practitioner.get_by_text(PRACTITIONERS_WORDS)).to_be_visible()
    axe.scan(practitioner)

    # The manager sees three versions in the history.
    manager = open_browser()
    log_in(manager, stale.manager_user, axe)
    manager.goto(f"/trainers/pairings/{stale.pairing.pk}/agreement/history/")
    expect(manager.get_by_role("heading", name="Agreement history")).to_be_visible()
    expect(manager.get_by_role("table").get_by_role("row")).to_have_count(4)  # header + 3
    axe.scan(manager)

    axe.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_saving_again_after_a_stale_save_keeps_the_co_trainers_change(open_browser, axe):
    stale = make_a_stale_save(open_browser, axe)
    practitioner = stale.practitioner

    # The practitioner never touched the first box: it should now hold the peer's words.
    expect(practitioner.get_by_label(FIRST_BOX)).to_have_value(PEERS_WORDS, timeout=2_000)
    practitioner.get_by_role("button", name="Save as a new version").click()
    expect(practitioner.get_by_text("Your changes are saved as a new version.")).to_be_visible()
    expect(practitioner.get_by_text(PEERS_WORDS)).to_be_visible(timeout=2_000)
    expect(practitioner.get_by_text(PRACTITIONERS_WORDS)).to_be_visible()
