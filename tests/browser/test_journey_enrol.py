"""Students enrol, wait, claim an offered place and cancel; a trainer takes the register
on a tablet. With the mouse and with the keyboard alone; axe-clean on every page."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from recovery_college.notifications.models import OutboxMessage
from workshops.models import Attendance, Enrolment
from workshops.services import enrolment_cancel, enrolment_create, session_schedule

from ..factories import PASSWORD, ManagerFactory, UserFactory, open_course_make

NEW_PASSWORD = "lantern-meadow-copper"
MAX_TABS = 60


def _log_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def _is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def _tab_to(page, locator, *, backwards=False) -> None:
    """Press Tab (or Shift+Tab) until `locator` has the focus; fail after MAX_TABS."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        if _is_focused(locator):
            return
    focused = page.evaluate("document.activeElement && document.activeElement.outerHTML")
    pytest.fail(f"{locator} was not reached in {MAX_TABS} presses of {key}; focus is on {focused}")


def _coming_up(page):
    return page.locator("section").filter(has=page.get_by_role("heading", name="Coming up"))


@pytest.mark.django_db(transaction=True)
def test_a_visitor_signs_up_enrols_and_cancels(page, axe):
    course = open_course_make(manager=ManagerFactory(), capacity=12, title="Finding calm")

    page.goto("/prospectus/")
    axe.scan(page)
    page.get_by_role("link", name="Finding calm").click()
    expect(page.get_by_role("heading", level=1, name="Finding calm")).to_be_visible()
    expect(page.get_by_text("12 places left")).to_be_visible()
    axe.scan(page)

    page.get_by_role("link", name="Enrol on this course").click()
    expect(page.get_by_role("heading", name="Enrol on “Finding calm”")).to_be_visible()
    axe.scan(page)

    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    axe.scan(page)
    page.get_by_label("Your name").fill("Nia Jones")
    page.get_by_label("Email address").fill("nia@example.org")
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    axe.scan(page)
    signup_email = OutboxMessage.objects.filter(to="nia@example.org").latest("id").body
    page.goto(re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", signup_email)[1])
    page.get_by_role("button", name="Create my account and log in").click()

    expect(page).to_have_url(re.compile(rf"/prospectus/courses/{course.pk}/enrol/$"))
    expect(page.get_by_text("Welcome, Nia. Your account is ready.")).to_be_visible()
    expect(page.get_by_role("heading", name="Enrol on “Finding calm”")).to_be_visible()
    axe.scan(page)
    page.get_by_label("Anything that would help you take part").fill(
        "I may need to step out for short breaks."
    )
    page.get_by_role("button", name="Confirm my place").click()

    expect(
        page.get_by_text("You are enrolled on “Finding calm”. We have emailed you the dates.")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1, name="Finding calm")).to_be_visible()
    expect(page.get_by_text("You have a place on every session.")).to_be_visible()
    axe.scan(page)
    enrolment = Enrolment.objects.get(course=course, student__email="nia@example.org")
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert enrolment.access_needs == "I may need to step out for short breaks."

    page.get_by_role("link", name="My courses", exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name="My courses")).to_be_visible()
    expect(_coming_up(page).get_by_role("link", name="Finding calm")).to_be_visible()
    axe.scan(page)

    _coming_up(page).get_by_role("link", name="Finding calm").click()
    page.get_by_role("link", name="Cancel my place").click()
    expect(page.get_by_role("heading", name="Cancel your place on “Finding calm”?")).to_be_visible()
    axe.scan(page)
    page.get_by_role("button", name="Yes, cancel my place").click()

    expect(page).to_have_url(re.compile(r"/my-courses/$"))
    expect(page.get_by_text("Your place on “Finding calm” is cancelled.")).to_be_visible()
    expect(page.get_by_role("heading", name="Coming up")).to_have_count(0)
    past = page.locator("section", has=page.get_by_role("heading", name="Past and cancelled"))
    expect(past.get_by_role("listitem")).to_have_text("Finding calm (you cancelled your place)")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CANCELLED
    axe.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_a_waiting_student_is_offered_a_place_and_claims_it(page, axe):
    course = open_course_make(manager=ManagerFactory(), capacity=1, title="Sleep well")
    first = UserFactory(full_name="Ann Archer")
    first_place = enrolment_create(course=course, student=first)
    waiting = UserFactory(full_name="Ben Brook")

    _log_in(page, waiting)
    page.goto(f"/prospectus/courses/{course.pk}/")
    expect(page.get_by_text("Full: waiting list open.")).to_be_visible()
    expect(page.get_by_role("link", name="Enrol on this course")).to_have_count(0)
    page.get_by_role("link", name="Join the waiting list").click()
    expect(
        page.get_by_role("heading", name="Join the waiting list for “Sleep well”")
    ).to_be_visible()
    axe.scan(page)
    page.get_by_role("button", name="Join the waiting list").click()
    expect(
        page.get_by_text("You are on the waiting list for “Sleep well”: number 1.")
    ).to_be_visible()
    expect(page.get_by_text("You are number 1 on the waiting list.")).to_be_visible()
    axe.scan(page)
    place = Enrolment.objects.get(course=course, student=waiting)
    assert place.status == Enrolment.Status.WAITING

    mail.outbox.clear()
    enrolment_cancel(enrolment=first_place, user=first)  # the first student gives up
    place.refresh_from_db()
    assert place.status == Enrolment.Status.OFFERED
    offers = [m for m in mail.outbox if m.to == [waiting.email]]
    assert len(offers) == 1, [(m.to, m.subject) for m in mail.outbox]
    assert offers[0].subject.startswith("A place is free on “Sleep well”")
    claim_path = re.search(r"/enrolments/\d+/claim/", offers[0].body).group(0)
    assert claim_path == f"/enrolments/{place.pk}/claim/"

    page.goto("/my-courses/")
    offered = page.locator("section").filter(
        has=page.get_by_role("heading", name="Places offered to you")
    )
    expect(offered.get_by_role("link", name="Sleep well")).to_be_visible()
    expect(page.get_by_role("heading", name="Coming up")).to_have_count(0)
    axe.scan(page)

    page.goto(claim_path)
    expect(page.get_by_role("heading", name="A place on “Sleep well”")).to_be_visible()
    claim = page.get_by_role("button", name="Claim my place")
    expect(claim).to_have_count(1)
    axe.scan(page)
    claim.click()

    expect(
        page.get_by_text("The place is yours: you are enrolled on “Sleep well”.")
    ).to_be_visible()
    place.refresh_from_db()
    assert place.status == Enrolment.Status.ENROLLED
    page.get_by_role("link", name="My courses", exact=True).first.click()
    expect(_coming_up(page).get_by_role("link", name="Sleep well")).to_be_visible()
    expect(page.get_by_role("heading", name="Places offered to you")).to_have_count(0)
    axe.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_a_student_enrols_with_the_keyboard_alone(page, axe):
    course = open_course_make(manager=ManagerFactory(), capacity=5, title="Hope and recovery")
    student = UserFactory(full_name="Kai Lee")
    _log_in(page, student)
    page.goto(f"/prospectus/courses/{course.pk}/")

    _tab_to(page, page.get_by_role("link", name="Enrol on this course"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Enrol on “Hope and recovery”")).to_be_visible()

    _tab_to(page, page.get_by_label("Anything that would help you take part"))
    page.keyboard.type("Large-print handouts, please.")
    _tab_to(page, page.get_by_role("button", name="Confirm my place"))
    # Back one and forward again: Shift+Tab works too.
    _tab_to(page, page.get_by_label("Your own learning goal"), backwards=True)
    _tab_to(page, page.get_by_role("button", name="Confirm my place"))
    page.keyboard.press("Enter")

    expect(page.get_by_text("You are enrolled on “Hope and recovery”.")).to_be_visible()
    axe.scan(page)
    enrolment = Enrolment.objects.get(course=course, student=student)
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert enrolment.access_needs == "Large-print handouts, please."
    axe.assert_clean()


def _later_today():
    """A start time later today (or, just before midnight, earlier today): the register is
    open all day on the day of the session."""
    now = timezone.localtime()
    later = now + timedelta(minutes=30)
    return later if later.date() == now.date() else now - timedelta(hours=1)


@pytest.mark.django_db(transaction=True)
def test_a_trainer_takes_the_register_on_a_tablet(page, axe):
    manager = ManagerFactory()
    course = open_course_make(manager=manager, capacity=6, title="Living with anxiety")
    students = [
        UserFactory(full_name="Ada Ashby"),
        UserFactory(full_name="Ben Brook"),
        UserFactory(full_name="Cara Cole"),
    ]
    ada, ben, cara = (enrolment_create(course=course, student=s) for s in students)
    # Session 1 moves to today, after everyone enrolled.
    session_schedule(
        course=course,
        user=manager,
        number=1,
        starts_at=_later_today(),
        online_link=f"https://meet.example.org/course-{course.pk}",
    )

    page.set_viewport_size({"width": 768, "height": 1024})
    _log_in(page, course.pairing.peer.user)
    response = page.goto(f"/courses/{course.pk}/sessions/1/register/")
    assert response.status == 200, f"the register answered HTTP {response.status}"
    expect(page.get_by_role("heading", name="Register: session 1")).to_be_visible()
    expect(page.get_by_text("The register opens on the day of the session.")).to_have_count(0)
    axe.scan(page)

    page.get_by_role("group", name="Ada Ashby").get_by_text("Came", exact=True).click()
    page.get_by_role("group", name="Ben Brook").get_by_text("Did not come", exact=True).click()
    expect(page.locator(f"#came-{ada.pk}")).to_be_checked()
    expect(page.locator(f"#absent-{ben.pk}")).to_be_checked()
    page.get_by_role("button", name="Save the register").click()

    expect(page.get_by_text("The register for session 1 is saved.")).to_be_visible()
    expect(page.get_by_text("1 of 3 marked as came.")).to_be_visible()
    marks = dict(
        Attendance.objects.filter(session__course=course, session__number=1).values_list(
            "enrolment_id", "status"
        )
    )
    assert marks == {ada.pk: "present", ben.pk: "absent"}

    # Cara's mark with the keyboard: Tab reaches her group on its checked button
    # ("Not marked"); arrow keys move along the group; Space selects.
    _tab_to(page, page.locator(f"#unmarked-{cara.pk}"))
    page.keyboard.press("ArrowLeft")
    expect(page.locator(f"#absent-{cara.pk}")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(page.locator(f"#came-{cara.pk}")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator(f"#came-{cara.pk}")).to_be_checked()
    _tab_to(page, page.get_by_role("button", name="Save the register"))
    page.keyboard.press("Enter")

    expect(page.get_by_text("The register for session 1 is saved.")).to_be_visible()
    expect(page.get_by_text("2 of 3 marked as came.")).to_be_visible()
    assert Attendance.objects.get(enrolment=cara, session__number=1).status == "present"
    axe.scan(page)

    page.get_by_role("link", name="Printable sign-in sheet").click()
    expect(page.get_by_role("heading", name="Living with anxiety: session 1 of 2")).to_be_visible()
    for name in ("Ada Ashby", "Ben Brook", "Cara Cole"):
        expect(page.get_by_role("cell", name=name)).to_be_visible()
    axe.scan(page)
    axe.assert_clean()
