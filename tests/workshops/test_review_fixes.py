"""The review fixes: notices while a course is off the prospectus and when it is back, the
schedule students signed up for, long email addresses, the register taken by two
trainers at once, deleting accounts however it happens, data requests that follow the
account, offers that end before the course starts, local dates for the term check,
cancelling a course that has started, My courses after a cancellation, and feedback
kept to the day.

Courses are built through the real services with the clock stopped at NOW (enrolment
opened yesterday, two weekly sessions from FIRST). Mail goes through the outbox and the
eager Celery task after commit, as in production."""

import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.validators import EmailValidator
from django.db import connection
from django.urls import reverse

from recovery_college.accounts.models import User
from recovery_college.accounts.services import account_data, account_delete
from recovery_college.notifications import tasks
from recovery_college.notifications.models import OutboxMessage
from workshops.errors import EnrolmentClosed, NotAllowed, OfferExpired
from workshops.models import Attendance, Course, Enrolment, ScheduledSession, Term
from workshops.selectors import publish_conditions, waiting_position
from workshops.services import (
    attendance_mark,
    course_agree,
    course_cancel,
    course_capacity_set,
    course_details_update,
    course_publish,
    course_restore,
    course_unpublish,
    enrolment_cancel,
    enrolment_create,
    offer_claim,
    offers_expire,
    session_cancel,
    session_schedule,
    sessions_schedule_weekly,
    waiting_list_join,
)
from workshops.services.reminders import feedback_invitations_send

from ..factories import UserFactory, agreement_in_force, make_course, open_course_make
from .enrolment_support import (
    FIRST,
    HOLD,
    LONDON,
    NOW,
    SECOND,
    TITLE,
    enrolled,
    fresh,
    holding,
    waiting,
)

ENROLLED = f"You are enrolled on “{TITLE}”"
MOVED = f"“{TITLE}” session 2 has moved"
SESSION_CANCELLED = f"“{TITLE}” session 2 is cancelled"
BACK = f"“{TITLE}” is back on the prospectus"
COURSE_CANCELLED = f"“{TITLE}” is cancelled"
SCHEDULE_REFUSED = (
    "The number of sessions, their length and the format cannot change once a course is "
    "published or has students: ask a college manager, who can change the schedule and "
    "tell the students."
)


# Fixtures and helpers (as in test_services_enrolment.py)


def quiet(mailoutbox) -> None:
    """Send whatever earlier steps queued and forget it, so that what follows counts only
    the mail of the step under test."""
    tasks.outbox_drain()
    mailoutbox.clear()


def mail_with(mailoutbox, subject_part: str) -> list:
    return [m for m in mailoutbox if subject_part in m.subject]


def mail_to(mailoutbox, who, subject_part: str) -> list:
    email = getattr(who, "email", who)
    return [m for m in mailoutbox if m.to == [email] and subject_part in m.subject]


def recipients(mailoutbox, subject_part: str) -> list[str]:
    return sorted(m.to[0] for m in mail_with(mailoutbox, subject_part))


def emails(*people) -> list[str]:
    return sorted(p.email for p in people)


def details_of(course, **changes) -> dict:
    """Every detail field as the course has it now, with `changes`."""
    return {
        "title": course.title,
        "summary": course.summary,
        "outcomes": course.outcomes,
        "audience": course.audience,
        "topic": course.topic,
        "format": course.format,
        "session_count": course.session_count,
        "session_minutes": course.session_minutes,
        **changes,
    }


def ready_to_publish(course, *, manager, term, first_starts_at, capacity=2):
    """Agreed by both trainers, every session scheduled online a week apart, places set in
    `term`: what `open_course_make` does short of publishing."""
    pairing = course.pairing
    agreement_in_force(pairing)
    course = fresh(course)
    for trainer in pairing.trainers:
        course_agree(course=course, user=trainer.user, version=course.version)
    sessions_schedule_weekly(
        course=course,
        user=manager,
        first_starts_at=first_starts_at,
        online_link=f"https://meet.example.org/course-{course.pk}",
    )
    return course_capacity_set(course=course, user=manager, capacity=capacity, term=term)


