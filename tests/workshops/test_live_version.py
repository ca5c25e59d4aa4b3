"""What is live is what was agreed (issue 11): after publishing, one trainer's change
reaches no public page (course page, prospectus list and search, print page, PDF,
calendars) until both trainers agree it; then it is there at once. Discarding goes back
to the live version. Every step is in the history."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from workshops.errors import NotAllowed
from workshops.models import Course, CourseChange
from workshops.selectors import course_live_state, course_signoff
from workshops.services import (
    course_agree,
    course_changes_discard,
    course_details_update,
    section_add,
)

from ..factories import fresh, section_fields

NEW_TITLE = "Living well with worry"
NEW_SUMMARY = "A gentler course about worry, written again by both trainers."


def _public_pages(course) -> dict[str, bytes]:
    """Every public view of the course, as an anonymous visitor gets it."""
    visitor = Client()
    term = course.term_id
    urls = {
        "list": reverse("workshops:prospectus") + f"?term={term}",
        "search": reverse("workshops:prospectus") + f"?term={term}&q=anxiety",
        "search new words": reverse("workshops:prospectus") + f"?term={term}&q=gentler",
        "course page": reverse("workshops:prospectus-course", args=[course.pk]),
        "print": reverse("workshops:prospectus") + f"?term={term}&print=1",
        "course calendar": reverse("workshops:prospectus-course-ics", args=[course.pk]),
        "term calendar": reverse("workshops:prospectus-ics"),
    }
    pages = {name: visitor.get(url).content for name, url in urls.items()}
    pdf = visitor.get(reverse("workshops:prospectus-pdf") + f"?term={term}")
    reader = PdfReader(io.BytesIO(pdf.content))
    pages["pdf text"] = "\n".join(p.extract_text() for p in reader.pages).encode()
    return pages


def _edit(course, user, **changes):
    course = fresh(course)
    details = {name: getattr(course.working_copy(), name) for name in Course.DETAIL_FIELDS}
    return course_details_update(
        course=course, user=user, base_version=course.version, **{**details, **changes}
    )


@pytest.fixture
def edited(open_course, peer_trainer):
    """The published course after the peer trainer changed its title and summary and
    added a section: nobody has agreed the new version yet."""
    before = _public_pages(open_course)
    _edit(open_course, peer_trainer, title=NEW_TITLE, summary=NEW_SUMMARY)
    plan = fresh(open_course).plans.get(number=1)
    section_add(
        plan=plan, user=peer_trainer, base_version=fresh(open_course).version, **section_fields()
    )
    return before


@pytest.mark.django_db
def test_one_trainers_change_reaches_no_public_page(open_course, edited):
    assert _public_pages(open_course) == edited
    assert fresh(open_course).title == "Understanding anxiety"


@pytest.mark.django_db
def test_the_change_stays_off_the_public_pages_when_only_one_trainer_agrees(
    open_course, edited, peer_trainer
):
    course = fresh(open_course)
    course_agree(course=course, user=peer_trainer, version=course.version)
    assert _public_pages(open_course) == edited


@pytest.mark.django_db
def test_once_both_agree_every_public_page_shows_the_new_version(
    open_course, edited, peer_trainer, practitioner_trainer
):
    course = fresh(open_course)
    for user in (peer_trainer, practitioner_trainer):
        course_agree(course=course, user=user, version=course.version)

    after = _public_pages(open_course)
    for name in ("list", "course page", "print", "course calendar", "term calendar", "pdf text"):
        assert NEW_TITLE.encode() in after[name], name
        assert b"Understanding anxiety" not in after[name], name
    assert NEW_TITLE.encode() in after["search new words"]
    course = fresh(open_course)
    assert (course.live_version, course.pending_details) == (course.version, None)
    assert course.status == Course.Status.PUBLISHED


@pytest.mark.django_db
def test_discarding_goes_back_to_the_live_version_and_is_in_the_history(
    open_course, edited, practitioner_trainer
):
    live_version = fresh(open_course).live_version
    course = fresh(open_course)
    course_changes_discard(course=course, user=practitioner_trainer, base_version=course.version)

    course = fresh(open_course)
    assert course.working_details()["title"] == "Understanding anxiety"
    assert course.plans.get(number=1).sections.count() == 1  # the added section is gone
    assert not course_live_state(course=course).pending
    assert course_signoff(course=course).agreed  # what is current is what both agreed
    assert _public_pages(open_course) == edited
    summaries = list(
        CourseChange.objects.filter(course=course)
        .order_by("version")
        .values_list("summary", flat=True)
    )
    assert summaries[-1] == (
        "Discarded the changes waiting to be agreed: back to the live version "
        f"(version {live_version})"
    )
    assert any(s.startswith("Changed") for s in summaries)


@pytest.mark.django_db
def test_nothing_to_discard_is_refused(open_course, peer_trainer):
    course = fresh(open_course)
    with pytest.raises(NotAllowed, match="nothing to discard"):
        course_changes_discard(course=course, user=peer_trainer, base_version=course.version)


@pytest.mark.django_db
def test_the_course_page_compares_what_students_see_with_what_they_would_see(
    open_course, edited, client_for, peer_trainer
):
    html = (
        client_for(peer_trainer)
        .get(reverse("workshops:course-detail", args=[open_course.pk]))
        .content.decode()
    )
    assert "Changes waiting for both of you to agree" in html
    assert "Understanding anxiety" in html and NEW_TITLE in html
    assert "Breathing together" in html  # the plan change, for the trainers
    assert "Discard these changes" in html


@pytest.mark.django_db
def test_managers_see_the_pending_changes_but_cannot_agree_or_discard_them(
    open_course, edited, client_for, manager
):
    html = (
        client_for(manager)
        .get(reverse("workshops:course-detail", args=[open_course.pk]))
        .content.decode()
    )
    assert "Changes waiting for both of you to agree" in html
    assert "Discard these changes" not in html and "I agree version" not in html
    course = fresh(open_course)
    with pytest.raises(NotAllowed):
        course_agree(course=course, user=manager, version=course.version)
    response = client_for(manager).post(
        reverse("workshops:course-discard", args=[open_course.pk]), {"version": course.version}
    )
    assert response.status_code == 404
    assert course_live_state(course=fresh(open_course)).pending


@pytest.mark.django_db
def test_the_first_change_to_an_agreed_course_says_both_must_agree_again(
    open_course, client_for, peer_trainer
):
    course = fresh(open_course)
    plan = course.plans.get(number=1)
    response = client_for(peer_trainer).post(
        reverse("workshops:section-add", args=[course.pk, plan.number]),
        {f"add-{k}": v for k, v in {**section_fields(), "version": course.version}.items()},
        follow=True,
    )
    html = response.content.decode()
    assert "“Breathing together” is added." in html
    assert "you will both need to agree it again" in html
    assert "Students still see version" in html  # the plan editor's sign-off line


@pytest.mark.django_db
def test_an_agreed_live_course_says_students_see_it_without_reading_the_live_version(
    open_course, client_for, peer_trainer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    course = fresh(open_course)
    signoff = course_signoff(course=course)
    assert signoff.both_current and signoff.is_live
    with CaptureQueriesContext(connection) as queries:
        assert signoff.agreed
    assert len(queries) == 0  # both signed the current version: the live copy is not read
    plan_url = reverse("workshops:plan-edit", args=[course.pk, 1])
    html = client_for(peer_trainer).get(plan_url).content.decode()
    assert "Agreed by both" in html and "Students see it." in html
