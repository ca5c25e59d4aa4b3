"""Students' places: enrolling, the waiting list, offers and their expiry, the register,
reminders, feedback invitations and the notices sent after a course is published.

Every course here is built through the real services (agreed, scheduled, places set,
published), with the clock stopped at NOW: enrolment opened yesterday and the first of
two weekly sessions is ten days away. Mail goes through the outbox and the eager Celery
task after commit, as in production."""

from datetime import timedelta

import pytest

from recovery_college.notifications import tasks
from recovery_college.notifications.models import OutboxMessage
from workshops.errors import CourseFull, EnrolmentClosed, NotAllowed, OfferExpired
from workshops.models import Attendance, Course, Enrolment, ScheduledSession
from workshops.selectors import waiting_position
from workshops.services import (
    attendance_mark,
    course_cancel,
    course_capacity_set,
    course_unpublish,
    enrolment_cancel,
    enrolment_create,
    offer_claim,
    offers_expire,
    session_cancel,
    session_schedule,
    waiting_list_join,
)
from workshops.services.reminders import feedback_invitations_send, session_reminders_send

from ..factories import UserFactory
from .enrolment_support import (
    FIRST,
    HOLD,
    NOW,
    SECOND,
    TITLE,
    enrolled,
    fresh,
    holding,
    students,
    waiting,
)

ENROLLED = f"You are enrolled on “{TITLE}”"
WAITING = f"You are on the waiting list for “{TITLE}”"
OFFER = f"A place is free on “{TITLE}”"
PASSED_ON = f"The place on “{TITLE}” has passed to the next person"


# Fixtures and helpers


def assert_places_add_up(course) -> None:
    course = fresh(course)
    assert course.places_taken == holding(course)
    assert course.places_taken <= course.capacity


def mail_to(mailoutbox, who, subject_part: str) -> list:
    email = getattr(who, "email", who)
    return [m for m in mailoutbox if m.to == [email] and subject_part in m.subject]


def mail_with(mailoutbox, subject_part: str) -> list:
    return [m for m in mailoutbox if subject_part in m.subject]


def deliver_twice(callbacks) -> None:
    """Deliver what a change queued, the hard way: the send task twice for every pending
    outbox row, then the change's own after-commit kick, then the beat sweep."""
    pending = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).values_list(
            "pk", flat=True
        )
    )
    assert pending, "the change queued no mail"
    for pk in pending:
        tasks.outbox_send(pk)
        tasks.outbox_send(pk)
    for callback in callbacks:
        callback()
    tasks.outbox_drain()


def quiet(mailoutbox) -> None:
    """Send whatever earlier steps queued (outside a commit) and forget it, so that what
    follows counts only the mail of the step under test."""
    tasks.outbox_drain()
    mailoutbox.clear()


def recipients(mailoutbox, subject_part: str) -> list[str]:
    return sorted(m.to[0] for m in mail_with(mailoutbox, subject_part))


def emails(*people) -> list[str]:
    return sorted(p.email for p in people)


# Enrolling


@pytest.mark.django_db
def test_enrolling_takes_a_place_and_confirms_it_by_email_once(
    open_course, student, committed, mailoutbox
):
    assert open_course.places_taken == 0

    with committed():
        enrolment = enrolment_create(course=open_course, student=student)

    assert enrolment.status == Enrolment.Status.ENROLLED
    assert fresh(open_course).places_taken == 1
    assert [(m.to, m.subject) for m in mailoutbox] == [([student.email], ENROLLED)]
    message = OutboxMessage.objects.get(to=student.email, subject=ENROLLED)
    assert message.status == OutboxMessage.Status.SENT
    assert tasks.outbox_send(message.pk) is False  # the task run again
    assert tasks.outbox_drain() == 0  # and the beat sweep
    assert len(mail_to(mailoutbox, student, ENROLLED)) == 1


@pytest.mark.django_db
def test_a_double_submit_returns_the_same_enrolment_and_takes_one_place(
    open_course, student, committed, mailoutbox
):
    with committed():
        first = enrolment_create(course=open_course, student=student)
        second = enrolment_create(course=open_course, student=student)

    assert second.pk == first.pk
    assert fresh(open_course).places_taken == 1
    assert Enrolment.objects.filter(course=open_course).count() == 1
    assert len(mail_to(mailoutbox, student, ENROLLED)) == 1