# 1. Changes while a course is off the prospectus


@pytest.mark.django_db
def test_while_off_the_prospectus_moving_a_session_tells_the_students_holding_places_and_trainers(
    open_course, manager, room, peer_trainer, practitioner_trainer, committed, mailoutbox
):
    places = enrolled(open_course, 2)
    waiting(open_course, 1)
    course_unpublish(course=open_course, user=manager, reason="A trainer is unwell.")
    quiet(mailoutbox)

    with committed():
        session_schedule(
            course=open_course,
            user=manager,
            number=2,
            starts_at=SECOND + timedelta(days=1),
            room=room,
        )

    assert fresh(open_course).status != Course.Status.PUBLISHED
    assert recipients(mailoutbox, MOVED) == emails(
        *(e.student for e in places), peer_trainer, practitioner_trainer
    )
    assert len(mailoutbox) == 4
    assert "Now: Friday 19 March 2027 at 10:00" in mailoutbox[0].body


@pytest.mark.django_db
def test_while_off_the_prospectus_cancelling_a_session_needs_a_reason_and_tells_people(
    open_course, manager, peer_trainer, practitioner_trainer, committed, mailoutbox
):
    places = enrolled(open_course, 2)
    course_unpublish(course=open_course, user=manager, reason="A trainer is unwell.")
    quiet(mailoutbox)

    with pytest.raises(NotAllowed) as refused:
        session_cancel(course=open_course, user=manager, number=2, reason="  ")
    assert refused.value.field == "reason"
    assert not ScheduledSession.objects.get(course=open_course, number=2).cancelled

    with committed():
        session_cancel(course=open_course, user=manager, number=2, reason="The room flooded.")

    assert ScheduledSession.objects.get(course=open_course, number=2).cancelled
    assert recipients(mailoutbox, SESSION_CANCELLED) == emails(
        *(e.student for e in places), peer_trainer, practitioner_trainer
    )
    assert len(mailoutbox) == 4
    assert all("Why: The room flooded." in m.body for m in mailoutbox)


@pytest.mark.django_db
def test_an_unpublished_course_nobody_is_on_moves_and_cancels_sessions_quietly_without_a_reason(
    open_course, manager, room, committed, mailoutbox
):
    course_unpublish(course=open_course, user=manager, reason="")
    quiet(mailoutbox)
    queued_before = OutboxMessage.objects.count()

    with committed():
        session_schedule(
            course=open_course,
            user=manager,
            number=2,
            starts_at=SECOND + timedelta(days=1),
            room=room,
        )
        session = session_cancel(course=open_course, user=manager, number=1, reason="")

    assert session.cancelled and session.cancelled_reason == ""
    assert ScheduledSession.objects.get(course=open_course, number=2).starts_at == (
        SECOND + timedelta(days=1)
    )
    assert OutboxMessage.objects.count() == queued_before
    assert mailoutbox == []


# 2. Back on the prospectus


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


# 3. The schedule students signed up for


@pytest.mark.django_db
def test_a_trainer_cannot_change_the_sessions_or_format_of_a_published_course_but_can_retitle_it(
    open_course, peer_trainer
):
    for change in ({"session_count": 3}, {"session_minutes": 90}, {"format": "online"}):
        course = fresh(open_course)
        with pytest.raises(NotAllowed, match="college manager") as refused:
            course_details_update(
                course=course,
                user=peer_trainer,
                base_version=course.version,
                **details_of(course, **change),
            )
        assert refused.value.message == SCHEDULE_REFUSED

    course = fresh(open_course)
    assert (course.session_count, course.session_minutes, course.format) == (2, 120, "in_person")
    course_details_update(
        course=course,
        user=peer_trainer,
        base_version=course.version,
        **details_of(course, title="Living with anxiety", summary="A new summary."),
    )
    course = fresh(open_course)
    assert (course.title, course.summary) == ("Living with anxiety", "A new summary.")
    assert course.status == Course.Status.PUBLISHED


