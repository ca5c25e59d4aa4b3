"""A manager works from the College page of the demo college: the to-do says what waits
for them and leads to where it is done; the course table filters, sorts and pages without
JavaScript; every state of the page is axe-clean."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

PASSWORD = "demo-college-2026"
MANAGER = "manager@demo.example.org"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--allow-production", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_a_manager_works_from_the_college_page(demo, page, axe):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(MANAGER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/college/")
    to_do = page.get_by_role("region", name="Waiting for you")
    expect(to_do).to_be_visible()
    expect(to_do.get_by_role("link", name="Find cover (listed below)")).to_be_visible()
    axe.scan(page)

    # The summary's figures and the filter: published courses of the term, by title.
    courses = page.get_by_role("region", name=re.compile("^Courses in"))
    courses.get_by_label("Status").select_option(label="Published")
    courses.get_by_label("Title has").fill("psychosis")
    courses.get_by_role("button", name="Show courses").click()
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="Understanding psychosis")).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(2)
    axe.scan(page)

    # The to-do leads to the course scheduled and waiting to be published, and on to it.
    page.get_by_role("link", name="See the courses to publish").click()
    row = page.get_by_role("row", name=re.compile("Living well with anxiety"))
    expect(row).to_contain_text("Scheduled: waiting to be published")
    axe.scan(page)
    row.get_by_role("link", name="Publish Living well with anxiety").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Living well with anxiety")

    # Bad input still gives a page.
    response = page.goto("/college/?page=abc&stage=nonsense&sort=x")
    assert response.status == 200
    axe.scan(page)
    axe.assert_clean()