@pytest.mark.django_db
def test_a_full_course_refuses_another_student_with_course_full(open_course):
    enrolled(open_course, 2)
    latecomer = UserFactory()

    with pytest.raises(CourseFull, match="join the waiting list"):
        enrolment_create(course=open_course, student=latecomer)

    assert fresh(open_course).places_taken == 2
    assert not Enrolment.objects.filter(student=latecomer).exists()


@pytest.mark.django_db
def test_the_waiting_list_keeps_people_in_the_order_they_joined(open_course, committed, mailoutbox):
    enrolled(open_course, 2)

    with committed():
        queue = waiting(open_course, 3)

    assert [waiting_position(e) for e in queue] == [1, 2, 3]
    assert fresh(open_course).places_taken == 2
    for entry in queue:
        assert len(mail_to(mailoutbox, entry.student, WAITING)) == 1


@pytest.mark.django_db
def test_joining_the_waiting_list_enrols_when_a_place_is_free_and_nobody_waits(
    open_course, student
):
    enrolment = waiting_list_join(course=open_course, student=student)

    assert enrolment.status == Enrolment.Status.ENROLLED
    assert fresh(open_course).places_taken == 1


@pytest.mark.django_db
def test_enrolment_is_closed_before_the_terms_enrolment_opens_and_says_when_it_opens(
    open_course, student, time_machine
):
    assert open_course.term.enrolment_opens_on == NOW.date() - timedelta(days=1)
    time_machine.move_to(NOW - timedelta(days=2), tick=False)

    with pytest.raises(EnrolmentClosed) as closed:
        enrolment_create(course=open_course, student=student)

    assert closed.value.message == "Enrolment opens on Sunday 28 February 2027."
    assert fresh(open_course).places_taken == 0


@pytest.mark.django_db
def test_enrolment_closes_when_the_first_session_starts(open_course, time_machine):
    early, late = students(2)
    time_machine.move_to(FIRST - timedelta(minutes=1), tick=False)
    assert enrolment_create(course=open_course, student=early).status == Enrolment.Status.ENROLLED

    time_machine.move_to(FIRST, tick=False)
    with pytest.raises(EnrolmentClosed, match="the course has started"):
        enrolment_create(course=open_course, student=late)
    with pytest.raises(EnrolmentClosed):
        waiting_list_join(course=open_course, student=late)

    assert fresh(open_course).places_taken == 1


@pytest.mark.django_db
def test_a_trainer_of_the_course_cannot_enrol_on_it(
    open_course, peer_trainer, practitioner_trainer
):
    for trainer in (peer_trainer, practitioner_trainer):
        with pytest.raises(NotAllowed, match="You teach this course"):
            enrolment_create(course=open_course, student=trainer)

    assert fresh(open_course).places_taken == 0
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_a_course_taken_off_the_prospectus_cannot_be_enrolled_on(open_course, manager, student):
    course = course_unpublish(course=open_course, user=manager, reason="")

    with pytest.raises(EnrolmentClosed, match="not open for enrolment"):
        enrolment_create(course=course, student=student)
    with pytest.raises(EnrolmentClosed):
        waiting_list_join(course=course, student=student)

    assert not Enrolment.objects.exists()


# Cancelling, offers and claims


@pytest.mark.django_db
def test_cancelling_offers_the_place_to_the_first_person_waiting_at_once(
    open_course, committed, mailoutbox
):
    leaver, _ = enrolled(open_course, 2)
    first, second = waiting(open_course, 2)

    with committed():
        enrolment_cancel(enrolment=leaver, user=leaver.student)

    assert fresh(leaver).status == Enrolment.Status.CANCELLED
    assert fresh(first).status == Enrolment.Status.OFFERED
    assert first.offer_expires_at == NOW + HOLD
    assert fresh(second).status == Enrolment.Status.WAITING
    assert fresh(open_course).places_taken == 2  # the offered place is held
    offers = mail_to(mailoutbox, first.student, OFFER)
    assert [m.subject for m in offers] == [f"{OFFER}: claim it by 3 March, 09:00"]
    assert mail_with(mailoutbox, OFFER) == offers
    tasks.outbox_send(OutboxMessage.objects.get(to=first.student.email, subject__contains=OFFER).pk)
    tasks.outbox_drain()
    assert len(mail_to(mailoutbox, first.student, OFFER)) == 1


