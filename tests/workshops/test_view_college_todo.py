"""The managers' to-do at the top of the College page: each thing that waits for a manager
appears with its count and a link to where it is done, and goes when it is done; an empty
to-do says so kindly; only managers see it; a fixed number of queries."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recovery_college.notifications.services import outbox_message_retry
from trainers.models import AgreementVersion
from trainers.services import agreement_consent, agreement_edit, conflict_decide
from workshops.services import (
    course_agree,
    course_capacity_set,
    course_publish,
    sessions_schedule_weekly,
)
from workshops.services.cover import cover_record_solo, cover_request_create

from ..factories import (
    DeclarationFactory,
    OutboxMessageFactory,
    PairingFactory,
    ScheduledSessionFactory,
    TermFactory,
    agreement_in_force,
)
from ..factories.builders import fresh
from .enrolment_support import LONDON

URL = reverse("workshops:college-overview")
EMPTY = "Nothing is waiting for you just now"
# The College page's (test_view_college_overview.py), with sessions that need cover: their
# invitations are one more.
QUERIES = 13


def _coming_session():
    return ScheduledSessionFactory(starts_at=timezone.now() + timedelta(days=3))


def _to_do(client):
    response = client.get(URL)
    assert response.status_code == 200
    return {item.link_text: item for item in response.context["to_do"]}, response


@pytest.mark.django_db
def test_an_empty_to_do_says_so_kindly(client_for, manager):
    items, response = _to_do(client_for(manager))
    assert items == {}
    assert EMPTY in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["student", "peer_trainer", "practitioner_trainer"])
def test_only_managers_see_the_to_do(role, request, client_for):
    OutboxMessageFactory(status="failed")
    response = client_for(request.getfixturevalue(role)).get(URL)
    assert response.status_code == 403
    assert "Waiting for you" not in response.content.decode()


@pytest.mark.django_db
def test_a_course_agreed_by_both_waits_to_be_scheduled_then_published_then_goes(
    client_for, manager, course, room, peer_trainer, practitioner_trainer
):
    client = client_for(manager)
    agreement_in_force(course.pairing)
    for user in (peer_trainer, practitioner_trainer):
        course_agree(course=fresh(course), user=user, version=fresh(course).version)

    items, response = _to_do(client)
    waiting = items["See the courses to schedule"]
    assert waiting.count == 1
    assert "1 course agreed by both trainers waits to be scheduled" in waiting.text
    assert waiting.url == f"{URL}?term=any&stage=to_schedule#courses-title"
    assert "See the courses to publish" not in items
    listed = client.get(waiting.url).context["course_figures"]
    assert [c.pk for c in listed] == [course.pk]

    today = timezone.localdate()
    term = TermFactory(starts_on=today, ends_on=today + timedelta(90), enrolment_opens_on=today)
    first = datetime.combine(today + timedelta(days=7), time(10), tzinfo=LONDON)
    sessions_schedule_weekly(course=fresh(course), user=manager, first_starts_at=first, room=room)
    course_capacity_set(course=fresh(course), user=manager, capacity=12, term=term)
    items, _ = _to_do(client)
    assert "See the courses to schedule" not in items
    ready = items["See the courses to publish"]
    assert ready.count == 1
    listed = client.get(ready.url).context["course_figures"]
    assert [c.pk for c in listed] == [course.pk]
    assert listed[0].next_step == (
        "Publish",
        reverse("workshops:course-publish", args=[course.pk]),
    )

    course_publish(course=fresh(course), user=manager)
    items, response = _to_do(client)
    assert items == {}
    assert EMPTY in response.content.decode()


@pytest.mark.django_db
def test_a_session_needing_cover_is_listed_until_it_is_settled(client_for, manager):
    session = _coming_session()
    cover_request = cover_request_create(session=session, user=session.peer.user)
    client = client_for(manager)
    items, response = _to_do(client)
    assert items["Find cover (listed below)"].count == 1
    html = response.content.decode()
    assert reverse("workshops:cover-detail", args=[cover_request.pk]) in html

    cover_record_solo(cover_request=cover_request, user=manager)
    items, _ = _to_do(client)
    assert items == {}


@pytest.mark.django_db
def test_a_pairing_with_a_declared_relationship_waits_for_a_decision(client_for, manager):
    pairing = PairingFactory()
    DeclarationFactory(pairing=pairing, trainer=pairing.peer, relationship=True)
    DeclarationFactory(pairing=pairing, trainer=pairing.practitioner)
    client = client_for(manager)
    items, _ = _to_do(client)
    decision = items["See proposed pairings"]
    assert decision.count == 1
    assert decision.url == reverse("trainers:pairing-list") + "?status=proposed"

    conflict_decide(
        pairing=pairing,
        manager=manager,
        outcome="proceed",
        support_contact="Sam, the clinical lead",
        reasons="The treatment ended years ago and both want to go ahead.",
    )
    items, _ = _to_do(client)
    assert "See proposed pairings" not in items


@pytest.mark.django_db
def test_an_agreement_past_its_review_date_is_listed_until_it_is_reviewed(
    client_for, manager, active_pairing, peer_trainer, practitioner_trainer
):
    version = agreement_in_force(active_pairing)
    AgreementVersion.objects.filter(pk=version.pk).update(
        review_date=timezone.localdate() - timedelta(days=1)
    )
    client = client_for(manager)
    items, _ = _to_do(client)
    review = items["Open the agreement"]
    assert review.count == 1
    assert "Pat Peer and Dr Prue Practitioner" in review.text
    assert review.url == reverse("trainers:agreement-detail", args=[active_pairing.pk])

    # The pair review it: a new version with a new review date, agreed by both.
    agreement = fresh(active_pairing).agreement
    reviewed = agreement_edit(
        agreement=agreement,
        user=peer_trainer,
        base_version=agreement.version,
        texts=[section["text"] for section in version.sections],
        review_date=timezone.localdate() + timedelta(days=180),
    )
    for user in (peer_trainer, practitioner_trainer):
        agreement_consent(agreement=fresh(agreement), user=user, version=reviewed.number)
    items, _ = _to_do(client)
    assert items == {}


@pytest.mark.django_db
def test_mail_that_was_not_sent_is_listed_until_a_manager_sends_it_again(client_for, manager):
    message = OutboxMessageFactory(status="failed")
    client = client_for(manager)
    items, _ = _to_do(client)
    mail = items["See the mail"]
    assert (mail.count, mail.url) == (1, reverse("notifications:outbox-list"))
    assert mail.text == "1 email has not been sent."

    outbox_message_retry(message_id=message.pk)
    items, _ = _to_do(client)
    assert items == {}


@pytest.mark.django_db
def test_the_to_do_costs_a_fixed_number_of_queries(client_for, manager, django_assert_num_queries):
    client = client_for(manager)
    for _ in range(3):
        session = _coming_session()
        cover_request_create(session=session, user=session.peer.user)
        pairing = PairingFactory()
        DeclarationFactory(pairing=pairing, trainer=pairing.peer, relationship=True)
        DeclarationFactory(pairing=pairing, trainer=pairing.practitioner)
        OutboxMessageFactory(status="failed")
    with django_assert_num_queries(QUERIES):
        items, _ = _to_do(client)
    assert items["Find cover (listed below)"].count == 3
    assert items["See proposed pairings"].count == 3
