"""The waiting list and offers (the waiting-list part of workshops/services/enrolment.py):
the order people joined in, a freed place offered to the first person waiting and held
for them, offers cut short before the course starts, claims, expiry by the beat job, more
places, and places taken always adding up."""

from datetime import datetime, timedelta

import pytest

from recovery_college.notifications import tasks
from recovery_college.notifications.models import OutboxMessage
from workshops.errors import CourseFull, EnrolmentClosed, NotAllowed, OfferExpired
from workshops.models import Course, Enrolment
from workshops.selectors import waiting_position
from workshops.services import (
    course_cancel,
    course_capacity_set,
    enrolment_cancel,
    enrolment_create,
    offer_claim,
    offers_expire,
    session_schedule,
    waiting_list_join,
)

from ..factories import UserFactory
from .enrolment_support import (
    ENROLLED,
    FIRST,
    HOLD,
    LONDON,
    NOW,
    OFFER,
    PASSED_ON,
    SECOND,
    WAITING,
    assert_places_add_up,
    emails,
    enrolled,
    fresh,
    holding,
    mail_to,
    mail_with,
    quiet,
    recipients,
    students,
    waiting,
)

# Joining and leaving the list


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
def test_joining_the_waiting_list_of_a_course_cancelled_meanwhile_is_refused(open_course, manager):
    enrolled(open_course, 2)
    stale = Course.objects.get(pk=open_course.pk)
    course_cancel(course=open_course, user=manager, reason="The venue closed.")
    latecomer = UserFactory()
    assert stale.status == Course.Status.PUBLISHED

    with pytest.raises(EnrolmentClosed):
        waiting_list_join(course=stale, student=latecomer)

    assert not Enrolment.objects.filter(student=latecomer).exists()


@pytest.mark.django_db
def test_leaving_the_waiting_list_moves_the_others_up(open_course):
    enrolled(open_course, 2)
    first, second, third = waiting(open_course, 3)

    left = enrolment_cancel(enrolment=first, user=first.student)

    assert left.status == Enrolment.Status.LEFT and left.ended_at == NOW
    assert [waiting_position(fresh(e)) for e in (second, third)] == [1, 2]
    assert fresh(open_course).places_taken == 2


# A freed place is offered


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
def test_a_newcomer_cannot_take_a_free_place_while_someone_waits(open_course):
    enrolled(open_course, 2)
    (first,) = waiting(open_course, 1)
    # A place frees without the service (say, a manager raised capacity in the admin):
    Course.objects.filter(pk=open_course.pk).update(capacity=3)
    with pytest.raises(CourseFull):
        enrolment_create(course=open_course, student=UserFactory())
    assert fresh(first).status == Enrolment.Status.WAITING


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


# Offers end before the course starts


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


# Claiming


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


# The beat job


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
def test_the_beat_job_ends_an_offer_still_open_when_the_course_starts(open_course, time_machine):
    leaver, _ = enrolled(open_course, 2)
    (first,) = waiting(open_course, 1)
    enrolment_cancel(enrolment=leaver, user=leaver.student)
    Enrolment.objects.filter(pk=first.pk).update(offer_expires_at=SECOND)  # made too long
    time_machine.move_to(FIRST + timedelta(minutes=5), tick=False)

    assert offers_expire() == 1

    assert fresh(first).status == Enrolment.Status.EXPIRED
    assert fresh(open_course).places_taken == holding(open_course) == 1


# Places taken always add up


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