@pytest.mark.django_db
def test_a_place_held_for_an_offer_is_not_given_to_a_newcomer(open_course):
    leaver, _ = enrolled(open_course, 2)
    (first,) = waiting(open_course, 1)
    enrolment_cancel(enrolment=leaver, user=leaver.student)
    newcomer = UserFactory()

    with pytest.raises(CourseFull):
        enrolment_create(course=open_course, student=newcomer)
    assert waiting_list_join(course=open_course, student=newcomer).status == "waiting"

    assert fresh(first).status == Enrolment.Status.OFFERED
    assert_places_add_up(open_course)


@pytest.mark.django_db
def test_an_offer_10_hours_before_the_first_session_ends_2_hours_before_it(
    open_course, time_machine
):
    leaver, _ = enrolled(open_course, 2)
    (first,) = waiting(open_course, 1)
    time_machine.move_to(FIRST - timedelta(hours=10), tick=False)

    enrolment_cancel(enrolment=leaver, user=leaver.student)

    first.refresh_from_db()
    assert first.status == Enrolment.Status.OFFERED
    assert first.offer_expires_at == FIRST - timedelta(hours=2)
    assert first.offer_expires_at == FIRST - timedelta(hours=10) + timedelta(hours=8)


@pytest.mark.django_db
def test_in_the_last_2_hours_the_first_person_waiting_gets_a_short_offer_not_a_newcomer(
    open_course, time_machine, committed, mailoutbox
):
    leaver, _ = enrolled(open_course, 2)
    (first,) = waiting(open_course, 1)
    time_machine.move_to(FIRST - timedelta(minutes=90), tick=False)

    with committed():
        enrolment_cancel(enrolment=leaver, user=leaver.student)

    first = fresh(first)
    assert first.status == Enrolment.Status.OFFERED
    assert first.offer_expires_at == FIRST  # open until the session starts, not 48 hours
    assert fresh(open_course).places_taken == 2
    assert len(mail_with(mailoutbox, OFFER)) == 1
    with pytest.raises(CourseFull):
        enrolment_create(course=open_course, student=UserFactory())  # no jumping the queue


@pytest.mark.django_db
def test_a_newcomer_cannot_take_a_free_place_while_someone_waits(open_course):
    enrolled(open_course, 2)
    (first,) = waiting(open_course, 1)
    # A place frees without the service (say, a manager raised capacity in the admin):
    Course.objects.filter(pk=open_course.pk).update(capacity=3)
    with pytest.raises(CourseFull):
        enrolment_create(course=open_course, student=UserFactory())
    assert fresh(first).status == Enrolment.Status.WAITING


@pytest.mark.django_db
def test_claiming_an_offer_enrols_and_a_second_claim_changes_nothing(
    open_course, committed, mailoutbox
):
    leaver, _ = enrolled(open_course, 2)
    (first,) = waiting(open_course, 1)
    enrolment_cancel(enrolment=leaver, user=leaver.student)

    with committed():
        claimed = offer_claim(enrolment=first, user=first.student)
        again = offer_claim(enrolment=first, user=first.student)

    assert claimed.status == again.status == Enrolment.Status.ENROLLED
    assert fresh(first).offer_expires_at is None
    assert fresh(open_course).places_taken == 2
    assert len(mail_to(mailoutbox, first.student, ENROLLED)) == 1


@pytest.mark.django_db
def test_someone_else_cannot_claim_an_offer(open_course):
    leaver, other = enrolled(open_course, 2)
    (first,) = waiting(open_course, 1)
    enrolment_cancel(enrolment=leaver, user=leaver.student)

    with pytest.raises(NotAllowed):
        offer_claim(enrolment=first, user=other.student)

    assert fresh(first).status == Enrolment.Status.OFFERED


