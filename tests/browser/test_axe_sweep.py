"""Every page of the demo college, as each role sees it, scanned with axe: the journeys
cover what people do; this covers every page they can reach."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from trainers.models import Declaration, Pairing
from workshops.models import (
    Course,
    CoverInvitation,
    CoverRequest,
    Debrief,
    Enrolment,
    Room,
    Term,
    Venue,
)

PASSWORD = "demo-college-2026"
TRAINER = "aisha.rahman@demo.example.org"
MANAGER = "manager@demo.example.org"
STUDENT = "lucy.bennett@demo.example.org"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--allow-production", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def _sweep(page, axe, urls):
    """Scan every page; a page that does not load is reported with the axe problems (and
    the sweep carries on), so one broken page does not hide problems on the others."""
    for url in urls:
        response = page.goto(url)
        if response.status != 200:
            axe.problems.append(f"{url}: answered HTTP {response.status}, not 200")
            continue
        axe.scan(page)


def _past_course():
    """The demo's course from last term: registers taken, feedback given."""
    return Course.objects.get(title="Understanding state benefits")


def _roster_pages(course, *, number=1):
    return [
        reverse("workshops:course-students", args=[course.pk]),
        reverse("workshops:register", args=[course.pk, number]),
        reverse("workshops:sign-in-sheet", args=[course.pk, number]),
        reverse("workshops:course-feedback", args=[course.pk]),
    ]


def _manager_pages():
    awaiting = Pairing.objects.get(peer__user__email__startswith="tom.")
    active = Pairing.objects.get(peer__user__email__startswith="aisha.")
    course = Course.objects.get(title="Writing your recovery plan")
    full = Course.objects.get(title="Understanding psychosis")  # full, with an offer out
    return [
        reverse("workshops:college-overview"),
        reverse("trainers:directory"),
        reverse("trainers:directory") + "?kind=peer&paired=yes",
        reverse("trainers:invite"),
        reverse("trainers:trainer-edit", args=[active.peer_id]),
        reverse("trainers:pairing-list"),
        reverse("trainers:pairing-create"),
        reverse("trainers:pairing-detail", args=[awaiting.pk]),
        reverse("trainers:decision-form", args=[awaiting.pk]),
        reverse(
            "trainers:declaration-detail",
            args=[Declaration.objects.filter(pairing=awaiting).first().pk],
        ),
        reverse("trainers:pairing-end", args=[active.pk]),
        reverse("trainers:agreement-detail", args=[active.pk]),
        reverse("trainers:agreement-history", args=[active.pk]),
        reverse("trainers:agreement-diff", args=[active.pk]) + "?from=1&to=2",
        reverse("trainers:agreement-template"),
        reverse("trainers:topics"),
        reverse("audit:log"),
        reverse("notifications:outbox-list"),
        reverse("workshops:course-detail", args=[full.pk]),  # a change waiting to be agreed
        reverse("help:settings"),
        reverse("workshops:course-list"),
        reverse("workshops:course-detail", args=[course.pk]),
        reverse("workshops:plan-edit", args=[course.pk, 1]),
        reverse("workshops:run-sheet", args=[course.pk, 1]),
        reverse("workshops:course-history", args=[course.pk]),
        reverse("workshops:course-schedule", args=[course.pk]),
        reverse("workshops:course-publish", args=[course.pk]),
        reverse("workshops:calendar"),
        reverse("workshops:glossary"),
        reverse("workshops:college-settings"),
        reverse("workshops:terms"),
        reverse("workshops:term-edit", args=[Term.objects.order_by("-starts_on").first().pk]),
        reverse("workshops:venues"),
        reverse("workshops:venue-edit", args=[Venue.objects.get(name="Oak House").pk]),
        reverse("workshops:room-edit", args=[Room.objects.get(name="Garden Room").pk]),
        # A booked session: the plan and run-sheet show its date, time and room.
        reverse("workshops:plan-edit", args=[full.pk, 1]),
        reverse("workshops:run-sheet", args=[full.pk, 1]),
        *_roster_pages(_past_course()),
        *_roster_pages(full),
        reverse("workshops:course-unpublish", args=[full.pk]),
        reverse("workshops:course-cancel", args=[full.pk]),
        reverse("workshops:session-cancel", args=[full.pk, 1]),
        reverse("workshops:course-message", args=[full.pk]),
        *_delivery_manager_pages(),
    ]


def _delivery_manager_pages():
    """Cover, debriefs and the co-production report, on the demo's delivery history."""
    needs_cover = CoverRequest.objects.filter(status=CoverRequest.Status.OPEN).first()
    covered = CoverRequest.objects.filter(status=CoverRequest.Status.COVERED).first()
    filed = Debrief.objects.filter(submitted_at__isnull=False).exclude(support_note="").first()
    last_term = Term.objects.order_by("-starts_on")[1]
    waiting = CoverInvitation.objects.get(status=CoverInvitation.Status.NEEDS_DECISION)
    return [
        reverse("workshops:cover-detail", args=[needs_cover.pk]),
        reverse("workshops:cover-decide", args=[waiting.pk]),
        reverse("workshops:cover-detail", args=[covered.pk]),
        reverse("workshops:session-debriefs", args=[filed.session_id]),
        reverse("workshops:report"),
        reverse("workshops:report") + f"?term={last_term.pk}",
        reverse("workshops:report-print") + f"?term={last_term.pk}",
        # Rolling last term into this one: the preview, with sessions already past listed.
        reverse("workshops:term-rollover", args=[last_term.pk])
        + f"?target={Term.objects.order_by('-starts_on')[0].pk}",
    ]


