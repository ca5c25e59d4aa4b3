"""Shared by the tests of the pages around enrolment: the clock's fixed moments, the
sentinels written into a student's answers, and builders of courses through the real
services (ready to publish, open for enrolment, finished), plus small page helpers. The
fixtures that use these live in conftest.py."""

import re
from datetime import datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recovery_college.accounts.models import User
from workshops.models import Attendance, Course, Enrolment
from workshops.services import (
    attendance_mark,
    course_agree,
    course_capacity_set,
    course_publish,
    enrolment_cancel,
    enrolment_create,
    session_schedule,
)
from workshops.services.reminders import feedback_invitations_send

from ...factories import agreement_in_force, fresh, make_course
from ..enrolment_support import FIRST, LONDON, NOW

TODAY = NOW.date()
PAST_FIRST = datetime(2027, 1, 30, 14, 0, tzinfo=LONDON)  # a finished course's first session
ACCESS = "ACCESS-NEEDS-SENTINEL"
GOAL = "GOAL-SENTINEL"
MY_COURSES = reverse("workshops:my-courses")


def course_ready(*, manager, pairing, term, first=FIRST, capacity=3, title, room=None):
    """A course agreed by both trainers, with session 1 in `room` (online without one) and
    session 2 online a week later, its places and term set: everything but publishing."""
    agreement_in_force(pairing)
    course = make_course(pairing, pairing.peer.user, title=title, session_count=2)
    for trainer in pairing.trainers:
        course_agree(course=course, user=trainer.user, version=course.version)
    session_schedule(
        course=course,
        user=manager,
        number=1,
        starts_at=first,
        room=room,
        online_link="" if room else f"https://meet.example.org/course-{course.pk}-1",
    )
    session_schedule(
        course=course,
        user=manager,
        number=2,
        starts_at=first + timedelta(weeks=1),
        online_link=f"https://meet.example.org/course-{course.pk}-2",
    )
    course_capacity_set(course=course, user=manager, capacity=capacity, term=term)
    return fresh(course)


def course_open(*, manager, **details):
    course = course_ready(manager=manager, **details)
    course_publish(course=course, user=manager)
    return fresh(course)


def course_past(clock, *, manager, pairing, term, came=(), absent=(), title="Sleep better"):
    """A published course whose sessions are over: built and enrolled on before it began,
    session 1's register taken (`came` came, `absent` did not), feedback invitations sent
    by the beat job."""
    clock.move_to(PAST_FIRST - timedelta(days=10))
    course = course_open(
        manager=manager,
        pairing=pairing,
        term=term,
        first=PAST_FIRST,
        capacity=len(came) + len(absent) + 1,
        title=title,
    )
    places = {
        s: enrolment_create(
            course=course, student=s, access_needs=f"{ACCESS} {s.full_name}", goal=GOAL
        )
        for s in (*came, *absent)
    }
    clock.move_to(PAST_FIRST + timedelta(minutes=30))
    marks = {places[s].pk: "present" for s in came} | {places[s].pk: "absent" for s in absent}
    attendance_mark(session=course.sessions.get(number=1), user=manager, marks=marks)
    clock.move_to(NOW)
    feedback_invitations_send()
    return fresh(course)


def path_to(name, *args):
    return reverse(f"workshops:{name}", args=args)


def offer_to(course, waiter):
    """The holder of the course's only place gives it up; `waiter` is offered it."""
    holder = Enrolment.objects.get(course=course, status=Enrolment.Status.ENROLLED)
    enrolment_cancel(enrolment=holder, user=holder.student)
    offer = Enrolment.objects.get(course=course, student=waiter)
    assert offer.status == Enrolment.Status.OFFERED
    return offer


def section_of(html, title_id):
    match = re.search(rf'<section aria-labelledby="{title_id}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def bulk_students(course, start, count):
    """`count` more people on the course: nine in ten enrolled (marked present or absent
    at session 1), one in ten waiting. places_taken follows."""
    numbers = range(start, start + count)
    users = User.objects.bulk_create(
        User(email=f"bulk{i}@example.org", full_name=f"Bulk Student {i:04}", password="!")
        for i in numbers
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            course=course,
            student=user,
            status="waiting" if i % 10 == 9 else "enrolled",
            access_needs=f"Needs {i}",
            goal=f"Goal {i}",
            share_goal=bool(i % 2),
        )
        for i, user in zip(numbers, users, strict=True)
    )
    session = course.sessions.get(number=1)
    Attendance.objects.bulk_create(
        Attendance(session=session, enrolment=e, status="present" if e.pk % 2 else "absent")
        for e in enrolments
        if e.status == "enrolled"
    )
    taken = Enrolment.objects.filter(course=course, status="enrolled").count()
    Course.objects.filter(pk=course.pk).update(capacity=600, places_taken=taken)


__all__ = [
    "ACCESS",
    "FIRST",
    "GOAL",
    "MY_COURSES",
    "NOW",
    "PAST_FIRST",
    "TODAY",
    "bulk_students",
    "course_open",
    "course_past",
    "course_ready",
    "offer_to",
    "path_to",
    "queries_for",
    "section_of",
]
