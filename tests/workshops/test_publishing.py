"""The publish gate: each condition blocks on its own; with all met, a manager publishes."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from trainers.models import AgreementConsent, ConflictDecision, Declaration
from workshops.errors import NotAllowed
from workshops.models import Course, Room, ScheduledSession, Term, Venue
from workshops.selectors import publish_conditions
from workshops.services import (
    course_agree,
    course_capacity_set,
    course_publish,
    sessions_schedule_weekly,
)

from ..factories import agreement_in_force, make_course

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def ready(active_pairing, peer_trainer, practitioner_trainer, manager):
    """A course meeting every condition: agreed by both, agreement in force, scheduled in
    the term, places set."""
    agreement_in_force(active_pairing)
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
def test_a_course_not_agreed_by_both_is_not_published(ready, manager):
    Course.objects.filter(pk=ready.pk).update(status="draft")
    ready.refresh_from_db()
    assert _unmet(ready, manager) == [
        "Both trainers have agreed the current version of the course."
    ]
    with pytest.raises(NotAllowed, match="cannot be published yet"):
        course_publish(course=ready, user=manager)


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
    assert "Needed</span>" in html and "(1 so far)" in html
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