@pytest.mark.django_db
def test_a_trainer_cannot_change_the_sessions_of_an_unpublished_course_someone_is_on(
    open_course, manager, peer_trainer
):
    enrolled(open_course, 1)
    course_unpublish(course=open_course, user=manager, reason="A trainer is unwell.")

    for change in ({"session_count": 3}, {"session_minutes": 90}, {"format": "online"}):
        course = fresh(open_course)
        assert course.status != Course.Status.PUBLISHED
        with pytest.raises(NotAllowed, match="college manager"):
            course_details_update(
                course=course,
                user=peer_trainer,
                base_version=course.version,
                **details_of(course, **change),
            )

    course = fresh(open_course)
    course_details_update(
        course=course,
        user=peer_trainer,
        base_version=course.version,
        **details_of(course, title="Living with anxiety"),
    )
    course = fresh(open_course)
    assert course.title == "Living with anxiety"
    assert (course.session_count, course.session_minutes, course.format) == (2, 120, "in_person")


@pytest.mark.django_db
def test_the_course_form_refuses_a_schedule_change_plainly_and_keeps_what_was_typed(
    open_course, client_for, peer_trainer
):
    course = fresh(open_course)
    typed = {
        "title": "My retyped title",
        "summary": "My rewritten summary",
        "outcomes": course.outcomes,
        "audience": course.audience,
        "topic": "",
        "format": course.format,
        "session_count": 3,
        "session_minutes": course.session_minutes,
        "version": course.version,
    }

    response = client_for(peer_trainer).post(
        reverse("workshops:course-edit", args=[course.pk]), typed
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert SCHEDULE_REFUSED in html
    assert "My retyped title" in html
    assert "My rewritten summary</textarea>" in html
    assert response.context["form"]["session_count"].value() == "3"
    course = fresh(open_course)
    assert (course.title, course.session_count) == (TITLE, 2)


@pytest.mark.django_db
def test_restoring_a_version_with_another_number_of_sessions_on_a_published_course_is_refused(
    manager, active_pairing, peer_trainer, time_machine
):
    time_machine.move_to(NOW, tick=False)
    course = make_course(active_pairing, peer_trainer, session_count=3, session_minutes=120)
    three_sessions = course.version
    course_details_update(
        course=course,
        user=peer_trainer,
        base_version=course.version,
        **details_of(course, session_count=2),
    )
    term = Term.objects.create(
        name="Spring 2027",
        starts_on=date(2027, 2, 1),
        ends_on=date(2027, 5, 31),
        enrolment_opens_on=date(2027, 2, 28),
    )
    ready_to_publish(course, manager=manager, term=term, first_starts_at=FIRST)
    course = course_publish(course=fresh(course), user=manager)
    version = course.version

    with pytest.raises(NotAllowed, match="college manager") as refused:
        course_restore(
            course=course, user=peer_trainer, base_version=version, version=three_sessions
        )

    assert refused.value.message == SCHEDULE_REFUSED
    course = fresh(course)
    assert (course.session_count, course.version, course.status) == (2, version, "published")
    assert course.plans.count() == 2


# 4. A long email address


@pytest.mark.django_db
def test_a_student_with_a_very_long_email_address_is_told_of_a_move_and_a_cancellation(
    open_course, manager, room, committed, mailoutbox
):
    domain = ".".join(["b" * 42, "c" * 41, "d" * 41]) + ".org"
    address = "a" * 60 + "@" + domain
    assert len(domain) == 130 and len(address) == 191
    EmailValidator()(address)
    student = UserFactory(email=address)
    enrolment_create(course=open_course, student=student)
    quiet(mailoutbox)

    with committed():
        session_schedule(
            course=open_course,
            user=manager,
            number=2,
            starts_at=SECOND + timedelta(days=1),
            room=room,
        )
        session_cancel(course=open_course, user=manager, number=1, reason="Trainer unwell.")

    assert [m.subject for m in mail_to(mailoutbox, address, TITLE)] == [
        MOVED,
        f"“{TITLE}” session 1 is cancelled",
    ]
    assert list(
        OutboxMessage.objects.filter(to=address, user=student).values_list("subject", flat=True)
    ) == [ENROLLED, MOVED, f"“{TITLE}” session 1 is cancelled"]


# 5. Two trainers take the register at once


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_trainers_saving_the_register_at_once_leave_one_mark_per_student(
    manager, active_pairing, peer_trainer, practitioner_trainer, time_machine
):
    time_machine.move_to(NOW, tick=False)
    course = open_course_make(
        manager=manager, pairing=active_pairing, capacity=4, first_starts_at=FIRST
    )
    places = enrolled(course, 4)
    time_machine.move_to(FIRST + timedelta(minutes=30), tick=False)
    session = ScheduledSession.objects.select_related("course").get(course=course, number=1)
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(trainer, status):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            outcomes[trainer.pk] = attendance_mark(
                session=session, user=trainer, marks={e.pk: status for e in places}
            )
        except Exception as error:  # noqa: BLE001 - the outcome under test
            outcomes[trainer.pk] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(peer_trainer, "present")),
        threading.Thread(target=save, args=(practitioner_trainer, "absent")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads)
    assert not [o for o in outcomes.values() if isinstance(o, Exception)], outcomes
    assert len(outcomes) == 2
    rows = list(Attendance.objects.filter(session=session).values_list("enrolment_id", "status"))
    assert sorted(e for e, _ in rows) == sorted(e.pk for e in places)
    assert len({status for _, status in rows}) == 1  # the later save wins for everyone


