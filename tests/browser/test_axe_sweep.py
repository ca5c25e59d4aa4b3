"""Every page of the demo college, as each role sees it, scanned with axe: the journeys
cover what people do; this covers every page they can reach."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from trainers.models import Declaration, Pairing
from workshops.models import Course

PASSWORD = "demo-college-2026"


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
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        axe.scan(page)


def _manager_pages():
    awaiting = Pairing.objects.get(peer__user__email__startswith="tom.")
    active = Pairing.objects.get(peer__user__email__startswith="aisha.")
    course = Course.objects.get(title="Writing your recovery plan")
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
    ]


@pytest.mark.django_db(transaction=True)
def test_every_manager_page_is_accessible(demo, page, axe):
    _log_in(page, "manager@demo.example.org")
    _sweep(page, axe, _manager_pages())
    axe.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_every_trainer_page_is_accessible(demo, page, axe):
    course = Course.objects.get(title="Sleep and wellbeing")
    section = course.plans.get(number=1).sections.first()
    _log_in(page, "aisha.rahman@demo.example.org")
    _sweep(
        page,
        axe,
        [
            reverse("trainers:my-workshops"),
            reverse("trainers:profile-edit"),
            reverse("accounts:profile"),
            reverse("accounts:password-change"),
            reverse("workshops:course-create", args=[course.pairing_id]),
            reverse("workshops:course-edit", args=[course.pk]),
            reverse("workshops:section-edit", args=[course.pk, section.pk]),
            reverse("trainers:agreement-edit", args=[course.pairing_id]),
            reverse("trainers:agreement-download", args=[course.pairing_id]).replace(
                "download/", ""
            ),
        ],
    )
    axe.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_every_public_page_is_accessible(demo, page, axe):
    _sweep(
        page,
        axe,
        [
            "/",
            reverse("workshops:prospectus"),
            reverse("accounts:login"),
            reverse("accounts:signup"),
            reverse("accounts:password-reset"),
        ],
    )
    response = page.goto("/no-such-page/")
    assert response.status == 404
    axe.scan(page)
    expect(page.get_by_role("heading", name=re.compile("Page not found"))).to_be_visible()
    axe.assert_clean()
