"""Demo courses: real-looking plans in every state, a college template, the published
prospectus of this term and its schedule."""

from trainers.models import Pairing, Topic

from ..models import Comment, Course, CourseChange, CourseSignOff, Section, SessionPlan
from ..services.courses import OPENING_SECTION
from ..snapshots import course_snapshot
from .data import COURSES, OPENINGS, PROSPECTUS, PROSPECTUS_PAIRS, SESSION_BANK, TEMPLATE


def _summary(title: str, topic: str = "") -> str:
    opening = OPENINGS[len(title) % len(OPENINGS)].format(topic=(topic or title).lower())
    return (
        f"{opening} We share what we have learned from our own lives and our work. You can "
        "listen, join in, or just take notes. There are no tests and you do not need to "
        "talk about yourself."
    )


def _build(course: Course, sessions: int) -> None:
    for number in range(1, sessions + 1):
        plan = SessionPlan.objects.create(course=course, number=number)
        rows = [
            (
                OPENING_SECTION["title"],
                OPENING_SECTION["minutes"],
                OPENING_SECTION["lead"],
                OPENING_SECTION["activity"],
                OPENING_SECTION["materials"],
            ),
            *SESSION_BANK[(number - 1) % len(SESSION_BANK)],
        ]
        topic = (course.topic.name if course.topic else course.title).lower()
        Section.objects.bulk_create(
            Section(
                plan=plan,
                position=i,
                title=t.format(topic=topic),
                minutes=m,
                lead=lead,
                activity=a.format(topic=topic),
                materials=mat,
            )
            for i, (t, m, lead, a, mat) in enumerate(rows, start=1)
        )


def _course(*, pairing, title, topic, sessions, author, is_template=False) -> Course:
    course = Course.objects.create(
        pairing=pairing,
        is_template=is_template,
        title=title,
        summary=_summary(title, topic),
        outcomes="Understand what is going on and why\nTry two ways of coping\n"
        "Know where to find support",
        topic=Topic.objects.filter(name=topic).first(),
        session_count=sessions,
        session_minutes=120,
        created_by=author,
    )
    _build(course, sessions)
    CourseChange.objects.create(
        course=course,
        version=1,
        author=author,
        summary="Created the course",
        snapshot=course_snapshot(course),
    )
    return course


def _working_draft(course: Course) -> None:
    """A draft still being worked on: a comment thread, and wording that the plain-language
    check will gently flag."""
    section = Section.objects.filter(plan__course=course, plan__number=1).order_by("position")[2]
    section.activity = (
        "A short psychoeducation input on relapse prevention and early warning signs."
    )
    section.save(update_fields=["activity"])
    pairing = course.pairing
    course.version = 2
    course.save(update_fields=["version"])
    CourseChange.objects.create(
        course=course,
        version=2,
        author=pairing.practitioner.user,
        summary=f"Changed “{section.title}” in session 1",
        snapshot=course_snapshot(course),
    )
    Comment.objects.create(
        course=course,
        section=section,
        author=pairing.peer.user,
        body="Could we say this in everyday words? 'Relapse prevention' puts people off.",
    )
    Comment.objects.create(
        course=course,
        section=section,
        author=pairing.practitioner.user,
        body="Good point. How about 'noticing when things start to slip'? I'll change it.",
    )


def seed_courses(*, email_of, manager) -> None:
    if Course.objects.exists():
        return
    for peer, practitioner, title, topic, sessions, state, signed in COURSES:
        pairing = Pairing.objects.get(
            peer__user__email=email_of(peer), practitioner__user__email=email_of(practitioner)
        )
        course = _course(
            pairing=pairing, title=title, topic=topic, sessions=sessions, author=pairing.peer.user
        )
        signers = {"both": pairing.trainers, "peer": (pairing.peer,), None: ()}[signed]
        for trainer in signers:
            CourseSignOff.objects.create(course=course, trainer=trainer, version=1)
        course.status = state
        course.live_version = 1 if state == Course.Status.PUBLISHED else None
        course.save(update_fields=["status", "live_version"])
        if title == "Writing your recovery plan":
            _working_draft(course)
    for index, (title, topic, sessions) in enumerate(PROSPECTUS):
        peer, practitioner = PROSPECTUS_PAIRS[index % len(PROSPECTUS_PAIRS)]
        pairing = Pairing.objects.get(
            peer__user__email=email_of(peer), practitioner__user__email=email_of(practitioner)
        )
        course = _course(
            pairing=pairing, title=title, topic=topic, sessions=sessions, author=pairing.peer.user
        )
        for trainer in pairing.trainers:
            CourseSignOff.objects.create(course=course, trainer=trainer, version=1)
        course.status = Course.Status.PUBLISHED
        course.live_version = course.version  # what both agreed is what students read
        course.save(update_fields=["status", "live_version"])
    title, topic, sessions = TEMPLATE
    _course(
        pairing=None, title=title, topic=topic, sessions=sessions, author=manager, is_template=True
    )


