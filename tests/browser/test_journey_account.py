"""A newcomer signs up (through the emailed link), logs out, logs back in, looks at their
profile and logs out, with mistakes on the way; every page is scanned with axe."""

import re

import pytest
from playwright.sync_api import expect

from recovery_college.accounts.models import User
from recovery_college.notifications.models import OutboxMessage

from ..factories import UserFactory

PASSWORD = "lantern-meadow-copper"


def _latest_email(to: str) -> str:
    message = OutboxMessage.objects.filter(to=to).latest("id")
    return f"{message.subject}\n{message.body}"


def _signup_link(email: str) -> str:
    """The path of the sign-up link emailed to `email`."""
    return re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", _latest_email(email))[1]


@pytest.mark.django_db(transaction=True)
def test_sign_up_log_in_profile_log_out(page, axe):
    UserFactory(email="taken@example.org")

    page.goto("/")
    axe.scan(page)
    page.get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    axe.scan(page)

    # An email that already has an account gets the same answer as a new one: the page
    # never says which emails have accounts (the owner is emailed instead).
    page.get_by_label("Your name").fill("Nia Jones")
    page.get_by_label("Email address").fill("taken@example.org")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    axe.scan(page)
    assert "You already have a Recovery College account" in _latest_email("taken@example.org")
    page.get_by_role("link", name="sign up again").click()

    # A weak password: a clear error, focus on the summary, typed name and email kept.
    page.get_by_label("Your name").fill("Nia Jones")
    page.get_by_label("Email address").fill("nia@example.org")
    page.get_by_label("Create a password").fill("password")
    page.get_by_role("button", name="Create account").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("too short")
    expect(page.get_by_label("Your name")).to_have_value("Nia Jones")
    expect(page.get_by_label("Email address")).to_have_value("nia@example.org")
    expect(page.get_by_label("Create a password")).to_have_value("")
    axe.scan(page)

    # The summary's link takes the person to the field.
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Create a password")).to_be_focused()

    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert not User.objects.filter(email="nia@example.org").exists()

    # The emailed link makes the account and logs the person in.
    page.goto(_signup_link("nia@example.org"))
    expect(page.get_by_role("heading", name="Finish creating your account")).to_be_visible()
    axe.scan(page)
    page.get_by_role("button", name="Create my account and log in").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    expect(page.get_by_text("Welcome, Nia. Your account is ready.")).to_be_visible()
    axe.scan(page)
    assert User.objects.filter(email="nia@example.org").exists()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have logged out.")).to_be_visible()

    # Log in: a wrong password first.
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Email address").fill("nia@example.org")
    page.get_by_label("Password").fill("not-my-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("[data-error-summary]")).to_contain_text(
        "The email address or password is not right"
    )
    expect(page.get_by_label("Email address")).to_have_value("nia@example.org")
    axe.scan(page)

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    expect(page.get_by_label("Your name")).to_have_value("Nia Jones")
    axe.scan(page)

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    axe.scan(page)

    axe.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_the_menu_works_on_a_phone(page, axe, client):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/")
    menu = page.get_by_role("button", name="Show or hide the menu")
    expect(menu).to_be_visible()
    expect(page.get_by_role("link", name="Prospectus")).to_be_hidden()
    menu.click()
    page.get_by_role("link", name="Prospectus").click()
    expect(page.get_by_role("heading", name="Prospectus")).to_be_visible()
    axe.scan(page)
    axe.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_the_skip_link_moves_focus_to_the_main_content(page, axe):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    axe.scan(page)
    axe.assert_clean()


def test_the_accessibility_scanner_reports_serious_problems(browser, axe):
    """The harness itself: a page with an unlabelled field and an image without alt text
    must not pass."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"><input></main></html>')
    axe.scan(page)
    context.close()
    assert any("image-alt" in problem for problem in axe.problems)
    with pytest.raises(AssertionError, match="Accessibility problems"):
        axe.assert_clean()
