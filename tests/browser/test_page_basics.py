"""Page-wide accessibility from issue 13: the header wraps at 200% text size, page titles
name the record, "*" is explained, messages are announced after load, the current session
tab is marked in forced colours, and every page links to Help and support."""

import re

import pytest
from playwright.sync_api import expect

from .test_journey_plan import log_in, make_course, make_pairing, plan_url


def _contrast(a, b):
    def lum(rgb):
        def ch(c):
            c = c / 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (ch(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _rgb(css):
    return tuple(int(c) for c in re.findall(r"\d+", css)[:3])


@pytest.mark.django_db(transaction=True)
def test_at_200_percent_text_the_header_wraps_and_log_out_stays_on_the_page(page):
    course = make_course(make_pairing(), [])
    log_in(page, course.pairing.peer.user)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    log_out = page.get_by_role("button", name="Log out")
    expect(log_out).to_be_visible()
    box = log_out.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


@pytest.mark.django_db(transaction=True)
def test_text_boxes_have_borders_of_at_least_3_to_1(page):
    page.goto("/accounts/login/")
    password = page.get_by_label("Password")  # (not the email box, which has focus)
    border = _rgb(password.evaluate("e => getComputedStyle(e).borderTopColor"))
    assert _contrast(border, (255, 255, 255)) >= 3


@pytest.mark.django_db(transaction=True)
def test_the_current_session_tab_has_a_border_in_forced_colours(page):
    from workshops import services

    pairing = make_pairing()
    course = services.course_create(
        user=pairing.peer.user,
        pairing=pairing,
        title="Two sessions",
        summary="A course.",
        outcomes="One",
        audience="Anyone",
        topic=None,
        format="in_person",
        session_count=2,
        session_minutes=60,
    )
    page.emulate_media(forced_colors="active")
    log_in(page, pairing.peer.user)
    page.goto(plan_url(course))
    tabs = page.get_by_role("navigation", name="Sessions")
    current = tabs.get_by_role("link", name="Session 1", exact=True)
    other = tabs.get_by_role("link", name="Session 2", exact=True)
    expect(current).to_have_attribute("aria-current", "page")
    assert current.evaluate("e => getComputedStyle(e).borderTopWidth") == "3px"
    assert other.evaluate("e => getComputedStyle(e).borderTopStyle") != "solid" or (
        other.evaluate("e => getComputedStyle(e).borderTopColor")
        != current.evaluate("e => getComputedStyle(e).borderTopColor")
    )


ANNOUNCED = """
window.__announced = [];
new MutationObserver(function (records) {
  records.forEach(function (r) {
    if (r.target.matches && r.target.matches("[data-announce]") && r.addedNodes.length &&
        document.readyState !== "loading") {
      window.__announced.push(r.target.textContent.replace(/\\s+/g, " ").trim());
    }
  });
}).observe(document, { childList: true, subtree: true });
"""


@pytest.mark.django_db(transaction=True)
def test_success_messages_are_put_in_the_live_region_after_the_page_loads(page):
    course = make_course(make_pairing(), [])
    log_in(page, course.pairing.peer.user)
    page.goto(f"/courses/{course.pk}/")
    page.add_init_script(ANNOUNCED)
    page.get_by_role("button", name=re.compile(r"^I agree version \d+$")).first.click()
    status = page.locator("main .messages[role=status]")
    expect(status).to_contain_text("You have agreed this version.")
    # Filled after the page loaded, so screen readers announce it.
    page.wait_for_function("window.__announced.length > 0")
    assert "You have agreed this version." in page.evaluate("window.__announced[0]")


@pytest.mark.django_db(transaction=True)
def test_forms_explain_the_asterisk_and_every_page_links_to_help(page):
    course = make_course(make_pairing(), [])
    log_in(page, course.pairing.peer.user)
    page.goto(plan_url(course))
    note = page.get_by_role("region", name="Add a section").locator(".required-note")
    expect(note).to_have_text(re.compile(r"^Fields marked \*.* must be filled in\.$"))
    # Screen readers hear the words, not the symbol.
    expect(note.locator("[aria-hidden=true]")).to_have_text("*")
    page.get_by_role("contentinfo").get_by_role("link", name="Help and support").click()
    expect(page.get_by_role("heading", name="Help and support", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="If you need help now")).to_contain_text("116 123")
    expect(page).to_have_title("Help and support — Recovery College")
