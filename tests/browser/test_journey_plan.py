"""Two trainers, two browsers, one course. The Peer Trainer starts a blank course and plans
its session; the Practitioner Trainer edits a section in place and comments; both agree the
course, and a later change means agreeing again. Every page is scanned with axe.

A second test reorders sections with the keyboard alone (with htmx, focus and the live
region follow the move) and again with JavaScript off (a plain form POST). A third has the
two trainers save the same plan at once: the later save is refused, shows what changed and
keeps what was typed."""

import re

import pytest
from playwright.sync_api import expect

from ..factories import PASSWORD, PairingFactory, PeerTrainerFactory, PractitionerTrainerFactory

PEER = "Pat Peer"
PRACTITIONER = "Dr Prue Practitioner"
COURSE = "Coping with stress"
OPENING = "Welcome and setting the scene"  # every new plan starts with it (15 minutes)


@pytest.fixture
def open_browser(browser, live_server, settings):
    """open_browser(**context_options) -> a page in a fresh browser context (its own
    cookies), closed after the test."""
    settings.AXES_FAILURE_LIMIT = 50
    contexts = []

    def make(**options):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, **options
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


def scan(axe, page):
    """Scan once the page is still: Bootstrap eases a button's colours in over 0.15s when
    it takes focus, and a scan mid-way would report the half-faded colours."""
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')", polling="raf"
    )
    axe.scan(page)


def log_in(page, user, axe=None):
    page.goto("/accounts/login/")
    if axe:
        scan(axe, page)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My workshops", exact=True)).to_be_visible()
    if axe:
        scan(axe, page)


def make_pairing():
    peer = PeerTrainerFactory(user__full_name=PEER)
    practitioner = PractitionerTrainerFactory(user__full_name=PRACTITIONER)
    return PairingFactory(peer=peer, practitioner=practitioner, active=True)


def make_course(pairing, extra_sections):
    """A one-session course made through the services, with sections after the opening."""
    from workshops import services

    peer_user = pairing.peer.user
    course = services.course_create(
        user=peer_user,
        pairing=pairing,
        title=COURSE,
        summary="A friendly course about noticing stress and finding what helps.",
        outcomes="Notice the signs of stress\nTry two ways to calm down",
        audience="Anyone",
        topic=None,
        format="in_person",
        session_count=1,
        session_minutes=60,
    )
    for title, minutes in extra_sections:
        course.refresh_from_db()
        services.section_add(
            plan=course.plans.get(number=1),
            user=peer_user,
            base_version=course.version,
            title=title,
            minutes=minutes,
            activity="",
            materials="",
            lead="peer",
        )
    course.refresh_from_db()
    return course


def plan_url(course) -> str:
    return f"/courses/{course.pk}/sessions/1/"


# ---- locators -------------------------------------------------------------------------


def required(label):
    """A field's accessible name: its label, with an asterisk when it is required."""
    return re.compile(rf"^{re.escape(label)}\*?$")


def action(verb, title):
    """A section's button or link: the visible verb, then ': <title>' for screen readers."""
    return re.compile(rf"^{re.escape(verb)}\s*: {re.escape(title)}$")


def section_headings(page):
    """The sections' headings, in the order they appear on the plan."""
    return page.locator("#plan-body ol.plan-sections > li h3")


def titles_in_order(*titles):
    return [re.compile(rf"\b{re.escape(title)} \(\d+ min\)$") for title in titles]


def section_card(page, title):
    return page.locator("#plan-body ol.plan-sections > li").filter(
        has=page.get_by_role("heading", name=re.compile(rf"\b{re.escape(title)} \(\d+ min\)$"))
    )


def inline_edit_form(page, title):
    """The section's card while it is being edited in place."""
    return page.locator("#plan-body ol.plan-sections > li").filter(
        has=page.get_by_role("heading", name=f"Edit “{title}”")
    )


def add_section_form(page):
    return page.get_by_role("region", name="Add a section")


def live_region(page):
    return page.locator("#plan-live")


