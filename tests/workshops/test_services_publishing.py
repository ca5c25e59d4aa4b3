"""Publishing (workshops/services/publishing.py): each condition of the publish gate blocks
on its own; with all met, a manager publishes; sessions are checked against the term in
local time; and publishing again after a course was taken off the prospectus tells the
people on it that it is back."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from recovery_college.notifications import tasks
from recovery_college.notifications.models import OutboxMessage
from trainers.models import AgreementConsent, ConflictDecision, Declaration
from workshops.errors import NotAllowed
from workshops.models import Course, Enrolment, ScheduledSession, Term
from workshops.selectors import publish_conditions
from workshops.services import (
    course_details_update,
    course_publish,
    course_unpublish,
    enrolment_cancel,
)

from ..factories import make_course, open_course_make, ready_to_publish
from .enrolment_support import (
    FIRST,
    LONDON,
    NOW,
    TITLE,
    emails,
    enrolled,
    fresh,
    mail_to,
    mail_with,
    quiet,
    recipients,
    waiting,
)

BACK = f"“{TITLE}” is back on the prospectus"


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
def test_republishing_tells_every_live_enrolment_once_that_the_course_is_back(
    open_course, manager, peer_trainer, django_capture_on_commit_callbacks, mailoutbox
):
    leaver, staying = enrolled(open_course, 2)
    offered, queued = waiting(open_course, 2)
    enrolment_cancel(enrolment=leaver, user=leaver.student)  # `offered` is offered the place
    assert fresh(offered).status == Enrolment.Status.OFFERED
    course_unpublish(course=open_course, user=manager, reason="The venue is being repaired.")
    quiet(mailoutbox)

    with django_capture_on_commit_callbacks() as callbacks:
        course = course_publish(course=open_course, user=manager)
    pending = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).values_list(
            "pk", flat=True
        )
    )
    for pk in pending:  # the send task run twice, then the after-commit kick and the sweep
        tasks.outbox_send(pk)
        tasks.outbox_send(pk)
    for callback in callbacks:
        callback()
    tasks.outbox_drain()

    assert course.status == Course.Status.PUBLISHED
    assert recipients(mailoutbox, BACK) == emails(staying.student, offered.student, queued.student)
    assert len(mailoutbox) == 3
    assert mail_to(mailoutbox, leaver.student, BACK) == []
    assert mail_to(mailoutbox, peer_trainer, BACK) == []
    (to_staying,) = mail_to(mailoutbox, staying.student, BACK)
    (to_offered,) = mail_to(mailoutbox, offered.student, BACK)
    (to_queued,) = mail_to(mailoutbox, queued.student, BACK)
    assert "Your place is kept." in to_staying.body
    assert "A place is still held for you" in to_offered.body
    assert "You are still on its waiting list." in to_queued.body


@pytest.mark.django_db
def test_publishing_a_course_for_the_first_time_sends_no_back_on_the_prospectus_email(
    manager, time_machine, committed, mailoutbox
):
    time_machine.move_to(NOW, tick=False)

    with committed():
        course = open_course_make(manager=manager, first_starts_at=FIRST)

    assert course.status == Course.Status.PUBLISHED
    assert mail_with(mailoutbox, "back on the prospectus") == []
    assert not OutboxMessage.objects.filter(subject__contains="back on the prospectus").exists()


def _in_term_condition(course, manager):
    (condition,) = [
        c
        for c in publish_conditions(course=course)
        if c.text == "Every session falls inside the term's dates."
    ]
    return condition


@pytest.mark.django_db
def test_a_session_at_half_past_midnight_on_the_terms_first_summer_day_is_inside_the_term(
    manager, active_pairing, peer_trainer, time_machine
):
    time_machine.move_to(NOW, tick=False)
    term = Term.objects.create(
        name="Summer 2027",
        starts_on=date(2027, 6, 1),
        ends_on=date(2027, 8, 31),
        enrolment_opens_on=date(2027, 5, 1),
    )
    course = make_course(active_pairing, peer_trainer, session_minutes=60)
    first = datetime(2027, 6, 1, 0, 30, tzinfo=LONDON)
    assert first.astimezone(ZoneInfo("UTC")).date() == date(2027, 5, 31)
    course = ready_to_publish(course, manager=manager, term=term, first_starts_at=first)

    assert _in_term_condition(fresh(course), manager).met


@pytest.mark.django_db
def test_a_session_late_in_the_evening_before_the_term_starts_is_outside_the_term(
    manager, active_pairing, peer_trainer, time_machine
):
    time_machine.move_to(NOW, tick=False)
    term = Term.objects.create(
        name="Summer 2027",
        starts_on=date(2027, 6, 1),
        ends_on=date(2027, 8, 31),
        enrolment_opens_on=date(2027, 5, 1),
    )
    course = make_course(active_pairing, peer_trainer, session_minutes=60)
    first = datetime(2027, 5, 31, 22, 0, tzinfo=LONDON)  # 21:00 UTC
    course = ready_to_publish(course, manager=manager, term=term, first_starts_at=first)

    assert not _in_term_condition(fresh(course), manager).met
