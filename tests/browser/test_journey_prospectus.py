"""An anonymous visitor filters the prospectus, opens a course, and downloads its
calendar; the print view too. axe-clean throughout."""

import re

import pytest
from django.core.management import call_command
from icalendar import Calendar
from playwright.sync_api import expect

from workshops.models import Course


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--allow-production", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.django_db(transaction=True)
def test_a_visitor_finds_a_course_and_takes_its_dates_home(demo, page, axe):
    page.goto("/")
    page.get_by_role("link", name="Browse this term's courses").click()
    expect(page.get_by_role("heading", name=re.compile("Prospectus"))).to_be_visible()
    axe.scan(page)
    total = Course.objects.filter(status="published").count()
    expect(page.get_by_role("heading", name=f"{total} courses")).to_be_visible()

    page.get_by_label("Time of day").select_option(label="Evening (from 5)")
    page.get_by_label("Step-free access").check()
    page.get_by_role("button", name="Show courses").click()
    expect(page.get_by_role("heading", name=re.compile(r"^\d+ courses? match"))).to_be_visible()
    axe.scan(page)
    results = page.locator("article h3 a")
    assert 0 < results.count() < total
    title = results.first.inner_text()

    results.first.click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(page.get_by_text("Peer Trainer").first).to_be_visible()
    expect(page.get_by_text("Step-free access: yes")).to_be_visible()
    axe.scan(page)

    link = page.get_by_role("link", name="Add the dates to your calendar")
    response = page.request.get(link.get_attribute("href"))
    assert response.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(response.body()).walk("VEVENT")
    course = Course.objects.get(title=title)
    assert len(events) == course.session_count
    assert all(str(e["summary"]).startswith(title) for e in events)

    page.goto("/prospectus/")
    page.get_by_role("link", name="Printable version of the whole prospectus").click()
    expect(page.locator("article.print-course")).to_have_count(total)
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    page.emulate_media(media="screen")
    axe.scan(page)
    axe.assert_clean()