def status_line(page):
    """The course page's status badge and version: 'Draft Version 3 · ...'."""
    return (
        page.locator("main p")
        .filter(has=page.locator(".badge"))
        .filter(has_text=re.compile(r"Version \d+ ·"))
    )


def signoff_box(page):
    return page.get_by_role("region", name="Agreed by both?")


def agree_button(page):
    return page.get_by_role("button", name=re.compile(r"^I agree version \d+$"))


def current_version(page) -> int:
    expect(status_line(page)).to_be_visible()
    return int(re.search(r"Version (\d+) ·", status_line(page).inner_text()).group(1))


def mark_page(page):
    """Leave a marker on the window: a full page load would wipe it."""
    page.evaluate("window.__samePage = 'still here'")


def assert_same_page(page, url):
    assert page.url == url
    assert page.evaluate("window.__samePage") == "still here", "the page was reloaded"


def add_section(page, axe, title, minutes, lead):
    url = page.url
    mark_page(page)
    form = add_section_form(page)
    form.get_by_role("textbox", name=required("Title")).fill(title)
    form.get_by_role("spinbutton", name=required("Minutes")).fill(str(minutes))
    form.get_by_role("radio", name=lead, exact=True).check()
    form.get_by_role("button", name="Add section").click()
    expect(live_region(page)).to_have_text(f"“{title}” is added.")
    expect(section_card(page, title)).to_contain_text(f"Led by: {lead}")
    expect(section_card(page, title).get_by_role("heading")).to_contain_text(f"({minutes} min)")
    # The form is fresh again for the next section.
    expect(add_section_form(page).get_by_role("textbox", name=required("Title"))).to_have_value("")
    assert_same_page(page, url)
    scan(axe, page)


