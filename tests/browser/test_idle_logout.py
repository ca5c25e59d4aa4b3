"""Staff are logged out after a time without a request. The page warns them first with a
dialog that keeps them logged in with one key press; if they are logged out anyway, an
htmx action ends on the log-in page (not inside the editor), which returns them to the same
page with what they had typed put back (issue 13)."""

import re
from urllib.parse import quote

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from ..factories import PASSWORD
from .test_journey_plan import (
    OPENING,
    live_region,
    log_in,
    make_course,
    make_pairing,
    plan_url,
    required,
    scan,
    section_headings,
    titles_in_order,
)


@pytest.fixture
def staff_page(browser, live_server, settings):
    settings.AXES_FAILURE_LIMIT = 50
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def warning(page):
    return page.get_by_role("dialog", name="Are you still there?")


def session_expiry(page):
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    return Session.objects.get(session_key=cookie["value"]).expire_date


@pytest.mark.django_db(transaction=True)
def test_the_idle_warning_keeps_staff_logged_in_with_one_key_press(staff_page, settings, axe):
    # Logged out after 123 idle seconds, so the 2-minute warning comes after 3 seconds.
    settings.STAFF_IDLE_TIMEOUT_SECONDS = 123
    page = staff_page
    course = make_course(make_pairing(), [])
    log_in(page, course.pairing.peer.user)
    page.goto(plan_url(course))
    expiry = session_expiry(page)

    expect(warning(page)).to_be_visible()
    expect(warning(page)).to_contain_text(
        "You will be logged out in 2 minutes to keep students' details safe."
    )
    stay = warning(page).get_by_role("button", name="Stay logged in")
    expect(stay).to_be_focused()
    scan(axe, page)

    with page.expect_response(lambda r: "stay-logged-in" in r.url) as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 204
    expect(warning(page)).to_be_hidden()
    assert session_expiry(page) > expiry
    axe.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_after_a_logout_an_htmx_action_goes_to_log_in_and_keeps_the_typing(staff_page, axe):
    page = staff_page
    course = make_course(make_pairing(), [])
    user = course.pairing.peer.user
    log_in(page, user)
    page.goto(plan_url(course))
    form = page.get_by_role("region", name="Add a section")
    form.get_by_role("textbox", name=required("Title")).fill("Grounding exercise")
    form.get_by_role("spinbutton", name=required("Minutes")).fill("10")

    Session.objects.all().delete()  # the session ended (idle timeout) while they typed
    form.get_by_role("button", name="Add section").click()

    expect(page).to_have_url(
        re.compile(re.escape(f"/accounts/login/?next={quote(plan_url(course), safe='')}") + "$")
    )
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()
    scan(axe, page)

    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(re.escape(plan_url(course)) + "$"))
    form = page.get_by_role("region", name="Add a section")
    expect(form.get_by_role("textbox", name=required("Title"))).to_have_value("Grounding exercise")
    expect(form.get_by_role("spinbutton", name=required("Minutes"))).to_have_value("10")
    expect(page.locator("#drafts-restored")).to_contain_text(
        "What you typed before you were logged out is back in the form."
    )
    scan(axe, page)

    form.get_by_role("button", name="Add section").click()
    expect(live_region(page)).to_have_text("“Grounding exercise” is added.")
    expect(section_headings(page)).to_have_text(titles_in_order(OPENING, "Grounding exercise"))
    axe.assert_clean()