@pytest.mark.django_db
def test_claiming_after_the_offer_expired_is_refused_and_the_place_passes_on(
    open_course, time_machine, committed, mailoutbox
):
    leaver, _ = enrolled(open_course, 2)
    first, second = waiting(open_course, 2)
    enrolment_cancel(enrolment=leaver, user=leaver.student)
    later = NOW + HOLD + timedelta(minutes=1)
    time_machine.move_to(later, tick=False)

    with committed(), pytest.raises(OfferExpired):
        offer_claim(enrolment=first, user=first.student)

    assert fresh(first).status == Enrolment.Status.EXPIRED
    assert fresh(second).status == Enrolment.Status.OFFERED
    assert second.offer_expires_at == later + HOLD
    assert fresh(open_course).places_taken == 2
    assert len(mail_to(mailoutbox, first.student, PASSED_ON)) == 1
    assert len(mail_to(mailoutbox, second.student, OFFER)) == 1


@pytest.mark.django_db
def test_the_beat_job_expires_unclaimed_offers_and_offers_the_place_onwards_once(
    open_course, time_machine, committed, mailoutbox
):
    leaver, _ = enrolled(open_course, 2)
    first, second = waiting(open_course, 2)
    enrolment_cancel(enrolment=leaver, user=leaver.student)
    quiet(mailoutbox)
    time_machine.move_to(NOW + HOLD, tick=False)

    with committed():
        assert offers_expire() == 1
        assert offers_expire() == 0  # the next run finds nothing to do

    assert fresh(first).status == Enrolment.Status.EXPIRED and first.ended_at == NOW + HOLD
    assert fresh(second).status == Enrolment.Status.OFFERED
    assert second.offer_expires_at == NOW + 2 * HOLD
    assert fresh(open_course).places_taken == 2
    tasks.outbox_drain()
    assert len(mail_to(mailoutbox, first.student, PASSED_ON)) == 1
    assert len(mail_to(mailoutbox, second.student, OFFER)) == 1
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_offers_not_yet_due_are_left_alone_by_the_beat_job(open_course, time_machine):
    leaver, _ = enrolled(open_course, 2)
    (first,) = waiting(open_course, 1)
    enrolment_cancel(enrolment=leaver, user=leaver.student)
    time_machine.move_to(NOW + HOLD - timedelta(minutes=1), tick=False)

    assert offers_expire() == 0

    assert fresh(first).status == Enrolment.Status.OFFERED


@pytest.mark.django_db
def test_an_expired_offer_frees_the_place_when_nobody_else_waits(open_course, time_machine):
    leaver, _ = enrolled(open_course, 2)
    (first,) = waiting(open_course, 1)
    enrolment_cancel(enrolment=leaver, user=leaver.student)
    time_machine.move_to(NOW + HOLD, tick=False)

    assert offers_expire() == 1

    assert fresh(first).status == Enrolment.Status.EXPIRED
    assert fresh(open_course).places_taken == 1
    assert_places_add_up(open_course)


@pytest.mark.django_db
def test_leaving_the_waiting_list_moves_the_others_up(open_course):
    enrolled(open_course, 2)
    first, second, third = waiting(open_course, 3)

    left = enrolment_cancel(enrolment=first, user=first.student)

    assert left.status == Enrolment.Status.LEFT and left.ended_at == NOW
    assert [waiting_position(fresh(e)) for e in (second, third)] == [1, 2]
    assert fresh(open_course).places_taken == 2


@pytest.mark.django_db
def test_only_the_student_can_cancel_their_place(open_course):
    mine, theirs = enrolled(open_course, 2)

    with pytest.raises(NotAllowed):
        enrolment_cancel(enrolment=mine, user=theirs.student)

    assert fresh(mine).status == Enrolment.Status.ENROLLED


@pytest.mark.django_db
def test_more_places_are_offered_to_the_people_waiting(open_course, manager, committed, mailoutbox):
    enrolled(open_course, 2)
    first, second, third = waiting(open_course, 3)

    with committed():
        course = course_capacity_set(course=open_course, user=manager, capacity=4)

    assert (course.capacity, course.places_taken) == (4, 4)
    assert [fresh(e).status for e in (first, second, third)] == [
        Enrolment.Status.OFFERED,
        Enrolment.Status.OFFERED,
        Enrolment.Status.WAITING,
    ]
    assert recipients(mailoutbox, OFFER) == emails(first.student, second.student)
    assert_places_add_up(open_course)