# ---- 1. the journey -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_trainers_co_plan_a_course_and_both_agree_it(open_browser, axe):
    pairing = make_pairing()
    peer, practitioner = open_browser(), open_browser()

    # The peer starts a blank course from My workshops.
    log_in(peer, pairing.peer.user, axe)
    peer.get_by_role("link", name=re.compile(r"^Plan a new course")).click()
    expect(peer.get_by_role("heading", name="Plan a new course")).to_be_visible()
    scan(axe, peer)
    peer.get_by_role("radio", name="A blank course").check()
    peer.get_by_role("textbox", name=required("Title")).fill(COURSE)
    peer.get_by_role("textbox", name=required("Plain-language summary")).fill(
        "Stress affects us all. We share what we have learned, from life and from work, "
        "about noticing stress early and finding what helps."
    )
    peer.get_by_role("textbox", name=required("Learning outcomes")).fill(
        "Notice the signs of stress in yourself\nTry two ways to calm your body"
    )
    peer.get_by_role("spinbutton", name=required("Number of sessions")).fill("1")
    peer.get_by_role("spinbutton", name=required("Length of each session (minutes)")).fill("60")
    peer.get_by_role("button", name="Create draft course").click()
    expect(peer.get_by_role("heading", name=COURSE, level=1)).to_be_visible()
    expect(
        peer.get_by_text("Your draft course is ready. Plan its sessions together.")
    ).to_be_visible()
    expect(status_line(peer).locator(".badge")).to_have_text("Draft")
    expect(status_line(peer)).to_contain_text("Version 1 ·")
    scan(axe, peer)
    course_url = peer.url
    assert re.search(r"/courses/\d+/$", course_url)

    # Session 1 opens with the setting-the-scene section; the peer adds two more in place.
    peer.get_by_role("link", name="Session 1", exact=True).click()
    expect(peer.get_by_role("heading", name=re.compile(r"^Session 1 plan"))).to_be_visible()
    expect(section_headings(peer)).to_have_text(titles_in_order(OPENING))
    scan(axe, peer)
    session_url = peer.url

    first, second = "Noticing stress in the body", "Talking about what helps"
    add_section(peer, axe, first, 20, "Peer Trainer")
    add_section(peer, axe, second, 25, "Practitioner Trainer")
    expect(section_headings(peer)).to_have_text(titles_in_order(OPENING, first, second))
    expect(peer.get_by_text("Planned: 60 of 60 minutes.")).to_be_visible()

    # The practitioner finds the same plan from My workshops.
    log_in(practitioner, pairing.practitioner.user, axe)
    practitioner.get_by_role("link", name=COURSE, exact=True).click()
    expect(practitioner.get_by_role("heading", name=COURSE, level=1)).to_be_visible()
    assert practitioner.url == course_url
    scan(axe, practitioner)
    practitioner.get_by_role("link", name="Session 1", exact=True).click()
    expect(section_headings(practitioner)).to_have_text(titles_in_order(OPENING, first, second))
    assert practitioner.url == session_url
    scan(axe, practitioner)

    # ... and edits the peer's first section in place.
    mark_page(practitioner)
    practitioner.get_by_role("link", name=action("Edit", first)).click()
    editing = inline_edit_form(practitioner, first)
    expect(editing.get_by_role("textbox", name=required("Title"))).to_have_value(first)
    assert_same_page(practitioner, session_url)
    scan(axe, practitioner)
    renamed = "Noticing stress in your body"
    editing.get_by_role("textbox", name=required("Title")).fill(renamed)
    editing.get_by_role("spinbutton", name=required("Minutes")).fill("15")
    editing.get_by_role("button", name="Save section").click()
    expect(live_region(practitioner)).to_have_text("The section is saved.")
    expect(inline_edit_form(practitioner, first)).to_have_count(0)
    expect(section_headings(practitioner)).to_have_text(titles_in_order(OPENING, renamed, second))
    expect(section_card(practitioner, renamed).get_by_role("heading")).to_contain_text("(15 min)")
    expect(practitioner.get_by_text("Planned: 55 of 60 minutes.")).to_be_visible()
    assert_same_page(practitioner, session_url)
    scan(axe, practitioner)

    # ... then comments on that section from the course page.
    practitioner.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name=COURSE
    ).click()
    expect(practitioner.get_by_role("heading", name=COURSE, level=1)).to_be_visible()
    comment = "Could we try a short body scan here? Some people find it helps."
    practitioner.get_by_role("combobox", name="About", exact=True).select_option(
        label=f"Session 1: {renamed}"
    )
    practitioner.get_by_role("textbox", name=required("Your comment")).fill(comment)
    practitioner.get_by_role("button", name="Add comment").click()
    expect(practitioner.get_by_text("Your comment is added.")).to_be_visible()
    comments = practitioner.get_by_role("region", name="Comments")
    expect(comments.get_by_role("article")).to_have_count(1)
    expect(comments.get_by_role("article")).to_contain_text(f"{PRACTITIONER}, ")
    expect(comments.get_by_role("article")).to_contain_text(f"about “{renamed}”")
    expect(comments.get_by_role("article")).to_contain_text(comment)
    scan(axe, practitioner)

    # The peer reloads the plan: the change and the comment are there.
    peer.reload()
    expect(section_headings(peer)).to_have_text(titles_in_order(OPENING, renamed, second))
    expect(section_card(peer, renamed).get_by_role("heading")).to_contain_text("(15 min)")
    expect(section_card(peer, renamed).get_by_role("link", name="1 comment")).to_be_visible()
    scan(axe, peer)
    section_card(peer, renamed).get_by_role("link", name="1 comment").click()
    expect(peer.get_by_role("heading", name=COURSE, level=1)).to_be_visible()
    expect(peer.get_by_role("region", name="Comments")).to_contain_text(comment)
    scan(axe, peer)

    # Both agree: the peer first ...
    version = current_version(peer)
    peer.get_by_role("button", name=f"I agree version {version}").click()
    expect(
        peer.get_by_text("You have agreed this version. Waiting for your co-trainer.")
    ).to_be_visible()
    expect(signoff_box(peer)).to_contain_text(f"{PEER}: agreed version {version}")
    expect(signoff_box(peer)).to_contain_text(f"{PRACTITIONER}: has not agreed version {version}")
    expect(agree_button(peer)).to_have_count(0)
    expect(status_line(peer).locator(".badge")).to_have_text("Draft")
    scan(axe, peer)

    # ... then the practitioner, who reloads and sees the latest version.
    practitioner.reload()
    expect(status_line(practitioner)).to_contain_text(f"Version {version} ·")
    expect(signoff_box(practitioner)).to_contain_text(f"{PEER}: agreed version {version}")
    practitioner.get_by_role("button", name=f"I agree version {version}").click()
    expect(
        practitioner.get_by_text("You have both agreed this course.", exact=True)
    ).to_be_visible()
    expect(status_line(practitioner).locator(".badge")).to_have_text("Agreed by both trainers")
    expect(signoff_box(practitioner)).to_contain_text(
        "You have both agreed this course. Any change means you both agree again."
    )
    expect(agree_button(practitioner)).to_have_count(0)
    scan(axe, practitioner)

    # The peer moves a section: the course is a draft again, to be agreed again.
    peer.get_by_role("link", name="Session 1", exact=True).click()
    expect(section_headings(peer)).to_have_text(titles_in_order(OPENING, renamed, second))
    mark_page(peer)
    peer.get_by_role("button", name=action("Move up", second)).click()
    expect(live_region(peer)).to_have_text(
        f"“{second}” moved up. You had both agreed this course, so you will both need to "
        "agree it again (the change is saved)."
    )
    expect(section_headings(peer)).to_have_text(titles_in_order(OPENING, second, renamed))
    assert_same_page(peer, session_url)
    scan(axe, peer)
    peer.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=COURSE).click()
    expect(status_line(peer).locator(".badge")).to_have_text("Draft")
    expect(status_line(peer)).to_contain_text(f"Version {version + 1} ·")
    expect(peer.get_by_role("button", name=f"I agree version {version + 1}")).to_be_visible()

    practitioner.reload()
    expect(status_line(practitioner).locator(".badge")).to_have_text("Draft")
    expect(signoff_box(practitioner)).to_contain_text(
        f"{PRACTITIONER}: has not agreed version {version + 1}"
    )
    expect(signoff_box(practitioner)).not_to_contain_text("You have both agreed")
    expect(
        practitioner.get_by_role("button", name=f"I agree version {version + 1}")
    ).to_be_visible()
    scan(axe, practitioner)

    axe.assert_clean()