def seed_schedule(*, manager) -> None:
    """A current term, two venues, and the agreed and published courses on dates."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from ..models import Room, Term, Venue
    from ..services import course_capacity_set, sessions_schedule_weekly

    if Term.objects.exists():
        return
    today = timezone.localdate()
    term = Term.objects.create(
        name=f"Winter {today.year}",
        starts_on=today - timedelta(days=14),
        ends_on=today + timedelta(days=84),
        enrolment_opens_on=today - timedelta(days=30),
    )
    # The next term is set up but empty, so a manager can try rolling this term's courses
    # into it (College → Terms → Roll into another term).
    next_starts = term.ends_on + timedelta(days=21)
    Term.objects.create(
        name=f"Spring {next_starts.year}",
        starts_on=next_starts,
        ends_on=next_starts + timedelta(days=83),
        enrolment_opens_on=next_starts - timedelta(days=28),
    )
    oak = Venue.objects.create(
        name="Oak House",
        address="14 Oak Street, Leeds LS2 7AB",
        directions="Buses 1, 6 and 28 stop outside. Use the ramp at the side door.",
    )
    riverside = Venue.objects.create(
        name="Riverside Community Centre",
        address="2 Wharf Road, Leeds LS10 1QD",
        directions="Five minutes from the station. Free parking behind the building.",
    )
    rooms = [
        Room.objects.create(
            venue=oak,
            name="Garden Room",
            capacity=16,
            step_free_access=True,
            hearing_loop=True,
            accessible_toilet=True,
            quiet_space=True,
        ),
        Room.objects.create(venue=oak, name="Library", capacity=10, quiet_space=True),
        Room.objects.create(
            venue=riverside,
            name="Main Hall",
            capacity=24,
            step_free_access=True,
            accessible_toilet=True,
        ),
    ]
    next_monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    # Each course gets its own weekday and hour; a second round starts four weeks later, so
    # no room or trainer is ever in two places at once.
    hours = [time(10, 0), time(14, 0), time(18, 0)]
    slots = [(day, hour) for hour in hours for day in range(5)]
    scheduled = Course.objects.filter(
        status__in=[Course.Status.AGREED, Course.Status.PUBLISHED], is_template=False
    ).order_by("pk")
    for index, course in enumerate(scheduled):
        weekday, start = slots[index % len(slots)]
        room = rooms[index % len(rooms)]
        round_start = next_monday + timedelta(weeks=4 * (index // len(slots)))
        first = timezone.make_aware(datetime.combine(round_start + timedelta(days=weekday), start))
        sessions_schedule_weekly(course=course, user=manager, first_starts_at=first, room=room)
        course_capacity_set(course=course, user=manager, capacity=min(12, room.capacity), term=term)


PENDING_SUMMARY = (
    "What psychosis can be like, in everyday words, from people who have lived it and "
    "people who work in services. We share what has helped, and you never have to talk "
    "about yourself."
)


def seed_pending_change(*, email_of) -> None:
    """A published course with a change waiting for both trainers to agree: Aisha changed
    the summary and agreed it; Dr Helen Carter has not yet, so students still read the
    summary both agreed. Written as rows, like the rest of the demo, so no email goes."""
    from ..services.courses import _set_working_details, record_change

    course = (
        Course.objects.filter(
            status=Course.Status.PUBLISHED,
            pairing__peer__user__email=email_of("Aisha Rahman"),
            is_template=False,
        )
        .order_by("pk")
        .first()
    )
    if course is None or course.pending_details:
        return
    _set_working_details(course, {"summary": PENDING_SUMMARY})
    course.save()
    change = record_change(course=course, user=None, summary="Changed plain-language summary")
    change.author = course.pairing.peer.user
    change.save(update_fields=["author"])
    CourseSignOff.objects.create(course=course, trainer=course.pairing.peer, version=course.version)