@pytest.mark.django_db
def test_places_cannot_be_set_below_the_places_already_held(open_course, manager):
    enrolled(open_course, 2)

    with pytest.raises(NotAllowed) as refused:
        course_capacity_set(course=open_course, user=manager, capacity=1)

    assert refused.value.message == (
        "2 students already hold places, so the course needs at least 2 places."
    )
    assert refused.value.field == "capacity"
    assert fresh(open_course).capacity == 2


@pytest.mark.django_db
def test_places_taken_always_equals_the_places_enrolled_or_offered(
    open_course, manager, time_machine
):
    course = open_course
    a, b, c, d, e, f = students(6)
    steps = [
        lambda: enrolment_create(course=course, student=a),
        lambda: enrolment_create(course=course, student=b),
        lambda: waiting_list_join(course=course, student=c),
        lambda: waiting_list_join(course=course, student=d),
        lambda: waiting_list_join(course=course, student=e),
        lambda: enrolment_cancel(enrolment=_live(course, a), user=a),  # c offered
        lambda: offer_claim(enrolment=_live(course, c), user=c),
        lambda: enrolment_cancel(enrolment=_live(course, b), user=b),  # d offered
        lambda: time_machine.move_to(NOW + HOLD + timedelta(hours=1), tick=False),
        lambda: offers_expire(),  # d expired, e offered
        lambda: enrolment_cancel(enrolment=_live(course, e), user=e),  # declined: nobody waits
        lambda: enrolment_create(course=course, student=f),
        lambda: course_capacity_set(course=course, user=manager, capacity=3),
        lambda: waiting_list_join(course=course, student=a),  # a place is free: enrols
        lambda: enrolment_cancel(enrolment=_live(course, c), user=c),
        lambda: offers_expire(),
    ]
    for number, step in enumerate(steps, start=1):
        step()
        course.refresh_from_db()
        assert course.places_taken == holding(course), f"after step {number}"
        assert course.places_taken <= course.capacity, f"after step {number}"

    assert course.places_taken == 2
    assert set(
        Enrolment.objects.filter(course=course, status="enrolled").values_list("student", flat=True)
    ) == {f.pk, a.pk}


def _live(course, student) -> Enrolment:
    return Enrolment.objects.get(course=course, student=student, status__in=Enrolment.LIVE)


# Reminders


@pytest.mark.django_db
def test_a_reminder_goes_once_to_each_enrolled_student_and_not_to_those_waiting(
    open_course, time_machine, committed, mailoutbox
):
    first_student, second_student = enrolled(open_course, 2)
    (queued,) = waiting(open_course, 1)
    time_machine.move_to(FIRST - timedelta(hours=24), tick=False)

    with committed():
        assert session_reminders_send() == 2
        assert session_reminders_send() == 0

    subject = f"Reminder: “{TITLE}” on Thursday 11 March at 10:00"
    assert recipients(mailoutbox, "Reminder") == emails(
        first_student.student, second_student.student
    )
    assert {m.subject for m in mail_with(mailoutbox, "Reminder")} == {subject}
    assert mail_to(mailoutbox, queued.student, "Reminder") == []


@pytest.mark.django_db
def test_no_reminder_is_sent_more_than_48_hours_before_a_session(
    open_course, time_machine, mailoutbox
):
    enrolled(open_course, 1)
    time_machine.move_to(FIRST - timedelta(hours=49), tick=False)

    assert session_reminders_send() == 0

    assert fresh(open_course.sessions.get(number=1)).reminded_at is None


@pytest.mark.django_db
def test_moving_a_reminded_session_reminds_again_for_the_new_time(
    open_course, manager, room, time_machine, committed, mailoutbox
):
    (enrolment,) = enrolled(open_course, 1)
    time_machine.move_to(FIRST - timedelta(hours=24), tick=False)
    with committed():
        session_reminders_send()

    with committed():
        session_schedule(
            course=open_course,
            user=manager,
            number=1,
            starts_at=FIRST + timedelta(hours=3),
            room=room,
        )
        assert session_reminders_send() == 1
        assert session_reminders_send() == 0

    assert [m.subject for m in mail_to(mailoutbox, enrolment.student, "Reminder")] == [
        f"Reminder: “{TITLE}” on Thursday 11 March at 10:00",
        f"Reminder: “{TITLE}” on Thursday 11 March at 13:00",
    ]