# ---- 2. keyboard-only reordering ------------------------------------------------------


def tab_to(page, text, limit=80):
    """Press Tab until the focused element's text is `text` (the keyboard's only way)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.textContent")
        if focused and " ".join(focused.split()) == text:
            return
    raise AssertionError(f"Tab never reached {text!r}")


@pytest.mark.django_db(transaction=True)
def test_sections_can_be_reordered_with_the_keyboard_only(open_browser, axe):
    breathing, planning = "Breathing exercise", "Planning a calm week"
    course = make_course(make_pairing(), [(breathing, 20), (planning, 25)])
    breathing_pk = course.plans.get(number=1).sections.get(title=breathing).pk
    planning_pk = course.plans.get(number=1).sections.get(title=planning).pk

    page = open_browser()
    log_in(page, course.pairing.peer.user, axe)
    page.goto(plan_url(course))
    expect(section_headings(page)).to_have_text(titles_in_order(OPENING, breathing, planning))
    scan(axe, page)
    url = page.url
    mark_page(page)

    # Down: it becomes the last section, so it has no "Move down" any more; focus goes to
    # its heading.
    tab_to(page, f"Move down: {breathing}")
    page.keyboard.press("Enter")
    expect(section_headings(page)).to_have_text(titles_in_order(OPENING, planning, breathing))
    expect(live_region(page)).to_have_text(f"“{breathing}” moved down.")
    expect(page.locator(f"#section-{breathing_pk} :focus")).to_have_count(1)
    expect(page.locator(f"#section-title-{breathing_pk}")).to_be_focused()
    assert_same_page(page, url)
    scan(axe, page)

    # Back up, still by keyboard: the next Tab reaches its "Move up", and focus stays on it.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=action("Move up", breathing))).to_be_focused()
    page.keyboard.press("Enter")
    expect(section_headings(page)).to_have_text(titles_in_order(OPENING, breathing, planning))
    expect(live_region(page)).to_have_text(f"“{breathing}” moved up.")
    expect(page.get_by_role("button", name=action("Move up", breathing))).to_be_focused()
    expect(page.locator(f"#section-{breathing_pk} :focus")).to_have_count(1)
    assert_same_page(page, url)
    scan(axe, page)

    # Without JavaScript the same button is a plain form: the page reloads in the new order.
    no_js = open_browser(java_script_enabled=False)
    log_in(no_js, course.pairing.peer.user)
    no_js.goto(plan_url(course))
    expect(section_headings(no_js)).to_have_text(titles_in_order(OPENING, breathing, planning))
    with no_js.expect_navigation():
        no_js.get_by_role("button", name=action("Move up", planning)).click()
    expect(no_js.get_by_text(f"“{planning}” moved up.")).to_be_visible()
    expect(section_headings(no_js)).to_have_text(titles_in_order(OPENING, planning, breathing))
    assert no_js.url.endswith(f"{plan_url(course)}#section-{planning_pk}")
    # (No axe scan here: axe needs JavaScript; this same page was scanned above with it on.)

    axe.assert_clean()


# ---- 3. a stale save ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_stale_section_save_keeps_the_typed_text(open_browser, axe):
    breathing, planning = "Breathing exercise", "Planning a calm week"
    pairing = make_pairing()
    course = make_course(pairing, [(breathing, 20), (planning, 25)])

    peer, practitioner = open_browser(), open_browser()
    log_in(peer, pairing.peer.user, axe)
    log_in(practitioner, pairing.practitioner.user, axe)
    for page in (peer, practitioner):
        page.goto(plan_url(course))
        expect(section_headings(page)).to_have_text(titles_in_order(OPENING, breathing, planning))
    scan(axe, practitioner)

    # The practitioner opens the inline edit form for "Breathing exercise" ...
    practitioner.get_by_role("link", name=action("Edit", breathing)).click()
    editing = inline_edit_form(practitioner, breathing)
    expect(editing.get_by_role("textbox", name=required("Title"))).to_have_value(breathing)
    scan(axe, practitioner)

    # ... meanwhile the peer moves "Planning a calm week" up and it is saved first.
    peer.get_by_role("button", name=action("Move up", planning)).click()
    expect(live_region(peer)).to_have_text(f"“{planning}” moved up.")
    expect(section_headings(peer)).to_have_text(titles_in_order(OPENING, planning, breathing))

    # The practitioner's save is refused in place, with what changed and their words kept.
    url = practitioner.url
    mark_page(practitioner)
    typed = "Slow breathing together"
    editing.get_by_role("textbox", name=required("Title")).fill(typed)
    editing.get_by_role("button", name="Save section").click()
    changed = practitioner.get_by_role("region", name=re.compile(r"^What changed"))
    expect(changed).to_be_visible()
    expect(changed).to_contain_text(f"by {PEER}")
    expect(changed).to_contain_text("Your co-trainer changed this course")
    expect(changed.get_by_role("listitem").first).to_be_visible()
    expect(changed).to_contain_text(planning)
    editing = inline_edit_form(practitioner, breathing)
    expect(editing.get_by_role("textbox", name=required("Title"))).to_have_value(typed)
    expect(section_headings(practitioner)).to_have_text(
        [*titles_in_order(OPENING, planning), f"Edit “{breathing}”"]
    )
    assert_same_page(practitioner, url)
    scan(axe, practitioner)

    # Saving again goes through, on top of the peer's move.
    editing.get_by_role("button", name="Save section").click()
    expect(
        practitioner.get_by_role("region", name=re.compile(r"^What changed")),
        "saving again after the refusal should be accepted, not refused as stale again",
    ).to_have_count(0)
    expect(live_region(practitioner)).to_have_text("The section is saved.")
    expect(section_headings(practitioner)).to_have_text(titles_in_order(OPENING, planning, typed))
    scan(axe, practitioner)

    peer.reload()
    expect(section_headings(peer)).to_have_text(titles_in_order(OPENING, planning, typed))

    axe.assert_clean()
