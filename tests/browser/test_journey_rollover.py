"""A manager rolls last term's courses into the next term: from the terms page, a
preview with the new dates, a clash and a course whose pairing has ended, then one
confirm; the copies are drafts, and the clashing session is left to book by hand.
axe-clean on every page."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recovery_college.notifications.models import OutboxMessage
from trainers.models import Pairing
from workshops.models import Course
from workshops.selectors.rollover import monday_of

from ..factories import (
    PASSWORD,
    ManagerFactory,
    PairingFactory,
    RoomFactory,
    ScheduledSessionFactory,
    TermFactory,
)
from ..workshops.rollover.support import course_that_ran


def _at(day, hour):
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


@pytest.mark.django_db(transaction=True)
def test_a_manager_rolls_a_term_over(page, axe):
    manager = ManagerFactory()
    today = timezone.localdate()
    last_start = monday_of(today - timedelta(days=120))
    last = TermFactory(
        name="Last term",
        starts_on=last_start,
        ends_on=today - timedelta(days=10),
        enrolment_opens_on=last_start - timedelta(days=14),
    )
    next_start = monday_of(today + timedelta(days=28))
    coming = TermFactory(
        name="Next term",
        starts_on=next_start,
        ends_on=next_start + timedelta(days=80),
        enrolment_opens_on=today,
    )
    garden = RoomFactory(venue__name="Oak House", name="Garden Room", capacity=16)
    pairing = PairingFactory(active=True)
    tuesday = last_start + timedelta(days=8)  # Tuesday of the second week
    stress = course_that_ran(
        pairing,
        last,
        starts=[_at(tuesday, 14), _at(tuesday + timedelta(weeks=1), 14)],
        room=garden,
        title="Managing stress",
    )
    # The Garden Room is taken on the second Tuesday of next term's third week.
    ScheduledSessionFactory(
        course__title="Hearing voices",
        course__term=coming,
        starts_at=_at(next_start + timedelta(days=15), 14),
        ends_at=_at(next_start + timedelta(days=15), 16),
        room=garden,
    )
    ended = PairingFactory(active=True, start_date=last_start - timedelta(days=30))
    course_that_ran(ended, last, starts=[_at(last_start + timedelta(days=2), 10)], title="Hope")
    Pairing.objects.filter(pk=ended.pk).update(status="ended", end_date=today - timedelta(days=5))
    first = next_start + timedelta(days=8)

    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(manager.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/college/terms/")
    page.get_by_role("link", name=re.compile(r"^Roll into another term\W+Last term$")).click()
    expect(page.get_by_role("heading", name="Roll Last term into another term")).to_be_visible()
    axe.scan(page)

    page.get_by_role("button", name="Show what would be copied").click()
    expect(page.get_by_text("Choose the term to copy the courses into.").first).to_be_visible()
    axe.scan(page)

    page.get_by_label("Copy into").select_option(
        label=f"Next term ({next_start:%-d %b %Y} to {coming.ends_on:%-d %b %Y})"
    )
    page.get_by_role("button", name="Show what would be copied").click()
    expect(page.get_by_text(f"{first:%A %-d %B %Y}, 14:00–15:30")).to_be_visible()
    expect(page.get_by_text("Garden Room, Oak House is already booked then")).to_be_visible()
    expect(page.get_by_role("heading", name="Needs a new pairing (1)")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Copy “Managing stress”")).to_be_checked()
    assert not Course.objects.filter(term=coming, copied_from=stress).exists()
    axe.scan(page)

    page.get_by_role("button", name="Copy the ticked courses into Next term").click()
    expect(page.get_by_text("1 course copied into Next term as drafts.")).to_be_visible()
    expect(page.get_by_text("“Managing stress” session 2: Garden Room")).to_be_visible()
    expect(page.get_by_role("heading", name="Already in Next term (1)")).to_be_visible()
    axe.scan(page)

    page.get_by_role("link", name="Book sessions of Managing stress").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Managing stress")
    axe.scan(page)

    copy = Course.objects.get(term=coming, copied_from=stress)
    assert (copy.status, copy.sessions.count()) == ("draft", 1)
    assert OutboxMessage.objects.filter(idempotency_key__startswith="rollover:").count() == 2
    axe.assert_clean()