# 6. Deleting an account directly (as the admin would)


@pytest.mark.django_db
def test_deleting_a_student_directly_offers_their_place_to_the_first_person_waiting(open_course):
    leaver, staying = enrolled(open_course, 2)
    first, second = waiting(open_course, 2)

    leaver.student.delete()

    assert fresh(first).status == Enrolment.Status.OFFERED
    assert fresh(second).status == Enrolment.Status.WAITING
    leaver = fresh(leaver)
    assert (leaver.status, leaver.student) == (Enrolment.Status.CANCELLED, None)
    course = fresh(open_course)
    assert course.places_taken == holding(course) == 2
    assert not Enrolment.objects.filter(
        course=course, status__in=Enrolment.LIVE, student=None
    ).exists()


@pytest.mark.django_db
def test_deleting_a_waiting_student_directly_takes_them_off_the_list_and_moves_others_up(
    open_course,
):
    enrolled(open_course, 2)
    first, second, third = waiting(open_course, 3)

    first.student.delete()

    first = fresh(first)
    assert (first.status, first.student) == (Enrolment.Status.LEFT, None)
    assert [waiting_position(fresh(e)) for e in (second, third)] == [1, 2]
    course = fresh(open_course)
    assert course.places_taken == holding(course) == 2
    assert not Enrolment.objects.filter(
        course=course, status__in=Enrolment.LIVE, student=None
    ).exists()


# 7. Data requests follow the account, not the address


