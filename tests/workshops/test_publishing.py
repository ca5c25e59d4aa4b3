"""The publish gate: each condition blocks on its own; with all met, a manager publishes."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from trainers.models import AgreementConsent, ConflictDecision, Declaration, Pairing, Trainer
from trainers.services import agreement_edit
from workshops.errors import NotAllowed
from workshops.models import Course, Room, ScheduledSession, Term, Venue
from workshops.selectors import publish_conditions
from workshops.services import (
    course_agree,
    course_capacity_set,
    course_details_update,
    course_publish,
    sessions_schedule_weekly,
)

from ..factories import make_course

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def ready(active_pairing, peer_trainer, practitioner_trainer, manager):
    """A course meeting every condition: agreed by both, agreement in force, scheduled in
    the term, places set."""
    version = active_pairing.agreement.versions.get()
    for trainer in active_pairing.trainers:
        AgreementConsent.objects.create(version=version, trainer=trainer)
    course = make_course(active_pairing, peer_trainer, session_count=2)
    for user in (peer_trainer, practitioner_trainer):
        course_agree(course=course, user=user, version=course.version)
    today = timezone.localdate()
    term = Term.objects.create(
        name="This term", starts_on=today, ends_on=today + timedelta(90), enrolment_opens_on=today
    )
    room = Room.objects.create(
        venue=Venue.objects.create(name="Oak House", address="1 Oak St"),
        name="Room 1",
        capacity=14,
    )
    first = datetime.combine(
        today + timedelta(days=7), datetime.min.time().replace(hour=10), tzinfo=LONDON
    )
    sessions_schedule_weekly(course=course, user=manager, first_starts_at=first, room=room)
    course_capacity_set(course=course, user=manager, capacity=12, term=term)
    course.refresh_from_db()
    return course


def _unmet(course, manager):
    return [c.text for c in publish_conditions(course=course) if not c.met]


@pytest.mark.django_db
def test_a_course_meeting_every_condition_is_published(ready, manager):
    assert _unmet(ready, manager) == []
    assert course_publish(course=ready, user=manager).status == Course.Status.PUBLISHED


@pytest.mark.django_db
def test_a_course_changed_after_both_agreed_is_not_published(ready, manager, peer_trainer):
    course_details_update(
        course=ready,
        user=peer_trainer,
        base_version=ready.version,
        **{**_details(ready), "summary": "A different summary."},
    )
    ready.refresh_from_db()
    assert ready.status == "agreed" or ready.status == "draft"
    assert _unmet(ready, manager) == [
        "Both trainers have agreed the current version of the course."
    ]
    with pytest.raises(NotAllowed, match="cannot be published yet"):
        course_publish(course=ready, user=manager)


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


@pytest.mark.django_db
def test_an_agreement_not_in_force_blocks_publishing(ready, manager):
    AgreementConsent.objects.all().delete()
    assert _unmet(ready, manager) == ["The pair's co-working agreement is in force."]


@pytest.mark.django_db
def test_an_ended_pairing_blocks_publishing(ready, manager):
    pairing = ready.pairing
    pairing.status, pairing.end_date = "ended", pairing.start_date
    pairing.save()
    assert "The pairing that teaches it is active." in _unmet(ready, manager)


@pytest.mark.django_db
def test_a_pending_conflict_decision_blocks_publishing(ready, manager):
    pairing = ready.pairing
    Declaration.objects.filter(pairing=pairing).delete()
    Declaration.objects.create(pairing=pairing, trainer=pairing.peer, answer="treats_me")
    Declaration.objects.create(pairing=pairing, trainer=pairing.practitioner, answer="none")
    pairing.status = "proposed"
    pairing.save()
    assert "No conflict-of-interest decision is waiting." in _unmet(ready, manager)
    assert not ConflictDecision.objects.exists()


@pytest.mark.django_db
def test_an_unscheduled_session_blocks_publishing(ready, manager):
    ScheduledSession.objects.filter(course=ready, number=2).delete()
    assert _unmet(ready, manager) == [
        "All 2 session(s) have a date and a room or joining link (1 so far)."
    ]


@pytest.mark.django_db
def test_a_session_outside_the_term_blocks_publishing(ready, manager):
    Term.objects.filter(pk=ready.term_id).update(ends_on=date.today() + timedelta(days=8))
    ready.refresh_from_db()
    assert _unmet(ready, manager) == ["Every session falls inside the term's dates."]


@pytest.mark.django_db
def test_missing_places_block_publishing(ready, manager):
    Course.objects.filter(pk=ready.pk).update(capacity=None)
    ready.refresh_from_db()
    assert _unmet(ready, manager) == ["The number of places is set."]


@pytest.mark.django_db
def test_only_managers_publish(ready, peer_trainer):
    with pytest.raises(NotAllowed):
        course_publish(course=ready, user=peer_trainer)


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
