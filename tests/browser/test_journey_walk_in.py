"""A trainer takes a register with a walk-in: a name typed wrong first (plain errors,
nothing lost), then the capacity question answered with "Save anyway"; the walk-in is on
the register and on the course's students page. Axe-clean on every page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from workshops.models import Attendance, WalkIn
from workshops.services import enrolment_create, session_schedule

from ..factories import ManagerFactory, UserFactory, open_course_make
from .test_journey_enrol import _log_in


def _later_today():
    now = timezone.localtime()
    later = now + timedelta(minutes=30)
    return later if later.date() == now.date() else now - timedelta(hours=1)


@pytest.mark.django_db(transaction=True)
def test_a_trainer_takes_a_register_with_a_walk_in(page, axe):
    manager = ManagerFactory()
    course = open_course_make(manager=manager, capacity=2, title="Sleep and wellbeing")
    ada, _ = (
        enrolment_create(course=course, student=UserFactory(full_name=name))
        for name in ("Ada Ashby", "Ben Brook")
    )
    session_schedule(
        course=course,
        user=manager,
        number=1,
        starts_at=_later_today(),
        online_link=f"https://meet.example.org/course-{course.pk}",
    )
    page.set_viewport_size({"width": 768, "height": 1024})
    _log_in(page, course.pairing.practitioner.user)
    page.goto(f"/courses/{course.pk}/sessions/1/register/")
    expect(page.get_by_role("heading", name="Someone came without enrolling?")).to_be_visible()
    axe.scan(page)

    # A mark and a walk-in with an email that is not one: nothing saved, nothing lost.
    page.get_by_role("group", name="Ada Ashby").get_by_text("Came", exact=True).click()
    page.get_by_label("Their name").fill("Sam Jones")
    page.get_by_label("Their email (optional)").fill("sam at home")
    page.get_by_role("button", name="Add to the register").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_role("link", name="Their email (optional): Enter an email address")
    ).to_be_visible()
    expect(page.get_by_label("Their name")).to_have_value("Sam Jones")
    expect(page.locator(f"#came-{ada.pk}")).to_be_checked()
    assert not Attendance.objects.exists()
    axe.scan(page)

    # Two enrolled and Sam make three for the course's two places: asked, not blocked.
    page.get_by_label("Their email (optional)").fill("sam@example.org")
    page.get_by_role("button", name="Add to the register").click()
    expect(page.get_by_role("heading", name="More people than there is room for")).to_be_visible()
    expect(page.get_by_text("Adding Sam Jones makes 3 people")).to_be_visible()
    assert not WalkIn.objects.exists()
    axe.scan(page)

    page.get_by_role("button", name="Save anyway").click()
    expect(page.get_by_text("Sam Jones is added as a walk-in.")).to_be_visible()
    expect(page.get_by_text("2 of 3 marked as came.")).to_be_visible()
    walk_in = WalkIn.objects.get()
    expect(page.locator(f"#walk-in-came-{walk_in.pk}")).to_be_checked()
    assert Attendance.objects.filter(status="present").count() == 2
    axe.scan(page)

    page.get_by_role("link", name="All students").click()
    expect(page.get_by_role("heading", name="Walk-ins (1)")).to_be_visible()
    expect(page.get_by_role("cell", name="sam@example.org")).to_be_visible()
    axe.scan(page)
    axe.assert_clean()