@pytest.mark.django_db
def test_data_requests_and_deletion_follow_the_account_not_the_email_address(
    open_course, manager, committed, mailoutbox
):
    a = UserFactory(email="sam@example.org")
    with committed():
        enrolment_create(course=open_course, student=a)
    a_messages = list(OutboxMessage.objects.filter(user=a).values_list("pk", flat=True))
    assert OutboxMessage.objects.get(pk__in=a_messages).to == "sam@example.org"

    a.email = "sam.new@example.org"
    a.save()
    b = UserFactory(email="sam@example.org")
    other = open_course_make(manager=manager, title="Sleeping well", first_starts_at=FIRST)
    with committed():
        enrolment_create(course=other, student=b)

    b_subjects = [m["subject"] for m in account_data(user=b)["emails_sent_to_you"]]
    a_subjects = [m["subject"] for m in account_data(user=a)["emails_sent_to_you"]]
    assert ENROLLED not in b_subjects
    assert b_subjects == ["You are enrolled on “Sleeping well”"]
    assert a_subjects == [ENROLLED]

    account_delete(user=a)

    assert not OutboxMessage.objects.filter(pk__in=a_messages).exists()
    assert not OutboxMessage.objects.filter(subject=ENROLLED).exists()
    assert OutboxMessage.objects.filter(user=b, to="sam@example.org").count() == 1
    assert not User.objects.filter(pk=a.pk).exists()


# 8. Offers end before the course starts


@pytest.mark.django_db
def test_moving_session_1_earlier_cuts_an_open_offer_to_2_hours_before_it(
    open_course, manager, room, time_machine
):
    leaver, _ = enrolled(open_course, 2)
    (first,) = waiting(open_course, 1)
    enrolment_cancel(enrolment=leaver, user=leaver.student)
    assert fresh(first).offer_expires_at == NOW + HOLD  # Wednesday 3 March, 09:00
    earlier = datetime(2027, 3, 2, 10, 0, tzinfo=LONDON)

    session_schedule(course=open_course, user=manager, number=1, starts_at=earlier, room=room)

    first = fresh(first)
    assert first.status == Enrolment.Status.OFFERED
    assert first.offer_expires_at == earlier - timedelta(hours=2)

    time_machine.move_to(earlier + timedelta(minutes=30), tick=False)
    with pytest.raises(OfferExpired):
        offer_claim(enrolment=first, user=first.student)
    assert fresh(first).status == Enrolment.Status.EXPIRED
    assert fresh(open_course).places_taken == holding(open_course) == 1


@pytest.mark.django_db
def test_an_offer_still_open_when_the_course_starts_cannot_be_claimed(open_course, time_machine):
    leaver, _ = enrolled(open_course, 2)
    (first,) = waiting(open_course, 1)
    enrolment_cancel(enrolment=leaver, user=leaver.student)
    # An offer left running past the start (say, made before offers were cut short):
    Enrolment.objects.filter(pk=first.pk).update(offer_expires_at=SECOND)
    time_machine.move_to(FIRST + timedelta(minutes=5), tick=False)

    with pytest.raises(OfferExpired):
        offer_claim(enrolment=first, user=first.student)

    assert fresh(first).status != Enrolment.Status.ENROLLED
    assert Enrolment.objects.filter(course=open_course, status="enrolled").count() == 1


# 9. Local dates for the term check


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


# 10. A stale course object


@pytest.mark.django_db
def test_joining_the_waiting_list_of_a_course_cancelled_meanwhile_is_refused(open_course, manager):
    enrolled(open_course, 2)
    stale = Course.objects.get(pk=open_course.pk)
    course_cancel(course=open_course, user=manager, reason="The venue closed.")
    latecomer = UserFactory()
    assert stale.status == Course.Status.PUBLISHED

    with pytest.raises(EnrolmentClosed):
        waiting_list_join(course=stale, student=latecomer)

    assert not Enrolment.objects.filter(student=latecomer).exists()


# 11. Cancelling a course that has started


