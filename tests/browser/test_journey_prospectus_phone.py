"""On a phone (390 px wide) the prospectus shows courses first: the filters fold behind
one button that says how many are on, and the first course is on the first screen.
A <details> element: no JavaScript, nothing for the CSP to refuse. axe-clean."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--allow-production", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_first_course_is_on_the_first_screen(demo, page, axe):
    page.set_viewport_size(PHONE)
    page.goto("/prospectus/")

    expect(page.locator("article h3 a").first).to_be_in_viewport()
    expect(page.get_by_label("Time of day")).to_be_hidden()
    axe.scan(page)
    axe.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_filters_open_from_a_button_that_counts_them(demo, page, axe):
    page.set_viewport_size(PHONE)
    page.goto("/prospectus/")

    page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Time of day").select_option(label="Evening (from 5)")
    page.get_by_label("Step-free access").check()
    page.get_by_role("button", name="Show courses").click()

    expect(page.get_by_text("Filters: 2 on", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^\d+ courses? match"))).to_be_in_viewport()
    axe.scan(page)
    axe.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_on_a_wide_screen_the_filters_stay_open_with_no_button(demo, page):
    page.goto("/prospectus/")

    expect(page.get_by_label("Time of day")).to_be_visible()
    expect(page.get_by_text("Filters", exact=True)).to_be_hidden()
