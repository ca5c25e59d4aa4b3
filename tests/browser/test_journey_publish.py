"""A manager sees why a course cannot be published yet, puts each thing right, publishes
it, and finds it in the public prospectus. axe-clean on every page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from workshops.services import course_agree

from ..factories import (
    PASSWORD,
    ManagerFactory,
    PairingFactory,
    RoomFactory,
    TermFactory,
    agreement_in_force,
    make_course,
)


@pytest.mark.django_db(transaction=True)
def test_a_manager_schedules_and_publishes_a_course(page, axe):
    manager = ManagerFactory()
    pairing = PairingFactory(active=True)
    agreement_in_force(pairing)
    course = make_course(
        pairing, pairing.peer.user, title="Coping with stress", session_count=2, session_minutes=90
    )
    for trainer in pairing.trainers:
        course_agree(course=course, user=trainer.user, version=course.version)
    today = timezone.localdate()
    term = TermFactory(
        name="This term",
        starts_on=today,
        ends_on=today + timedelta(days=90),
        enrolment_opens_on=today,
    )
    RoomFactory(venue__name="Oak House", name="Garden Room", capacity=16, step_free_access=True)
    first = (today + timedelta(days=7)).isoformat() + "T10:00"

    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(manager.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/courses/{course.pk}/")
    page.get_by_role("link", name="Publish", exact=True).click()
    expect(page.get_by_text("Not ready yet.")).to_be_visible()
    expect(page.get_by_text("(0 so far)")).to_be_visible()
    expect(page.get_by_role("button", name="Publish to the prospectus")).to_have_count(0)
    axe.scan(page)

    page.get_by_role("link", name="Schedule the sessions").click()
    axe.scan(page)
    weekly = page.locator("form").filter(has=page.get_by_role("button", name="Book weekly"))
    weekly.get_by_label("Starts").fill(first)
    weekly.get_by_label("Room").select_option(label="Garden Room, Oak House (holds 16)")
    weekly.get_by_role("button", name="Book weekly").click()
    expect(page.get_by_text("Every session is scheduled, a week apart.")).to_be_visible()
    places = page.locator("form").filter(
        has=page.get_by_role("button", name="Save term and places")
    )
    # Each term is named with its dates, so two like names are told apart.
    dates = f"{term.starts_on:%-d %b %Y} to {term.ends_on:%-d %b %Y}"
    places.get_by_label("Term").select_option(label=f"This term ({dates})")
    places.get_by_label("Places").fill("12")
    places.get_by_role("button", name="Save term and places").click()
    expect(page.get_by_text("Places and term saved.")).to_be_visible()
    axe.scan(page)

    page.goto(f"/courses/{course.pk}/publish/")
    expect(page.get_by_text("Not yet", exact=True)).to_have_count(0)
    page.get_by_role("button", name="Publish to the prospectus").click()
    expect(page.get_by_text("“Coping with stress” is published.")).to_be_visible()
    axe.scan(page)

    page.get_by_role("link", name="Prospectus").first.click()
    expect(page.get_by_role("link", name="Coping with stress")).to_be_visible()
    axe.scan(page)
    axe.assert_clean()