@pytest.mark.django_db
def test_cancelling_a_started_course_keeps_its_history_and_cancels_what_is_still_to_come(
    manager,
    active_pairing,
    room,
    peer_trainer,
    practitioner_trainer,
    time_machine,
    committed,
    mailoutbox,
):
    time_machine.move_to(NOW, tick=False)
    course = open_course_make(
        manager=manager, pairing=active_pairing, room=room, capacity=3, first_starts_at=FIRST
    )
    leaver, came, missed = enrolled(course, 3)
    offered, queued = waiting(course, 2)
    enrolment_cancel(enrolment=leaver, user=leaver.student)
    assert fresh(offered).status == Enrolment.Status.OFFERED
    time_machine.move_to(FIRST + timedelta(minutes=30), tick=False)
    session_1 = ScheduledSession.objects.get(course=course, number=1)
    attendance_mark(
        session=session_1, user=peer_trainer, marks={came.pk: "present", missed.pk: "absent"}
    )
    quiet(mailoutbox)
    time_machine.move_to(FIRST + timedelta(hours=3), tick=False)

    with committed():
        course_cancel(course=course, user=manager, reason="The trainers cannot continue.")

    session_1 = fresh(session_1)
    assert not session_1.cancelled
    marks = Attendance.objects.filter(session=session_1).values_list("enrolment_id", "status")
    assert set(marks) == {(came.pk, "present"), (missed.pk, "absent")}
    assert ScheduledSession.objects.get(course=course, number=2).cancelled
    assert [fresh(e).status for e in (came, missed)] == ["enrolled", "enrolled"]
    assert [fresh(e).status for e in (offered, queued)] == ["course_cancelled", "course_cancelled"]
    assert fresh(leaver).status == Enrolment.Status.CANCELLED
    course = fresh(course)
    assert course.status == Course.Status.CANCELLED
    assert course.places_taken == Enrolment.objects.filter(course=course, status="enrolled").count()
    assert course.places_taken == 2
    assert recipients(mailoutbox, COURSE_CANCELLED) == emails(
        came.student,
        missed.student,
        offered.student,
        queued.student,
        peer_trainer,
        practitioner_trainer,
    )
    assert len(mailoutbox) == 6
    assert all("remaining sessions" in m.body for m in mailoutbox)


# 12. Moving a published course to another term


@pytest.mark.django_db
def test_a_published_course_moves_only_to_a_term_its_sessions_fall_inside(open_course, manager):
    home = open_course.term
    outside = Term.objects.create(
        name="Summer 2027",
        starts_on=date(2027, 4, 1),
        ends_on=date(2027, 7, 31),
        enrolment_opens_on=date(2027, 3, 1),
    )
    inside = Term.objects.create(
        name="March 2027",
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 3, 31),
        enrolment_opens_on=date(2027, 2, 1),
    )

    with pytest.raises(NotAllowed) as refused:
        course_capacity_set(course=open_course, user=manager, capacity=2, term=outside)
    assert refused.value.field == "term"
    assert fresh(open_course).term == home

    course = course_capacity_set(course=fresh(open_course), user=manager, capacity=2, term=inside)
    assert course.term == inside
    assert fresh(open_course).term == inside


# 13. My courses after a cancellation


def _past_item(html: str, title: str) -> str:
    """The line for `title` in the Past and cancelled list ('' when it is not there)."""
    if 'id="past-title"' not in html:
        return ""
    past = html.split('id="past-title"', 1)[1].split("</section>", 1)[0]
    items = [li for li in past.split("<li>")[1:] if title in li]
    return items[0].split("</li>", 1)[0] if items else ""


@pytest.mark.django_db
def test_my_courses_does_not_say_the_college_cancelled_a_place_the_student_gave_up_first(
    open_course, manager, client_for
):
    gave_up, _ = enrolled(open_course, 2)
    enrolment_cancel(enrolment=gave_up, user=gave_up.student)
    course_cancel(course=open_course, user=manager, reason="The venue closed.")

    html = client_for(gave_up.student).get(reverse("workshops:my-courses")).content.decode()

    item = _past_item(html, TITLE)
    assert item, "the course is not in the student's past and cancelled list"
    assert "(cancelled by the college)" not in item
    # Nor the variant for a course that had started: it had not, and the student left.
    assert "cancelled by the college" not in item, item