@pytest.mark.django_db(transaction=True)
def test_every_manager_page_is_accessible(demo, page, axe):
    _log_in(page, MANAGER)
    _sweep(page, axe, _manager_pages())
    axe.assert_clean()


def _trainer_pages():
    course = Course.objects.get(title="Sleep and wellbeing")
    section = course.plans.get(number=1).sections.first()
    return [
        reverse("workshops:my-workshops"),
        reverse("trainers:profile-edit"),
        reverse("trainers:public-name"),
        reverse("accounts:profile"),
        reverse("accounts:password-change"),
        reverse("workshops:course-create", args=[course.pairing_id]),
        reverse("workshops:course-edit", args=[course.pk]),
        reverse("workshops:plan-edit", args=[course.pk, 1]),  # her own plan, to edit
        reverse("workshops:section-edit", args=[course.pk, section.pk]),
        reverse("trainers:agreement-edit", args=[course.pairing_id]),
        reverse("trainers:agreement-download", args=[course.pairing_id]).replace("download/", ""),
        # A published course of hers, with students, an offer and a waiting list.
        *_roster_pages(Course.objects.get(title="Understanding psychosis")),
        reverse(
            "workshops:course-message",
            args=[Course.objects.get(title="Understanding psychosis").pk],
        ),
        # Her session of the current term, with a debrief from each of the pair, and a
        # session she can say she cannot come to.
        reverse(
            "workshops:session-debriefs",
            args=[
                Debrief.objects.filter(session__course__title="Worry and sleep").first().session_id
            ],
        ),
        reverse(
            "workshops:cover-ask",
            args=[course_session(Course.objects.get(title="Understanding psychosis"))],
        ),
    ]


def course_session(course) -> int:
    return course.sessions.filter(cancelled=False).order_by("number").first().pk


@pytest.mark.django_db(transaction=True)
def test_every_trainer_page_is_accessible(demo, page, axe):
    pages = _trainer_pages()
    _log_in(page, TRAINER)
    _sweep(page, axe, pages)
    axe.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_every_cover_trainer_page_is_accessible(demo, page, axe):
    """Priya covers sessions for Bethan: the covered session's page, her debrief to do."""
    covering = CoverRequest.objects.filter(status=CoverRequest.Status.COVERED).last()
    to_do = Debrief.objects.get(submitted_at__isnull=True, trainer__user__email__startswith="priya")
    _log_in(page, "priya.nair@demo.example.org")
    _sweep(
        page,
        axe,
        [
            reverse("workshops:my-workshops"),
            reverse("workshops:cover-session", args=[covering.pk]),
            reverse("workshops:debrief-edit", args=[to_do.pk]),
        ],
    )
    axe.assert_clean()


def _public_pages():
    return [
        "/",
        reverse("workshops:prospectus"),
        reverse("accounts:login"),
        reverse("accounts:signup"),
        reverse("accounts:password-reset"),
        reverse("help:page"),
        # A course whose session 2 is covered: the public page names the cover.
        reverse(
            "workshops:prospectus-course",
            args=[Course.objects.get(title="Understanding depression").pk],
        ),
        reverse("workshops:enrol", args=[Course.objects.get(title="Building confidence").pk]),
    ]


@pytest.mark.django_db(transaction=True)
def test_every_public_page_is_accessible(demo, page, axe):
    _sweep(page, axe, _public_pages())
    response = page.goto("/no-such-page/")
    assert response.status == 404
    axe.scan(page)
    expect(page.get_by_role("heading", name=re.compile("Page not found"))).to_be_visible()
    axe.assert_clean()


def _student_pages():
    """Lucy has a place, a waiting-list place, an offer to claim and last term's course
    to give feedback on."""
    lucy = STUDENT
    mine = {
        e.status: e
        for e in Enrolment.objects.filter(student__email=lucy).exclude(
            course__status=Course.Status.ARCHIVED
        )
    }
    past = Enrolment.objects.get(student__email=lucy, course__status=Course.Status.ARCHIVED)
    return [
        reverse("workshops:my-courses"),
        reverse("workshops:enrol", args=[Course.objects.get(title="Building confidence").pk]),
        reverse("workshops:enrolment-detail", args=[mine["enrolled"].pk]),
        reverse("workshops:enrolment-detail", args=[mine["waiting"].pk]),
        reverse("workshops:enrolment-detail", args=[mine["offered"].pk]),
        reverse("workshops:enrolment-cancel", args=[mine["enrolled"].pk]),
        reverse("workshops:offer-claim", args=[mine["offered"].pk]),
        reverse("workshops:feedback-give", args=[past.pk]),
        reverse("workshops:certificate-print", args=[past.pk]),
        reverse("accounts:profile"),
        reverse("accounts:delete"),
    ]


@pytest.mark.django_db(transaction=True)
def test_every_student_page_is_accessible(demo, page, axe):
    pages = _student_pages()
    _log_in(page, STUDENT)
    _sweep(page, axe, pages)
    axe.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_a_closed_waiting_list_is_accessible(demo, page, axe):
    """The course started with Lucy still waiting: her place page and My courses say the
    waiting list closed (the state the beat job leaves)."""
    lucy = "lucy.bennett@demo.example.org"
    entry = Enrolment.objects.get(student__email=lucy, status=Enrolment.Status.WAITING)
    entry.status = Enrolment.Status.CLOSED
    entry.save(update_fields=["status"])
    _log_in(page, lucy)
    _sweep(
        page,
        axe,
        [
            reverse("workshops:my-courses"),
            reverse("workshops:enrolment-detail", args=[entry.pk]),
        ],
    )
    expect(page.get_by_text("Waiting list closed")).to_be_visible()
    axe.assert_clean()
