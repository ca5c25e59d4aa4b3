"""From plan to delivery in the browser: a trainer asks for cover, a manager finds and
invites one, the cover accepts, the public page names them; a pair each file a debrief;
a manager opens the co-production report and its print view. axe-clean on every page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from workshops.management.commands.bench_report import build_report_term
from workshops.models import ScheduledSession
from workshops.services.debriefs import debriefs_sweep

from ..factories import (
    PASSWORD,
    ManagerFactory,
    PairingFactory,
    PeerTrainerFactory,
    PractitionerTrainerFactory,
    open_course_make,
)


def _log_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def _log_out(page):
    page.get_by_role("button", name="Log out").click()


@pytest.mark.django_db(transaction=True)
def test_a_trainer_asks_for_cover_and_the_public_page_names_the_cover(page, axe):
    manager = ManagerFactory()
    pairing = PairingFactory(
        active=True,
        peer=PeerTrainerFactory(user__full_name="Sam Whitfield"),
        practitioner=PractitionerTrainerFactory(user__full_name="Dr Helen Carter"),
    )
    priya = PeerTrainerFactory(user__full_name="Priya Nair", public_name_style="first")
    course = open_course_make(manager=manager, pairing=pairing, title="Sleep and wellbeing")

    _log_in(page, pairing.peer.user)
    page.get_by_role("link", name="My workshops").click()
    page.get_by_role("link", name="I cannot come to Sleep and wellbeing session 1").click()
    axe.scan(page)
    page.get_by_label("Anything the college managers should know (optional)").fill(
        "A hospital appointment"
    )
    page.get_by_role("button", name="Tell the college I cannot come").click()
    expect(page.get_by_text("The college will arrange cover")).to_be_visible()
    expect(page.get_by_text("You told us you cannot come")).to_be_visible()
    axe.scan(page)
    _log_out(page)

    _log_in(page, manager)
    page.goto("/college/")
    expect(page.get_by_text("Session 1 of Sleep and wellbeing")).to_be_visible()
    axe.scan(page)
    page.get_by_role("link", name="Find cover for Sleep and wellbeing session 1").click()
    expect(page.get_by_text("A hospital appointment")).to_be_visible()
    axe.scan(page)
    page.get_by_role("button", name="Invite Priya Nair").click()
    expect(page.get_by_text("Priya Nair is invited.")).to_be_visible()
    axe.scan(page)
    _log_out(page)

    _log_in(page, priya.user)
    page.get_by_role("link", name="My workshops").click()
    page.get_by_role("link", name="Answer the invitation for Sleep and wellbeing").click()
    expect(page.get_by_text("A hospital appointment")).to_have_count(0)
    page.get_by_label("Yes, I can cover it").check()
    page.get_by_label("No, there is no relationship that could conflict").check()
    axe.scan(page)
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("We are waiting for Dr Helen Carter")).to_be_visible()
    _log_out(page)

    _log_in(page, pairing.practitioner.user)
    page.get_by_role("link", name="My workshops").click()
    page.get_by_role("link", name="Answer the question about Priya Nair").click()
    axe.scan(page)
    page.get_by_label("No, there is no relationship that could conflict").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Thank you for answering.")).to_be_visible()
    _log_out(page)

    page.goto(f"/prospectus/courses/{course.pk}/")
    expect(page.get_by_text("Session 1: Priya, Peer Trainer, covering")).to_be_visible()
    expect(page.get_by_text("hospital")).to_have_count(0)
    axe.scan(page)
    axe.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_a_pair_each_file_a_debrief(page, axe):
    manager = ManagerFactory()
    pairing = PairingFactory(active=True)
    course = open_course_make(manager=manager, pairing=pairing, title="Managing stress")
    held = timezone.now() - timedelta(days=2)
    ScheduledSession.objects.filter(course=course, number=1).update(
        starts_at=held, ends_at=held + timedelta(hours=2)
    )
    debriefs_sweep()

    _log_in(page, pairing.peer.user)
    page.get_by_role("link", name="My workshops").click()
    page.get_by_role("link", name="File your debrief of Managing stress session 1").click()
    axe.scan(page)
    page.get_by_role("group", name="Welcome and setting the scene").get_by_label(
        "Peer Trainer"
    ).check()
    page.get_by_label("What went well?").fill("Everyone joined in.")
    page.get_by_label("Anything you would like support with? (optional)").fill(
        "A catch-up about pacing"
    )
    page.get_by_label("My co-trainer and the college managers").check()
    page.get_by_role("button", name="File my debrief").click()
    expect(page.get_by_text("Thank you: your debrief is filed.")).to_be_visible()
    axe.scan(page)
    _log_out(page)

    _log_in(page, pairing.practitioner.user)
    page.get_by_role("link", name="My workshops").click()
    page.get_by_role("link", name="File your debrief of Managing stress session 1").click()
    page.get_by_label("What would you change next time?").fill("More time for questions.")
    page.get_by_role("button", name="File my debrief").click()
    expect(page.get_by_text("A catch-up about pacing")).to_be_visible()
    expect(page.get_by_text("More time for questions.")).to_be_visible()
    axe.scan(page)
    axe.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_a_manager_opens_the_report_and_its_print_view(page, axe):
    manager = ManagerFactory()
    build_report_term(
        12, peer=PeerTrainerFactory(), practitioner=PractitionerTrainerFactory(), name="Autumn"
    )
    _log_in(page, manager)
    page.goto("/college/")
    page.get_by_role("link", name="Co-production report").click()
    expect(page.get_by_role("heading", name="Co-production report: Autumn")).to_be_visible()
    expect(page.get_by_text("10 of 12 held sessions (83%) were co-delivered")).to_be_visible()
    expect(page.locator("svg.report-chart").first).to_be_visible()
    axe.scan(page)
    page.get_by_role("link", name="Printable term report for commissioners").click()
    expect(page.get_by_role("heading", name="Recovery College term report: Autumn")).to_be_visible()
    axe.scan(page)
    axe.assert_clean()
