"""The benchmark college: published courses in the current term, students and a busy
term's enrolments, built in whatever database Django is set up with.

Rules matter for a few rows and speed for the rest: one course per pairing is made the
way people make one (through the services: created, agreed by both trainers, scheduled,
published), and every other course is a copy of one of those made with bulk_create
(course, plans, sections, sessions, sign-offs, the live version's snapshot), with its
sessions moved to a free slot so no trainer is double-booked (PostgreSQL's exclusion
constraints would refuse it). Students and enrolments are bulk rows too, and each
course's `places_taken` is set from its enrolments, as the services keep it.

Used by `bench/run.py` (through `python -m bench.data`) and by tests/test_bench.py at a
tiny size."""

import argparse
import contextlib
import json
import os
import random
import sys
from dataclasses import asdict, dataclass, field
from datetime import datetime, time, timedelta

WORDS = [
    "Understanding anxiety",
    "Sleep and wellbeing",
    "Managing stress",
    "Hearing voices",
    "Recovery and hope",
    "Understanding psychosis",
    "Living with low mood",
    "Mindfulness for beginners",
    "Understanding state benefits",
    "Building confidence",
    "Anxiety and the body",
    "Creative writing for wellbeing",
    "Self-compassion",
    "Understanding medication",
    "Caring for someone",
    "Healthy relationships",
    "Coping with panic and anxiety",
    "Managing anger",
    "Understanding trauma",
    "Planning your recovery",
]
TOPICS = ["Wellbeing", "Understanding conditions", "Living well", "Carers", "Practical life"]
SLOTS = (time(9, 30), time(12, 30), time(15, 30), time(18, 30))
RUSH_CAPACITY = 25
PASSWORD = "bench-password-not-secret"  # noqa: S105 - benchmark accounts on localhost


@dataclass
class Built:
    """What the runner needs to find its way around the built college."""

    courses: int
    students: int
    course_ids: list[int] = field(default_factory=list)
    rush_course_ids: list[int] = field(default_factory=list)
    student_ids: list[int] = field(default_factory=list)
    manager_id: int = 0
    trainer_user_id: int = 0
    trainer_course_id: int = 0
    term_id: int = 0


