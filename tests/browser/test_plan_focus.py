"""Focus follows every in-page update of the plan editor, and the polite live region says
what happened (issue 13): one test per htmx action, then the whole keyboard-only plan
journey (add a section, set its lead, move it, agree the course) with its key presses
counted."""

import re

import pytest
from playwright.sync_api import expect

from .test_journey_plan import (
    OPENING,
    action,
    inline_edit_form,
    live_region,
    log_in,
    make_course,
    make_pairing,
    open_browser,  # noqa: F401 (a fixture)
    plan_url,
    required,
    scan,
    section_card,
    section_headings,
    titles_in_order,
)

BREATHING, PLANNING = "Breathing exercise", "Planning a calm week"


@pytest.fixture
def plan_page(open_browser, axe):  # noqa: F811
    """The peer's plan editor for a course with three sections, and the course."""
    course = make_course(make_pairing(), [(BREATHING, 20), (PLANNING, 25)])
    page = open_browser()
    log_in(page, course.pairing.peer.user)
    page.goto(plan_url(course))
    expect(section_headings(page)).to_have_text(titles_in_order(OPENING, BREATHING, PLANNING))
    return page, course


def heading_of(course, title):
    pk = course.plans.get(number=1).sections.get(title=title).pk
    return f"#section-title-{pk}"


@pytest.mark.django_db(transaction=True)
def test_adding_a_section_focuses_its_heading_and_announces_it(plan_page, axe):
    page, course = plan_page
    form = page.get_by_role("region", name="Add a section")
    form.get_by_role("textbox", name=required("Title")).fill("Closing round")
    form.get_by_role("button", name="Add section").click()
    expect(live_region(page)).to_have_text("“Closing round” is added.")
    expect(page.locator(heading_of(course, "Closing round"))).to_be_focused()
    scan(axe, page)
    axe.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_opening_a_section_to_edit_focuses_its_first_field(plan_page, axe):
    page, course = plan_page
    page.get_by_role("link", name=action("Edit", BREATHING)).click()
    editing = inline_edit_form(page, BREATHING)
    expect(editing.get_by_role("textbox", name=required("Title"))).to_be_focused()
    expect(live_region(page)).to_have_text(f"Editing “{BREATHING}”.")
    scan(axe, page)
    axe.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_saving_a_section_focuses_its_heading_and_announces_it(plan_page, axe):
    page, course = plan_page
    page.get_by_role("link", name=action("Edit", BREATHING)).click()
    editing = inline_edit_form(page, BREATHING)
    # The editor focuses the title once the form has settled; typing before then would
    # race it (focus moving mid-fill put "10" into the title on a busy machine).
    expect(editing.get_by_role("textbox", name=required("Title"))).to_be_focused()
    editing.get_by_role("spinbutton", name=required("Minutes")).fill("10")
    editing.get_by_role("button", name="Save section").click()
    expect(live_region(page)).to_have_text("The section is saved.")
    expect(page.locator(heading_of(course, BREATHING))).to_be_focused()
    expect(page.locator(heading_of(course, BREATHING))).to_contain_text("(10 min)")


@pytest.mark.django_db(transaction=True)
def test_a_refused_save_focuses_the_field_to_put_right(plan_page, axe):
    page, course = plan_page
    page.get_by_role("link", name=action("Edit", BREATHING)).click()
    editing = inline_edit_form(page, BREATHING)
    # The editor focuses the title once the form has settled; typing before then would
    # race it (focus moving mid-fill put "10" into the title on a busy machine).
    expect(editing.get_by_role("textbox", name=required("Title"))).to_be_focused()
    editing.get_by_role("spinbutton", name=required("Minutes")).fill("0")
    editing.get_by_role("button", name="Save section").click()
    minutes = inline_edit_form(page, BREATHING).get_by_role("spinbutton", name=required("Minutes"))
    expect(minutes).to_be_focused()
    expect(live_region(page)).to_have_text(
        "There is a problem with the section: A section lasts between 1 and 480 minutes."
    )


@pytest.mark.django_db(transaction=True)
def test_updating_the_times_focuses_the_sections_and_announces_it(plan_page, axe):
    page, course = plan_page
    page.get_by_label("Session starts at").fill("14:00")
    page.get_by_role("button", name="Update times").click()
    expect(live_region(page)).to_have_text("The start time is saved. Times are updated.")
    expect(page.get_by_role("heading", name="Sections", exact=True)).to_be_focused()
    expect(section_headings(page).first).to_contain_text("14:00–14:15")
    scan(axe, page)
    axe.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_deleting_a_section_focuses_the_next_one(plan_page, axe):
    page, course = plan_page
    planning = heading_of(course, PLANNING)
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=action("Delete", BREATHING)).click()
    expect(live_region(page)).to_have_text(
        f"“{BREATHING}” is deleted. You can bring it back from the history."
    )
    expect(page.locator(planning)).to_be_focused()