@pytest.mark.django_db
def test_my_courses_says_the_college_cancelled_a_place_it_cancelled(
    open_course, manager, client_for
):
    (kept,) = enrolled(open_course, 1)
    course_cancel(course=open_course, user=manager, reason="The venue closed.")
    assert fresh(kept).status == Enrolment.Status.COURSE_CANCELLED

    html = client_for(kept.student).get(reverse("workshops:my-courses")).content.decode()

    item = _past_item(html, TITLE)
    assert item, "the course the college cancelled is missing from Past and cancelled"
    assert "(cancelled by the college)" in item


# 14. Feedback records only the day


@pytest.mark.django_db
def test_feedback_records_only_the_local_day_it_was_given(
    open_course, peer_trainer, client_for, time_machine
):
    (place,) = enrolled(open_course, 1)
    time_machine.move_to(FIRST + timedelta(minutes=30), tick=False)
    attendance_mark(
        session=ScheduledSession.objects.get(course=open_course, number=1),
        user=peer_trainer,
        marks={place.pk: "present"},
    )
    time_machine.move_to(SECOND + timedelta(hours=3), tick=False)
    assert feedback_invitations_send() == 1
    # Half past midnight in summer time: still the day before in UTC.
    time_machine.move_to(datetime(2027, 3, 29, 0, 30, tzinfo=LONDON), tick=False)

    response = client_for(place.student).post(
        reverse("workshops:feedback-give", args=[place.pk]),
        {"rating": 5, "useful": "The breathing.", "change": "", "for_trainers": ""},
    )

    assert response.status_code == 302
    given = fresh(place).feedback_given_on
    assert type(given) is date
    assert given == date(2027, 3, 29)
    assert open_course.feedback.count() == 1


# Follow-ups to the review's own notes


@pytest.mark.django_db
def test_enrolling_on_a_course_cancelled_a_moment_ago_says_enrolment_is_closed(
    open_course, manager
):
    stale = Course.objects.get(pk=open_course.pk)  # the page was opened while it was open
    course_cancel(course=open_course, user=manager, reason="The venue closed.")
    newcomer = UserFactory()
    with pytest.raises(EnrolmentClosed):
        enrolment_create(course=stale, student=newcomer)
    assert not Enrolment.objects.filter(student=newcomer).exists()


@pytest.mark.django_db
def test_a_shortened_offer_is_emailed_with_its_new_deadline(
    open_course, manager, room, mailoutbox, django_capture_on_commit_callbacks
):
    leaver, _ = enrolled(open_course, 2)
    (first,) = waiting(open_course, 1)
    enrolment_cancel(enrolment=leaver, user=leaver.student)
    earlier = datetime(2027, 3, 2, 10, 0, tzinfo=LONDON)
    with django_capture_on_commit_callbacks(execute=True):
        session_schedule(course=open_course, user=manager, number=1, starts_at=earlier, room=room)
    shortened = [m for m in mailoutbox if m.subject.startswith("The course moved: claim")]
    assert [m.to for m in shortened] == [[first.student.email]]
    assert "now starts earlier" in shortened[0].body
    assert "Tuesday 2 March, 08:00" in shortened[0].body


@pytest.mark.django_db
def test_the_beat_job_ends_an_offer_still_open_when_the_course_starts(open_course, time_machine):
    leaver, _ = enrolled(open_course, 2)
    (first,) = waiting(open_course, 1)
    enrolment_cancel(enrolment=leaver, user=leaver.student)
    Enrolment.objects.filter(pk=first.pk).update(offer_expires_at=SECOND)  # made too long
    time_machine.move_to(FIRST + timedelta(minutes=5), tick=False)

    assert offers_expire() == 1

    assert fresh(first).status == Enrolment.Status.EXPIRED
    assert fresh(open_course).places_taken == holding(open_course) == 1
