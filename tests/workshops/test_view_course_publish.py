"""The publish page (workshops:course-publish): the conditions with links to put each
right, publishing when all are met, and who may open it: managers, and the course's two
trainers when the college lets pairs publish their own courses."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from trainers.models import Declaration, Pairing, Trainer
from trainers.services import agreement_edit
from workshops.models import CollegeSettings, Course, ScheduledSession, Term
from workshops.services import course_details_update

from ..factories import fresh


@pytest.mark.django_db
def test_the_publish_page_lists_unmet_conditions_with_links_to_fix_them(client_for, ready, manager):
    ScheduledSession.objects.filter(course=ready, number=2).delete()
    html = (
        client_for(manager)
        .get(reverse("workshops:course-publish", args=[ready.pk]))
        .content.decode()
    )
    assert "Not yet</span>" in html and "(1 so far)" in html
    assert f'href="{reverse("workshops:course-schedule", args=[ready.pk])}">Schedule' in html
    assert "Publish to the prospectus" not in html


@pytest.mark.django_db
def test_the_publish_page_publishes_when_ready(client_for, ready, manager):
    response = client_for(manager).post(reverse("workshops:course-publish", args=[ready.pk]))
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == "published"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["peer_trainer", "student"])
def test_only_managers_open_the_publish_page(role, request, client_for, ready):
    url = reverse("workshops:course-publish", args=[ready.pk])
    assert client_for(request.getfixturevalue(role)).get(url).status_code == 404


@pytest.mark.django_db
def test_with_pairs_may_publish_off_a_trainer_cannot_open_the_publish_page(
    client_for, peer_trainer, ready
):
    course = ready
    client = client_for(peer_trainer)
    assert client.get(reverse("workshops:course-publish", args=[course.pk])).status_code == 404
    assert client.post(reverse("workshops:course-publish", args=[course.pk])).status_code == 404
    assert fresh(course).status == Course.Status.AGREED


@pytest.mark.django_db
def test_with_pairs_may_publish_on_a_trainer_sees_the_conditions_and_publishes(
    client_for, practitioner_trainer, ready
):
    course = ready
    settings = CollegeSettings.load()
    settings.pairs_may_publish = True
    settings.save()
    client = client_for(practitioner_trainer)
    url = reverse("workshops:course-publish", args=[course.pk])

    page = client.get(url)
    assert page.status_code == 200
    conditions = page.context["conditions"]
    assert len(conditions) == 9 and all(c.met for c in conditions)
    html = page.content.decode()
    assert "The number of places is set." in html
    assert html.count("Done</span>") == 9
    assert "Publish to the prospectus" in html

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:course-detail", args=[course.pk])
    assert fresh(course).status == Course.Status.PUBLISHED


def _details(course) -> dict:
    return {name: getattr(course, name) for name in Course.DETAIL_FIELDS}


def _break_agreed(course, trainers):
    course_details_update(
        course=course,
        user=trainers[0].user,
        base_version=course.version,
        **{**_details(course), "summary": "Changed after both agreed."},
    )


def _break_pairing_active(course, trainers):
    Pairing.objects.filter(pk=course.pairing_id).update(status="ended", end_date=date.today())


def _break_no_decision_waiting(course, trainers):
    pairing = course.pairing
    Declaration.objects.filter(pairing=pairing, trainer=pairing.peer).update(answer="treats_me")
    Pairing.objects.filter(pk=pairing.pk).update(status="proposed")


def _break_agreement_in_force(course, trainers):
    agreement = course.pairing.agreement
    current = agreement.versions.get(number=agreement.version)
    agreement_edit(
        agreement=agreement,
        user=trainers[0].user,
        base_version=agreement.version,
        texts=[f"{s['text']} And more." for s in current.sections],
        review_date=current.review_date,
    )


def _break_public_names(course, trainers):
    Trainer.objects.filter(pk=trainers[1].pk).update(public_name_chosen_at=None)


def _break_term(course, trainers):
    Course.objects.filter(pk=course.pk).update(term=None)


def _break_sessions_scheduled(course, trainers):
    ScheduledSession.objects.filter(course=course, number=2).delete()


def _break_sessions_in_term(course, trainers):
    Term.objects.filter(pk=course.term_id).update(ends_on=date.today() + timedelta(days=8))


def _break_places(course, trainers):
    Course.objects.filter(pk=course.pk).update(capacity=None)


BREAKERS = {
    "agreed": (_break_agreed, "Both trainers have agreed the current version"),
    "pairing_active": (_break_pairing_active, "The pairing that teaches it is active."),
    "no_decision_waiting": (
        _break_no_decision_waiting,
        "No conflict-of-interest decision is waiting.",
    ),
    "agreement_in_force": (_break_agreement_in_force, "co-working agreement is in force."),
    "public_names": (_break_public_names, "have chosen how their names appear"),
    "term": (_break_term, "The course belongs to a term."),
    "sessions_scheduled": (_break_sessions_scheduled, "have a date and a room"),
    "sessions_in_term": (_break_sessions_in_term, "Every session falls inside the term"),
    "places": (_break_places, "The number of places is set."),
}


def _badge_before(html: str, text: str) -> str:
    """The Done / Not yet badge on the line of the condition whose text is given."""
    line = next(li for li in html.split("<li") if text in li)
    return "Done" if ">Done</span>" in line else "Not yet" if ">Not yet</span>" in line else "?"


@pytest.mark.django_db
@pytest.mark.parametrize("code", list(BREAKERS))
def test_each_condition_says_not_yet_and_refuses_once_broken_after_passing(
    code, ready, manager, client_for
):
    url = reverse("workshops:course-publish", args=[ready.pk])
    breaker, text = BREAKERS[code]
    client = client_for(manager)
    assert _badge_before(client.get(url).content.decode(), text) == "Done"

    breaker(ready, ready.pairing.trainers)

    assert _badge_before(client.get(url).content.decode(), text) == "Not yet"
    response = client.post(url)
    assert response.status_code == 200  # the page again, with the reason
    assert Course.objects.get(pk=ready.pk).status != "published"
