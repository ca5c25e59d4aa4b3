"""Races for places that only PostgreSQL can show: many students, each on their own
connection, released at the same moment. Never overbooked, one winner for the last
place, one place for a student's double submit, and a freed place goes to the first
person waiting rather than to whoever is quickest. Run in CI (DATABASE_URL points at
PostgreSQL); `-s` shows the figures."""

import threading
import time
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from workshops.models import Course, Enrolment
from workshops.services import enrolment_cancel, enrolment_create, waiting_list_join

from ..factories import UserFactory, open_course_make

RACERS = 50
REPEATS = 20


def _run_together(*jobs):
    """Start every job at the same moment, each in its own thread with its own database
    connection (opened before the start, so connecting does not spread them out); return
    what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - the outcome under test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a racer never finished"
    return results


def _enrol(course_id, student):
    """What a request does: load the course afresh, then enrol."""
    return lambda: enrolment_create(course=Course.objects.get(pk=course_id), student=student)


def _kinds(results) -> Counter:
    return Counter(type(r).__name__ for r in results)


def _holding(course) -> int:
    return Enrolment.objects.filter(course=course, status__in=Enrolment.HOLDING).count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_students_racing_for_the_last_place_leave_exactly_one_winner_every_time(manager):
    capacity = 3
    racers = UserFactory.create_batch(RACERS)
    early = UserFactory.create_batch(capacity - 1)
    totals = Counter()
    started = time.monotonic()

    for repeat in range(REPEATS):
        title = f"Last place race {repeat}"
        course = open_course_make(manager=manager, capacity=capacity, title=title)
        for student in early:
            enrolment_create(course=course, student=student)

        results = _run_together(*(_enrol(course.pk, s) for s in racers))

        kinds = _kinds(results)
        assert kinds == {"Enrolment": 1, "CourseFull": RACERS - 1}, (repeat, kinds)
        course.refresh_from_db()
        assert course.places_taken == capacity
        assert (
            Enrolment.objects.filter(course=course, status=Enrolment.Status.ENROLLED).count()
            == course.places_taken
        )
        (winner,) = [r for r in results if isinstance(r, Enrolment)]
        confirmed = [m.to[0] for m in mail.outbox if m.subject == f"You are enrolled on “{title}”"]
        assert sorted(confirmed) == sorted([s.email for s in early] + [winner.student.email])
        totals.update(kinds)

    elapsed = time.monotonic() - started
    print(
        f"\nlast-place race: {REPEATS * RACERS} attempts, {totals['Enrolment']} winners, "
        f"{totals['CourseFull']} CourseFull, {REPEATS} repeats of {RACERS} racers, "
        f"{elapsed:.1f}s"
    )
    assert totals == {"Enrolment": REPEATS, "CourseFull": REPEATS * (RACERS - 1)}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_student_submitting_ten_times_at_once_gets_one_enrolment_and_one_place(manager):
    for _ in range(5):
        course = open_course_make(manager=manager, capacity=3)
        student = UserFactory()

        results = _run_together(*(_enrol(course.pk, student) for _ in range(10)))

        assert _kinds(results) == {"Enrolment": 10}
        assert len({r.pk for r in results}) == 1
        course.refresh_from_db()
        assert course.places_taken == 1
        assert Enrolment.objects.filter(course=course).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_submit_for_the_last_place_is_told_it_has_the_place_not_that_it_is_full(
    manager,
):
    course = open_course_make(manager=manager, capacity=2)
    enrolment_create(course=course, student=UserFactory())
    student = UserFactory()

    results = _run_together(*(_enrol(course.pk, student) for _ in range(10)))

    course.refresh_from_db()
    assert course.places_taken == 2 == _holding(course)  # never overbooked
    assert Enrolment.objects.filter(course=course, student=student).count() == 1
    # Every one of the student's own submits should see the place they hold.
    assert _kinds(results) == {"Enrolment": 10}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_place_freed_during_a_rush_goes_to_the_first_person_waiting(manager):
    outcomes = Counter()
    for _ in range(5):
        course = open_course_make(manager=manager, capacity=2)
        leaver, _stayer = (
            enrolment_create(course=course, student=s) for s in UserFactory.create_batch(2)
        )
        queue = [waiting_list_join(course=course, student=s) for s in UserFactory.create_batch(20)]
        assert {e.status for e in queue} == {Enrolment.Status.WAITING}
        newcomers = UserFactory.create_batch(20)

        results = _run_together(
            lambda leaver=leaver: enrolment_cancel(enrolment=leaver, user=leaver.student),
            *(_enrol(course.pk, s) for s in newcomers),
        )

        course.refresh_from_db()
        assert course.places_taken <= course.capacity
        assert course.places_taken == _holding(course)
        assert results[0].status == Enrolment.Status.CANCELLED
        newcomer_kinds = _kinds(results[1:])
        outcomes.update(newcomer_kinds)
        assert newcomer_kinds == {"CourseFull": 20}, newcomer_kinds
        statuses = [e.status for e in Enrolment.objects.filter(pk__in=[e.pk for e in queue])]
        assert statuses == [Enrolment.Status.OFFERED] + [Enrolment.Status.WAITING] * 19
    print(f"\nfreed-place rush: 5 repeats, newcomers' outcomes {dict(outcomes)}")
    assert outcomes == {"CourseFull": 100}