@pytest.mark.django_db
def test_a_cancelled_session_rearranged_later_is_reminded_for_its_new_time(
    open_course, manager, room, time_machine, committed, mailoutbox
):
    (enrolment,) = enrolled(open_course, 1)
    time_machine.move_to(SECOND - timedelta(hours=24), tick=False)
    with committed():
        assert session_reminders_send() == 1  # session 2, Thursday 18 March
        session_cancel(course=open_course, user=manager, number=2, reason="Trainer unwell.")
        session_schedule(
            course=open_course,
            user=manager,
            number=2,
            starts_at=SECOND + timedelta(days=1),
            room=room,
        )

        assert session_reminders_send() == 1, "no reminder for the rearranged session"

    assert [m.subject for m in mail_to(mailoutbox, enrolment.student, "Reminder")] == [
        f"Reminder: “{TITLE}” on Thursday 18 March at 10:00",
        f"Reminder: “{TITLE}” on Friday 19 March at 10:00",
    ]


# Notices after publishing


@pytest.mark.django_db
def test_moving_a_session_tells_each_student_and_both_trainers_once(
    open_course,
    manager,
    room,
    peer_trainer,
    practitioner_trainer,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    first_student, second_student = enrolled(open_course, 2)
    waiting(open_course, 1)
    quiet(mailoutbox)

    with django_capture_on_commit_callbacks() as callbacks:
        session_schedule(
            course=open_course,
            user=manager,
            number=2,
            starts_at=SECOND + timedelta(days=1),
            room=room,
        )
    deliver_twice(callbacks)

    moved = f"“{TITLE}” session 2 has moved"
    assert recipients(mailoutbox, moved) == emails(
        first_student.student, second_student.student, peer_trainer, practitioner_trainer
    )
    assert all(m.subject == moved for m in mailoutbox)
    assert "Now: Friday 19 March 2027 at 10:00" in mailoutbox[0].body


@pytest.mark.django_db
def test_moving_a_session_back_and_forth_tells_people_every_time(
    open_course, manager, room, committed, mailoutbox
):
    (enrolment,) = enrolled(open_course, 1)
    elsewhere = SECOND + timedelta(days=1)

    for starts_at in (elsewhere, SECOND, elsewhere):
        with committed():
            session_schedule(
                course=open_course, user=manager, number=2, starts_at=starts_at, room=room
            )

    moves = mail_to(mailoutbox, enrolment.student, "has moved")
    assert [m.body.split("Now: ")[1].split(",")[0] for m in moves] == [
        "Friday 19 March 2027 at 10:00",
        "Thursday 18 March 2027 at 10:00",
        "Friday 19 March 2027 at 10:00",
    ]


@pytest.mark.django_db
def test_cancelling_a_session_of_a_published_course_needs_a_reason(open_course, manager):
    enrolled(open_course, 1)

    with pytest.raises(NotAllowed) as refused:
        session_cancel(course=open_course, user=manager, number=2, reason="   ")

    assert refused.value.field == "reason"
    assert not ScheduledSession.objects.get(course=open_course, number=2).cancelled


@pytest.mark.django_db
def test_a_cancelled_session_is_told_to_students_and_trainers_with_the_reason(
    open_course,
    manager,
    peer_trainer,
    practitioner_trainer,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    first_student, second_student = enrolled(open_course, 2)
    quiet(mailoutbox)

    with django_capture_on_commit_callbacks() as callbacks:
        session_cancel(
            course=open_course, user=manager, number=2, reason="The venue has a burst pipe."
        )
    deliver_twice(callbacks)

    cancelled = f"“{TITLE}” session 2 is cancelled"
    assert recipients(mailoutbox, cancelled) == emails(
        first_student.student, second_student.student, peer_trainer, practitioner_trainer
    )
    assert len(mailoutbox) == 4
    assert all("Why: The venue has a burst pipe." in m.body for m in mailoutbox)
    assert ScheduledSession.objects.get(course=open_course, number=2).cancelled


@pytest.mark.django_db
def test_rearranging_a_cancelled_session_tells_the_students(
    open_course, manager, room, committed, mailoutbox
):
    # The cancellation email promises: "We will let you know if the session is rearranged."
    (enrolment,) = enrolled(open_course, 1)
    with committed():
        session_cancel(course=open_course, user=manager, number=2, reason="Trainer unwell.")
        session_schedule(
            course=open_course,
            user=manager,
            number=2,
            starts_at=SECOND + timedelta(days=2),
            room=room,
        )

    to_student = [m.subject for m in mail_to(mailoutbox, enrolment.student, "session 2")]
    assert to_student[0] == f"“{TITLE}” session 2 is cancelled"
    assert len(to_student) == 2, "the student was never told the session is on again"


@pytest.mark.django_db
def test_taking_a_course_with_students_off_the_prospectus_needs_a_reason(open_course, manager):
    enrolled(open_course, 1)

    with pytest.raises(NotAllowed) as refused:
        course_unpublish(course=open_course, user=manager, reason=" ")

    assert refused.value.field == "reason"
    assert fresh(open_course).status == Course.Status.PUBLISHED


@pytest.mark.django_db
def test_taking_a_course_off_the_prospectus_keeps_the_places_and_tells_the_students(
    open_course,
    manager,
    peer_trainer,
    practitioner_trainer,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    places = enrolled(open_course, 2)
    (queued,) = waiting(open_course, 1)
    quiet(mailoutbox)

    with django_capture_on_commit_callbacks() as callbacks:
        course = course_unpublish(
            course=open_course, user=manager, reason="Both trainers are unwell."
        )
    deliver_twice(callbacks)

    assert course.status == Course.Status.AGREED
    assert [fresh(e).status for e in places + [queued]] == ["enrolled", "enrolled", "waiting"]
    assert fresh(open_course).places_taken == 2
    off = f"“{TITLE}” has been taken off the prospectus for now"
    assert recipients(mailoutbox, off) == emails(*(e.student for e in places + [queued]))
    assert len(mailoutbox) == 3
    assert all("Why: Both trainers are unwell." in m.body for m in mailoutbox)
    assert mail_to(mailoutbox, peer_trainer, off) == mail_to(mailoutbox, practitioner_trainer, off)
    assert mail_to(mailoutbox, peer_trainer, off) == []


@pytest.mark.django_db
def test_cancelling_a_course_ends_every_place_and_tells_students_and_trainers(
    open_course,
    manager,
    peer_trainer,
    practitioner_trainer,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    leaver, staying = enrolled(open_course, 2)
    offered, queued = waiting(open_course, 2)
    enrolment_cancel(enrolment=leaver, user=leaver.student)  # `offered` is offered the place
    assert fresh(offered).status == Enrolment.Status.OFFERED
    quiet(mailoutbox)

    with django_capture_on_commit_callbacks() as callbacks:
        course = course_cancel(course=open_course, user=manager, reason="The venue closed.")
    deliver_twice(callbacks)

    assert course.status == Course.Status.CANCELLED
    assert fresh(open_course).places_taken == 0
    for enrolment in (staying, offered, queued):
        assert fresh(enrolment).status == Enrolment.Status.COURSE_CANCELLED
        assert enrolment.offer_expires_at is None and enrolment.ended_at == NOW
    assert not ScheduledSession.objects.filter(course=open_course, cancelled=False).exists()
    cancelled = f"“{TITLE}” is cancelled"
    assert recipients(mailoutbox, cancelled) == emails(
        staying.student, offered.student, queued.student, peer_trainer, practitioner_trainer
    )
    assert len(mailoutbox) == 5
    assert all("Why: The venue closed." in m.body for m in mailoutbox)


# The register


@pytest.fixture
def on_the_day(open_course, time_machine, mailoutbox):
    """Two students enrolled, one waiting; the clock at 10:30 on the day of session 1."""
    places = enrolled(open_course, 2)
    (queued,) = waiting(open_course, 1)
    quiet(mailoutbox)
    time_machine.move_to(FIRST + timedelta(minutes=30), tick=False)
    session = ScheduledSession.objects.get(course=open_course, number=1)
    return session, places, queued


@pytest.mark.django_db
def test_the_courses_trainers_and_managers_take_the_register(
    on_the_day, peer_trainer, practitioner_trainer, manager
):
    session, (first, second), _ = on_the_day

    assert attendance_mark(session=session, user=peer_trainer, marks={first.pk: "present"}) == 1
    assert (
        attendance_mark(session=session, user=practitioner_trainer, marks={second.pk: "absent"})
        == 1
    )
    assert attendance_mark(session=session, user=manager, marks={first.pk: "absent"}) == 1

    marks = {a.enrolment_id: (a.status, a.marked_by) for a in Attendance.objects.all()}
    assert marks == {
        first.pk: ("absent", manager),
        second.pk: ("absent", practitioner_trainer),
    }


@pytest.mark.django_db
def test_another_trainer_or_a_student_cannot_take_the_register(on_the_day, outsider_trainer):
    session, (first, second), _ = on_the_day

    for user in (outsider_trainer, first.student):
        with pytest.raises(NotAllowed, match="Only the course's trainers"):
            attendance_mark(session=session, user=user, marks={second.pk: "present"})

    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_only_enrolled_students_are_marked(on_the_day, peer_trainer):
    session, (first, _), queued = on_the_day

    changed = attendance_mark(
        session=session, user=peer_trainer, marks={first.pk: "present", queued.pk: "present"}
    )

    assert changed == 1
    assert list(Attendance.objects.values_list("enrolment_id", flat=True)) == [first.pk]


@pytest.mark.django_db
def test_an_empty_value_clears_a_mark(on_the_day, peer_trainer):
    session, (first, second), _ = on_the_day
    attendance_mark(
        session=session, user=peer_trainer, marks={first.pk: "present", second.pk: "absent"}
    )

    changed = attendance_mark(
        session=session, user=peer_trainer, marks={first.pk: "", second.pk: "absent"}
    )

    assert changed == 1  # the unchanged mark is not counted
    assert list(Attendance.objects.values_list("enrolment_id", "status")) == [(second.pk, "absent")]


@pytest.mark.django_db
def test_a_mark_other_than_came_or_did_not_come_is_refused(on_the_day, peer_trainer):
    session, (first, _), _ = on_the_day

    with pytest.raises(NotAllowed, match="Choose"):
        attendance_mark(session=session, user=peer_trainer, marks={first.pk: "late"})

    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_the_register_for_a_session_on_a_later_day_is_not_open_yet(on_the_day, peer_trainer):
    _, (first, _), _ = on_the_day
    next_week = ScheduledSession.objects.get(course=first.course, number=2)

    with pytest.raises(NotAllowed, match="opens on the day of the session"):
        attendance_mark(session=next_week, user=peer_trainer, marks={first.pk: "present"})

    assert not Attendance.objects.exists()


# Feedback invitations


@pytest.mark.django_db
def test_feedback_invitations_go_once_to_the_students_who_came(
    on_the_day, peer_trainer, time_machine, committed, mailoutbox
):
    session, (came, stayed_away), queued = on_the_day
    attendance_mark(
        session=session, user=peer_trainer, marks={came.pk: "present", stayed_away.pk: "absent"}
    )
    time_machine.move_to(SECOND + timedelta(hours=3), tick=False)  # session 2 ended at 12:00

    with committed():
        assert feedback_invitations_send() == 1
        assert feedback_invitations_send() == 0

    invited = f"How was “{TITLE}”?"
    assert recipients(mailoutbox, invited) == [came.student.email]
    assert fresh(came).feedback_invited_at == SECOND + timedelta(hours=3)
    assert fresh(stayed_away).feedback_invited_at is None
    assert tasks.outbox_drain() == 0
    assert len(mail_with(mailoutbox, invited)) == 1


@pytest.mark.django_db
def test_no_feedback_invitation_before_the_last_session_has_ended(
    on_the_day, peer_trainer, time_machine
):
    session, (came, _), _ = on_the_day
    attendance_mark(session=session, user=peer_trainer, marks={came.pk: "present"})
    time_machine.move_to(SECOND + timedelta(hours=1), tick=False)  # session 2 under way

    assert feedback_invitations_send() == 0

    assert fresh(came).feedback_invited_at is None
