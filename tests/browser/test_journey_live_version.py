"""Agreed means agreed (issue 11): two trainers in two browsers change a published course;
a visitor's page stays as it was until both have agreed the change, then shows it.
axe-clean on every page visited."""

import pytest
from playwright.sync_api import expect

from ..factories import PASSWORD, ManagerFactory, open_course_make

NEW_SUMMARY = "Written again together: what worry is, and small things that help."


def _trainer_page(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


@pytest.mark.django_db(transaction=True)
def test_a_change_to_a_published_course_goes_live_only_when_both_agree(
    page, browser, live_server, axe, settings
):
    settings.AXES_FAILURE_LIMIT = 50
    course = open_course_make(manager=ManagerFactory(), capacity=10)
    peer_user, practitioner_user = (t.user for t in course.pairing.trainers)
    public_url = f"/prospectus/courses/{course.pk}/"

    page.goto(public_url)  # the visitor
    before = page.locator("main").inner_text()
    axe.scan(page)

    peer = _trainer_page(browser, live_server, peer_user)
    peer.goto(f"/courses/{course.pk}/")
    peer.get_by_role("link", name="Edit details").click()
    peer.get_by_label("Plain-language summary").fill(NEW_SUMMARY)
    peer.get_by_role("button", name="Save").click()
    expect(peer.get_by_text("you will both need to agree it again")).to_be_visible()
    expect(
        peer.get_by_role("heading", name="Changes waiting for both of you to agree")
    ).to_be_visible()
    axe.scan(peer)
    peer.get_by_role("button", name="I agree version").click()
    expect(peer.get_by_text("Waiting for your co-trainer")).to_be_visible()

    page.reload()
    assert page.locator("main").inner_text() == before
    expect(page.get_by_text(NEW_SUMMARY)).to_have_count(0)

    practitioner = _trainer_page(browser, live_server, practitioner_user)
    practitioner.goto(f"/courses/{course.pk}/")
    pending = practitioner.locator("#pending")
    expect(pending.get_by_role("cell", name=NEW_SUMMARY)).to_be_visible()  # would see
    axe.scan(practitioner)
    practitioner.get_by_role("button", name="I agree version").click()
    expect(practitioner.get_by_text("You have both agreed this course.")).to_be_visible()
    expect(practitioner.locator("#pending")).to_have_count(0)
    axe.scan(practitioner)

    page.reload()
    expect(page.get_by_text(NEW_SUMMARY)).to_be_visible()
    axe.scan(page)
    axe.assert_clean()
    for other in (peer, practitioner):
        other.context.close()
