"""Demo students on courses: places, waiting lists, an offer, registers and feedback."""

from ..models import Course
from .data import ACCESS_NEEDS, FEEDBACK, GOALS


def seed_enrolments(*, student_emails: list[str], manager) -> None:
    """Students on courses: enrolments, two full courses with waiting lists and an open
    offer, and a past course (last term) with attendance and feedback. Written as rows
    (not through the services) so the demo sends no email."""
    from datetime import datetime, time, timedelta

    from django.db.models import Count, Q
    from django.utils import timezone

    from recovery_college.accounts.models import User

    from ..models import (
        Attendance,
        Enrolment,
        Feedback,
        Room,
        ScheduledSession,
        Term,
        WalkIn,
    )
    from ..services import sessions_schedule_weekly

    if Enrolment.objects.exists():
        return
    by_email = {u.email: u for u in User.objects.filter(email__in=student_emails)}
    students = [by_email[e] for e in student_emails if e in by_email]
    if len(students) < 12:
        return
    now = timezone.now()
    today = timezone.localdate()
    lucy = students[0]
    others = students[1:]
    current = (
        Course.objects.filter(status=Course.Status.PUBLISHED, is_template=False)
        .annotate(n=Count("sessions", filter=Q(sessions__cancelled=False)))
        .filter(n__gt=0)
        .order_by("pk")
    )
    courses = list(current)

    def add(course, student, status, index, **extra):
        access = ACCESS_NEEDS[index % len(ACCESS_NEEDS)]
        goal, share = GOALS[index % len(GOALS)]
        return Enrolment.objects.create(
            course=course,
            student=student,
            status=status,
            access_needs=access,
            goal=goal,
            share_goal=share and bool(goal),
            **extra,
        )

    # Two full courses (6 places) with waiting lists; the second has an offer out.
    for number, course in enumerate(courses[:2]):
        course.capacity = 6
        people = others[number * 3 : number * 3 + 9]
        for index, student in enumerate(people[:6]):
            status = Enrolment.Status.ENROLLED
            extra = {}
            if number == 1 and index == 5:  # one place freed and offered to Lucy instead
                continue
            add(course, student, status, index, **extra)
        if number == 1:
            add(
                course,
                lucy,
                Enrolment.Status.OFFERED,
                0,
                offer_expires_at=now + timedelta(hours=30),
            )
        else:
            add(course, people[6], Enrolment.Status.WAITING, 6)
            add(course, lucy, Enrolment.Status.WAITING, 7)
        for index, student in enumerate(people[7:] if number == 0 else people[6:]):
            add(course, student, Enrolment.Status.WAITING, index + 8)
        course.places_taken = 6
        course.save(update_fields=["capacity", "places_taken"])
    # A few places taken on the others; Lucy is enrolled on two.
    for number, course in enumerate(courses[2:14]):
        count = 2 + number % 5
        chosen = others[number % 6 : number % 6 + count]
        if number < 2:
            chosen = [lucy, *chosen[:-1]]
        for index, student in enumerate(chosen):
            add(course, student, Enrolment.Status.ENROLLED, index + number)
        course.places_taken = len(chosen)
        course.save(update_fields=["places_taken"])

    # A course that started last Saturday: session 1's register is taken.
    from ..services import session_schedule

    running = courses[14] if len(courses) > 14 else None
    if running is not None:
        saturday = today - timedelta(days=(today.weekday() - 5) % 7 or 7)
        start = timezone.make_aware(datetime.combine(saturday, time(11, 0)))
        room = ScheduledSession.objects.filter(course=running).first().room
        running.status = Course.Status.AGREED  # moved before anyone enrolled: no notices
        running.save(update_fields=["status"])
        for number in range(1, running.session_count + 1):
            session_schedule(
                course=running,
                user=manager,
                number=number,
                starts_at=start + timedelta(weeks=number - 1),
                room=room,
                record_past=True,  # history for the demo
            )
        first_session = ScheduledSession.objects.get(course=running, number=1)
        group = others[8:15]
        for index, student in enumerate(group):
            enrolment = add(running, student, Enrolment.Status.ENROLLED, index + 3)
            Attendance.objects.create(
                session=first_session,
                enrolment=enrolment,
                status=Attendance.Status.ABSENT if index == 4 else Attendance.Status.PRESENT,
                marked_by=running.pairing.practitioner.user,
            )
        # Someone came without enrolling: a walk-in, on the later registers too.
        walk_in = WalkIn.objects.create(
            course=running,
            first_session=first_session,
            name="Jordan Reid",
            added_by=running.pairing.practitioner.user,
        )
        Attendance.objects.create(
            session=first_session,
            walk_in=walk_in,
            status=Attendance.Status.PRESENT,
            marked_by=running.pairing.practitioner.user,
        )
        running.places_taken = len(group)
        running.status = Course.Status.PUBLISHED
        running.save(update_fields=["places_taken", "status"])

    # Last term: the archived course ran, with registers and feedback.
    past = Course.objects.filter(status=Course.Status.ARCHIVED, is_template=False).first()
    if past is None:
        return
    last_term = Term.objects.create(
        name=f"Autumn {today.year}" if today.month >= 10 else f"Spring {today.year}",
        starts_on=today - timedelta(days=120),
        ends_on=today - timedelta(days=20),
        enrolment_opens_on=today - timedelta(days=150),
    )
    room = Room.objects.order_by("-capacity").first()
    first = timezone.make_aware(datetime.combine(today - timedelta(days=63), time(13, 0)))
    past.status = Course.Status.AGREED  # schedule it like any other, then archive it
    past.save(update_fields=["status"])
    sessions_schedule_weekly(
        course=past, user=manager, first_starts_at=first, room=room, record_past=True
    )
    came_to = list(ScheduledSession.objects.filter(course=past).order_by("number"))
    attendees = [lucy, *others[:7]]
    for index, student in enumerate(attendees):
        enrolment = add(
            past,
            student,
            Enrolment.Status.ENROLLED,
            index,
            feedback_invited_at=now - timedelta(days=40),
            feedback_given_on=(today - timedelta(days=39)) if 0 < index <= len(FEEDBACK) else None,
        )
        for number, session in enumerate(came_to):
            missed = (index + number) % 5 == 4
            Attendance.objects.create(
                session=session,
                enrolment=enrolment,
                status=Attendance.Status.ABSENT if missed else Attendance.Status.PRESENT,
                marked_by=past.pairing.peer.user,
            )
    for rating, useful, change, for_trainers in FEEDBACK:
        Feedback.objects.create(
            course=past, rating=rating, useful=useful, change=change, for_trainers=for_trainers
        )
    past.term = last_term
    past.capacity = 12
    past.places_taken = len(attendees)
    past.status = Course.Status.ARCHIVED
    past.live_version = past.version
    past.save(update_fields=["term", "capacity", "places_taken", "status", "live_version"])