@pytest.mark.django_db(transaction=True)
def test_deleting_the_last_section_focuses_the_one_before(plan_page, axe):
    page, course = plan_page
    breathing = heading_of(course, BREATHING)
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=action("Delete", PLANNING)).click()
    expect(live_region(page)).to_have_text(
        f"“{PLANNING}” is deleted. You can bring it back from the history."
    )
    expect(page.locator(breathing)).to_be_focused()


@pytest.mark.django_db(transaction=True)
def test_moving_a_section_keeps_focus_on_the_same_button(plan_page, axe):
    page, course = plan_page
    page.get_by_role("button", name=action("Move up", PLANNING)).click()
    expect(live_region(page)).to_have_text(f"“{PLANNING}” moved up.")
    expect(page.get_by_role("button", name=action("Move up", PLANNING))).to_be_focused()


@pytest.mark.django_db(transaction=True)
def test_moving_a_section_to_the_end_focuses_its_heading(plan_page, axe):
    page, course = plan_page
    page.get_by_role("button", name=action("Move down", BREATHING)).click()
    expect(live_region(page)).to_have_text(f"“{BREATHING}” moved down.")
    expect(page.locator(heading_of(course, BREATHING))).to_be_focused()


# ---- the keyboard-only journey --------------------------------------------------------

MAX_KEY_PRESSES = 80


class Keyboard:
    """Presses keys on the page and counts every one (each typed character is a press)."""

    def __init__(self, page):
        self.page, self.presses = page, 0

    def press(self, key):
        self.page.keyboard.press(key)
        self.presses += 1

    def type(self, text):
        self.page.keyboard.type(text)
        self.presses += len(text)

    def focused_text(self):
        return self.page.evaluate(
            "() => { const e = document.activeElement;"
            " return e ? (e.labels && e.labels[0] ? e.labels[0].textContent : e.textContent)"
            " : '' }"
        )

    def tab_to(self, pattern, key="Tab", limit=150):
        """Press Tab (or Shift+Tab) until the focused element's text or label matches."""
        for _ in range(limit):
            self.press(key)
            if re.search(pattern, " ".join(self.focused_text().split())):
                return
        raise AssertionError(f"{key} never reached {pattern!r}")


@pytest.mark.django_db(transaction=True)
def test_the_plan_journey_by_keyboard_alone_fits_in_80_key_presses(open_browser, axe):  # noqa: F811
    pairing = make_pairing()
    course = make_course(pairing, [(BREATHING, 20), (PLANNING, 25)])
    page = open_browser()
    log_in(page, pairing.peer.user)
    page.goto(plan_url(course))
    expect(section_headings(page)).to_have_text(titles_in_order(OPENING, BREATHING, PLANNING))
    keys = Keyboard(page)

    # Add a section: into the add form's title, type, Enter.
    keys.tab_to(r"^Title\*?$")
    keys.type("Pause")
    keys.press("Enter")
    expect(live_region(page)).to_have_text(re.compile(r"^“Pause” is added\."))
    pause = heading_of(course, "Pause")
    expect(page.locator(pause)).to_be_focused()

    # Set its lead: Edit, to the lead radios, an arrow key, Save.
    keys.tab_to(r"^Edit\s*: Pause$")
    keys.press("Enter")
    editing = inline_edit_form(page, "Pause")
    expect(editing.get_by_role("textbox", name=required("Title"))).to_be_focused()
    keys.tab_to(r"^Both \(shared\)$")
    keys.press("ArrowUp")
    expect(editing.get_by_role("radio", name="Practitioner Trainer", exact=True)).to_be_checked()
    keys.tab_to(r"^Save section$")
    keys.press("Enter")
    expect(live_region(page)).to_have_text("The section is saved.")
    expect(page.locator(pause)).to_be_focused()
    expect(section_card(page, "Pause")).to_contain_text("Led by: Practitioner Trainer")

    # Move it up.
    keys.tab_to(r"^Move up\s*: Pause$")
    keys.press("Enter")
    expect(live_region(page)).to_have_text(re.compile(r"^“Pause” moved up\."))
    expect(section_headings(page)).to_have_text(
        titles_in_order(OPENING, BREATHING, "Pause", PLANNING)
    )

    # Agree the course, from the plan.
    keys.tab_to(r"^I agree version \d+$", key="Shift+Tab")
    keys.press("Enter")
    expect(
        page.get_by_text("You have agreed this version. Waiting for your co-trainer.")
    ).to_be_visible()

    print(f"Keyboard-only plan journey: {keys.presses} key presses")
    assert keys.presses <= MAX_KEY_PRESSES, f"{keys.presses} key presses"
    scan(axe, page)
    axe.assert_clean()
