"""Demo courses for seed_demo: real-looking plans in every state."""

from trainers.models import Pairing, Topic

from .models import Comment, Course, CourseChange, CourseSignOff, Section, SessionPlan
from .services.courses import OPENING_SECTION
from .snapshots import course_snapshot

P, R, S = "peer", "practitioner", "shared"

SESSION_BANK = [
    [
        (
            "What is going on for us?",
            25,
            P,
            "The Peer Trainer shares what {topic} has meant in their own life; the group "
            "names what it can feel like.",
            "Body-map handout",
        ),
        (
            "Making sense of {topic}",
            30,
            R,
            "What is known about {topic}, in everyday words, and what often helps.",
            "Slides 1–8",
        ),
        ("Break", 10, S, "", ""),
        (
            "Small things that help",
            30,
            S,
            "Pairs share and try small, practical ideas; everyone picks one thing to try "
            "this week.",
            "Idea cards",
        ),
        ("Closing round", 10, S, "One word each about how we are leaving.", ""),
    ],
    [
        ("Check-in", 15, S, "How did the week go with the thing we tried?", ""),
        (
            "Thoughts and worries",
            35,
            R,
            "Noticing worry thoughts and testing them gently.",
            "Thought-diary sheet",
        ),
        (
            "Living with it: my story",
            25,
            P,
            "A personal account of what recovery looked like, setbacks included.",
            "",
        ),
        (
            "Planning ahead",
            25,
            S,
            "Everyone writes a short plan for a hard moment.",
            "Plan template",
        ),
    ],
    [
        ("Check-in", 15, S, "", ""),
        (
            "Where to find support",
            30,
            R,
            "Local services, helplines and how to use them.",
            "Leaflets",
        ),
        ("What helped me", 30, P, "Peer tips from the group and the trainer.", ""),
        (
            "Goals and goodbyes",
            25,
            S,
            "Each person names a learning goal for the next month.",
            "Feedback forms",
        ),
    ],
]

COURSES = [
    # (peer, practitioner, title, topic, sessions, state, signed_by)
    (
        "Aisha Rahman",
        "Dr Helen Carter",
        "Living well with anxiety",
        "Living with anxiety",
        3,
        "agreed",
        "both",
    ),
    (
        "Aisha Rahman",
        "Dr Helen Carter",
        "Sleep and wellbeing",
        "Sleep and wellbeing",
        2,
        "draft",
        "peer",
    ),
    (
        "Bethan Morgan",
        "Funmi Okafor",
        "Understanding depression",
        "Understanding depression",
        2,
        "published",
        "both",
    ),
    (
        "Priya Nair",
        "Claire Donnelly",
        "Writing your recovery plan",
        "Wellness and recovery action planning",
        4,
        "draft",
        None,
    ),
    (
        "Marcus Ellison",
        "Dr Rajesh Patel",
        "Understanding state benefits",
        "Understanding state benefits",
        2,
        "archived",
        "both",
    ),
]
TEMPLATE = ("Recovery and hope", "Recovery and hope", 2)

# More published courses, so the demo prospectus looks like a real term's.
PROSPECTUS = [
    ("Understanding psychosis", "Understanding psychosis", 3),
    ("Managing stress at work and home", "Managing stress", 2),
    ("Hearing voices: making sense of experiences", "Hearing voices", 2),
    ("Building confidence", "Building confidence", 4),
    ("Benefits made simpler", "Understanding state benefits", 1),
    ("Recovery and hope", "Recovery and hope", 1),
    ("Living with low mood", "Understanding depression", 3),
    ("Calmer nights: sleep and rest", "Sleep and wellbeing", 2),
    ("Your wellness plan", "Wellness and recovery action planning", 3),
    ("Anxiety: first steps", "Living with anxiety", 1),
    ("Carers: looking after yourself too", "Managing stress", 2),
    ("Mindful moments", "Managing stress", 1),
    ("Understanding medication choices", "Recovery and hope", 1),
    ("Confidence with everyday conversations", "Building confidence", 2),
    ("Families and mental health", "Recovery and hope", 2),
    ("Getting back to work or study", "Building confidence", 3),
    ("Sleep for shift workers", "Sleep and wellbeing", 1),
    ("Creative writing for wellbeing", "Recovery and hope", 4),
    ("Peer support: what it is and how to find it", "Recovery and hope", 1),
    ("Understanding self-compassion", "Understanding depression", 2),
]
PROSPECTUS_PAIRS = [
    ("Aisha Rahman", "Dr Helen Carter"),
    ("Bethan Morgan", "Funmi Okafor"),
    ("Priya Nair", "Claire Donnelly"),
]


OPENINGS = [
    "Come and explore {topic} with others who want to learn about it too.",
    "A relaxed look at {topic}: what it is, what helps, and where to find support.",
    "Find out more about {topic} in a small, friendly group.",
    "Learn practical ideas about {topic} from people who have been there and people "
    "who work in services.",
]


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
        course.save(update_fields=["status"])
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
        course.save(update_fields=["status"])
    title, topic, sessions = TEMPLATE
    _course(
        pairing=None, title=title, topic=topic, sessions=sessions, author=manager, is_template=True
    )


def seed_schedule(*, manager) -> None:
    """A current term, two venues, and the agreed and published courses on dates."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from .models import Room, Term, Venue
    from .services import course_capacity_set, sessions_schedule_weekly

    if Term.objects.exists():
        return
    today = timezone.localdate()
    term = Term.objects.create(
        name=f"Winter {today.year}",
        starts_on=today - timedelta(days=14),
        ends_on=today + timedelta(days=84),
        enrolment_opens_on=today - timedelta(days=30),
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


ACCESS_NEEDS = [
    "I use a wheelchair, so a space at a table without a chair would help.",
    "I may need to step out for short breaks.",
    "Large-print handouts, please.",
    "I would like to sit near the door.",
    "",
    "",
    "",
]
GOALS = [
    ("To feel more confident talking about how I am.", True),
    ("To find one or two things I can try when I cannot sleep.", False),
    ("To understand what my son is going through.", True),
    ("", False),
    ("", False),
]
FEEDBACK = [
    (5, "Hearing from both trainers, and their own experience.", "", "Thank you both."),
    (4, "The practical tips and the handout.", "A bit more time for questions.", ""),
    (5, "Feeling I was not the only one.", "", "You made it feel safe to talk."),
    (3, "Some of it.", "The room was too warm and the session felt rushed.", ""),
    (4, "Learning the words for things, in plain language.", "More examples.", "Thanks!"),
]


def seed_enrolments(*, student_emails: list[str], manager) -> None:
    """Students on courses: enrolments, two full courses with waiting lists and an open
    offer, and a past course (last term) with attendance and feedback. Written as rows
    (not through the services) so the demo sends no email."""
    from datetime import datetime, time, timedelta

    from django.db.models import Count, Q
    from django.utils import timezone

    from recovery_college.accounts.models import User

    from .models import Attendance, Enrolment, Feedback, Room, ScheduledSession, Term
    from .services import sessions_schedule_weekly

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
    from .services import session_schedule

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
    sessions_schedule_weekly(course=past, user=manager, first_starts_at=first, room=room)
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
    past.save(update_fields=["term", "capacity", "places_taken", "status"])