def _slot(k: int, today) -> datetime:
    """The k-th free start for one pairing's courses: weekly sessions never meet, because
    first sessions use the first week of each fortnight and second ones the next week."""
    from django.utils import timezone

    block, within = divmod(k, 7 * len(SLOTS))
    day = today + timedelta(days=10 + block * 14 + within // len(SLOTS))
    return timezone.make_aware(datetime.combine(day, SLOTS[within % len(SLOTS)]))


def _prototype(pairing, manager, term, *, title, topic, starts_at):
    """One course the way people make one: through the services."""
    from workshops.services import (
        course_agree,
        course_capacity_set,
        course_create,
        course_publish,
        section_add,
        sessions_schedule_weekly,
    )

    course = course_create(
        user=pairing.peer.user,
        pairing=pairing,
        title=title,
        summary=f"{title}: what it is, what helps, and how people live well. Plain words.",
        outcomes="Know what helps\nTry one practical exercise\nMeet others who understand",
        audience="Anyone: people who use services, carers, family, friends and staff.",
        topic=topic,
        format="online",
        session_count=2,
        session_minutes=120,
    )
    for number in (1, 2):
        for position, lead in enumerate(("peer", "practitioner", "shared")):
            course.refresh_from_db()
            section_add(
                plan=course.plans.get(number=number),
                user=pairing.peer.user,
                base_version=course.version,
                title=f"Part {position + 1}",
                minutes=20,
                activity="Talk, then try it together.",
                materials="Handout",
                lead=lead,
            )
    course.refresh_from_db()
    for trainer in pairing.trainers:
        course_agree(course=course, user=trainer.user, version=course.version)
    sessions_schedule_weekly(
        course=course,
        user=manager,
        first_starts_at=starts_at,
        online_link=f"https://meet.example.org/bench-{course.pk}",
    )
    course_capacity_set(course=course, user=manager, capacity=20, term=term)
    return course_publish(course=course, user=manager)


def _copies(prototype, starts: list[datetime], titles: list[str], capacity: int) -> list[int]:
    """Copies of a published course with bulk_create, one per start time."""
    from workshops.models import (
        Course,
        CourseChange,
        CourseSignOff,
        ScheduledSession,
        Section,
        SessionPlan,
    )

    plans = list(SessionPlan.objects.filter(course=prototype).order_by("number"))
    sections = list(Section.objects.filter(plan__course=prototype).order_by("plan", "position"))
    sessions = list(ScheduledSession.objects.filter(course=prototype).order_by("number"))
    signoffs = list(CourseSignOff.objects.filter(course=prototype))
    change = CourseChange.objects.get(course=prototype, version=prototype.live_version)
    gap = sessions[1].starts_at - sessions[0].starts_at if len(sessions) > 1 else timedelta(0)
    length = sessions[0].ends_at - sessions[0].starts_at

    def clone(obj, **changes):
        values = {
            f.attname: getattr(obj, f.attname)
            for f in obj._meta.concrete_fields
            if not f.primary_key
        }
        values.update(changes)
        return type(obj)(**values)

    courses = Course.objects.bulk_create(
        [
            clone(
                prototype,
                title=title,
                summary=f"{title}: what it is, what helps, and how people live well.",
                capacity=capacity,
                places_taken=0,
            )
            for title in titles
        ]
    )
    new_plans = SessionPlan.objects.bulk_create(
        [clone(plan, course_id=c.pk) for c in courses for plan in plans]
    )
    plan_of = {(p.course_id, p.number): p.pk for p in new_plans}
    number_of = {p.pk: p.number for p in plans}
    Section.objects.bulk_create(
        [
            clone(s, plan_id=plan_of[(c.pk, number_of[s.plan_id])])
            for c in courses
            for s in sections
        ],
        batch_size=2000,
    )
    ScheduledSession.objects.bulk_create(
        [
            clone(
                s,
                course_id=c.pk,
                starts_at=start + gap * i,
                ends_at=start + gap * i + length,
                online_link=f"https://meet.example.org/bench-{c.pk}",
            )
            for c, start in zip(courses, starts, strict=True)
            for i, s in enumerate(sessions)
        ]
    )
    CourseSignOff.objects.bulk_create([clone(s, course_id=c.pk) for c in courses for s in signoffs])
    CourseChange.objects.bulk_create(
        [
            clone(
                change,
                course_id=c.pk,
                snapshot={**change.snapshot, "title": c.title, "summary": c.summary},
            )
            for c in courses
        ]
    )
    return [c.pk for c in courses]


def college_build(
    *, courses: int, students: int, pairings: int = 0, per_student: int = 6, seed: int = 16
) -> Built:
    """Build the college in the current (empty, migrated) database: `courses` published
    courses in the current term plus a few rush courses (empty, 25 places each) for the
    enrolment rush, taught by `pairings` pairs (default: one per 25 courses, 2 to 40)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from recovery_college.accounts.models import User
    from tests.factories import ManagerFactory, PairingFactory
    from tests.factories.builders import agreement_in_force
    from trainers.models import Topic
    from workshops.models import Course, Enrolment, Term

    rng = random.Random(seed)
    today = timezone.localdate()
    password = make_password(PASSWORD)
    built = Built(courses=courses, students=students)
    with transaction.atomic():
        manager = ManagerFactory(email="manager@bench.example.org", full_name="Morgan Manager")
        term = Term.objects.create(
            name="Bench term",
            starts_on=today - timedelta(days=7),
            ends_on=today + timedelta(days=150),
            enrolment_opens_on=today - timedelta(days=1),
        )
        topics = [Topic.objects.get_or_create(name=name)[0] for name in TOPICS]
        rush = max(1, min(10, courses // 100))
        total = courses + rush
        pairing_count = pairings or max(2, min(40, total // 25))
        pairing_count = min(pairing_count, total)
        pairs = [PairingFactory(active=True) for _ in range(pairing_count)]
        for pairing in pairs:
            agreement_in_force(pairing)
        per_pairing = [
            total // pairing_count + (i < total % pairing_count) for i in range(pairing_count)
        ]
        ids: list[int] = []
        for index, (pairing, count) in enumerate(zip(pairs, per_pairing, strict=True)):
            title = f"{WORDS[index % len(WORDS)]} ({index + 1})"
            proto = _prototype(
                pairing,
                manager,
                term,
                title=title,
                topic=topics[index % len(topics)],
                starts_at=_slot(0, today),
            )
            ids.append(proto.pk)
            if count > 1:
                titles = [
                    f"{WORDS[(index + k) % len(WORDS)]} ({index + 1}.{k})" for k in range(1, count)
                ]
                starts = [_slot(k, today) for k in range(1, count)]
                ids.extend(_copies(proto, starts, titles, capacity=20))
        built.rush_course_ids = ids[-rush:]
        built.course_ids = ids[:-rush]
        Course.objects.filter(pk__in=built.rush_course_ids).update(capacity=RUSH_CAPACITY)
        users = User.objects.bulk_create(
            [
                User(
                    email=f"student{i}@bench.example.org",
                    full_name=f"Student {i}",
                    password=password,
                )
                for i in range(students)
            ]
        )
        built.student_ids = [u.pk for u in users]
        # A busy term: each student holds places on a few courses, up to each course's 20.
        taken: dict[int, int] = {}
        rows = []
        for user in users:
            for course_id in rng.sample(built.course_ids, min(per_student, len(built.course_ids))):
                if taken.get(course_id, 0) < 20:
                    taken[course_id] = taken.get(course_id, 0) + 1
                    rows.append(
                        Enrolment(
                            course_id=course_id,
                            student_id=user.pk,
                            status=Enrolment.Status.ENROLLED,
                        )
                    )
        Enrolment.objects.bulk_create(rows, batch_size=2000)
        holding = (
            Enrolment.objects.filter(course=OuterRef("pk"), status__in=Enrolment.HOLDING)
            .order_by()
            .values("course")
            .annotate(n=Count("pk"))
            .values("n")
        )
        Course.objects.filter(term=term).update(places_taken=Coalesce(Subquery(holding), 0))
        User.objects.filter(pk__in=[p.peer.user_id for p in pairs] + [manager.pk]).update(
            password=password
        )
    built.manager_id = manager.pk
    built.trainer_user_id = pairs[0].peer.user_id
    built.trainer_course_id = ids[0]
    built.term_id = term.pk
    _prospectus_changed()
    return built


def _prospectus_changed():
    """Copies bypass the services, so tell the caches the prospectus changed."""
    try:
        from workshops.services.prospectus_cache import prospectus_changed
    except ImportError:  # pragma: no cover - a version of the app without it
        return
    from django.core.cache import cache
    from django.db import transaction

    with transaction.atomic():
        prospectus_changed()
    with contextlib.suppress(Exception):  # no cache server: nothing cached either
        cache.clear()  # the benchmark's own cache: nothing from an earlier college survives


def courses_add(*, built: Built, more: int) -> Built:
    """Grow the college by `more` published courses in the same term (copies of the
    first pairing's kind, spread over every pairing), for the growth measurements."""
    from django.db.models import Count, Min
    from django.utils import timezone

    from workshops.models import Course

    per_pairing = list(
        Course.objects.filter(pk__in=built.course_ids + built.rush_course_ids)
        .values("pairing_id")
        .annotate(first=Min("pk"), count=Count("pk"))
        .order_by("pairing_id")
    )
    done = {row["pairing_id"]: row["count"] for row in per_pairing}
    protos = list(
        Course.objects.filter(pk__in=[row["first"] for row in per_pairing]).order_by("pairing_id")
    )
    today = timezone.localdate()
    share = [more // len(protos) + (i < more % len(protos)) for i in range(len(protos))]
    for index, (proto, count) in enumerate(zip(protos, share, strict=True)):
        if not count:
            continue
        first = done[proto.pairing_id]
        titles = [
            f"{WORDS[(index + k) % len(WORDS)]} (g{index + 1}.{k})"
            for k in range(first, first + count)
        ]
        starts = [_slot(k, today) for k in range(first, first + count)]
        built.course_ids.extend(_copies(proto, starts, titles, capacity=20))
    built.courses = len(built.course_ids)
    _prospectus_changed()
    return built


def rush_reset(*, built: Built) -> None:
    """Empty the rush courses again, so every enrolment rush starts from the same state,
    with the confirmations of the rush before (a confirmation the worker has not written
    yet could not be, once its enrolment is gone)."""
    from recovery_college.notifications.models import OutboxMessage
    from workshops.models import Course, Enrolment

    rush = Enrolment.objects.filter(course_id__in=built.rush_course_ids)
    keys = [f"enrolled:{pk}" for pk in rush.values_list("pk", flat=True)]
    OutboxMessage.objects.filter(idempotency_key__in=keys).delete()
    rush.delete()
    Course.objects.filter(pk__in=built.rush_course_ids).update(places_taken=0)


def overbookings(*, course_ids: list[int]) -> int:
    """Courses holding more places than they have, or whose counter disagrees with the
    enrolments that hold a place (both must be 0)."""
    from django.db.models import Count, Q

    from workshops.models import Course, Enrolment

    wrong = 0
    counts = (
        Course.objects.filter(pk__in=course_ids)
        .annotate(held=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.HOLDING)))
        .values_list("capacity", "places_taken", "held")
    )
    for capacity, places_taken, held in counts:
        wrong += held > (capacity or 0) or held != places_taken
    return wrong


def session_cookies(*, user_ids: list[int]) -> dict[int, str]:
    """A logged-in session per user, as logging in makes one (what the test client's
    force_login does): the runner sends these as `sessionid` cookies."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from recovery_college.accounts.models import User

    store_class = import_string(settings.SESSION_ENGINE + ".SessionStore")
    cookies = {}
    for user in User.objects.filter(pk__in=user_ids):
        store = store_class()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        cookies[user.pk] = store.session_key
    return cookies


def main(argv=None) -> int:
    """`python -m bench.data build|grow|rush-reset|overbookings|sessions|analyze STATE.json`, with
    DATABASE_URL pointing at the benchmark database."""
    parser = argparse.ArgumentParser(prog="bench.data")
    parser.add_argument(
        "action",
        choices=["build", "grow", "rush-reset", "overbookings", "sessions", "analyze"],
    )
    parser.add_argument("state", help="JSON file that records what was built")
    parser.add_argument("--courses", type=int, default=1000)
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--more", type=int, default=0)
    parser.add_argument("--pairings", type=int, default=0)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_college.settings")
    import django

    django.setup()
    if args.action == "build":
        built = college_build(courses=args.courses, students=args.students, pairings=args.pairings)
        _save(args.state, built)
        statistics_refresh()
        return 0
    if args.action == "analyze":
        statistics_refresh()
        return 0
    built = built_load(args.state)
    if args.action == "grow":
        _save(args.state, courses_add(built=built, more=args.more))
        statistics_refresh()
    elif args.action == "rush-reset":
        rush_reset(built=built)
    elif args.action == "overbookings":
        print(overbookings(course_ids=built.course_ids + built.rush_course_ids))
    elif args.action == "sessions":
        users = [built.manager_id, built.trainer_user_id, *built.student_ids]
        json.dump({str(k): v for k, v in session_cookies(user_ids=users).items()}, sys.stdout)
    return 0


def statistics_refresh() -> None:
    """ANALYZE on PostgreSQL after bulk rows: a server with autovacuum off (or not yet
    round) leaves the planner without statistics, and the pages' queries then took ten
    times their time in a college that had just been built."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def built_load(path) -> Built:
    """The state file (the runner adds its own keys, such as the size it was built at)."""
    with open(path) as state:
        values = json.load(state)
    return Built(**{name: values[name] for name in Built.__dataclass_fields__})


def _save(path, built: Built) -> None:
    with open(path, "w") as out:
        json.dump(asdict(built), out)


if __name__ == "__main__":
    sys.exit(main())
