"""Time the co-production report with 500 courses.

    .venv/bin/python manage.py bench_report [--courses 500] [--runs 10]

Builds a throwaway term inside a transaction (courses with plans, held sessions, register
marks, debriefs, feedback and a cover), renders the report page, its CSV and its print
view through Django's test client, prints timings and query counts, and rolls back.
`build_report_term` is also what the report's query-count test builds."""

import statistics
import time
from datetime import datetime, timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recovery_college.accounts.models import MANAGERS_GROUP, User
from trainers.models import Pairing, Trainer
from workshops.models import (
    Course,
    CoverRequest,
    Debrief,
    DebriefSection,
    Feedback,
    ScheduledSession,
    Section,
    SessionPlan,
    Term,
)


class Rollback(Exception):
    pass


def build_report_term(n: int, *, peer: Trainer, practitioner: Trainer, name="Report term") -> Term:
    """A past term with `n` archived courses of one pairing, each with a 2-section plan,
    one held session, a debrief from each trainer and two feedback responses; every
    tenth session is delivered by one trainer. Bulk rows: fast, and no email."""
    today = timezone.localdate()
    term = Term.objects.create(
        name=name,
        starts_on=today - timedelta(days=400),
        ends_on=today - timedelta(days=1),
        enrolment_opens_on=today - timedelta(days=400),
    )
    pairing = Pairing.objects.create(
        peer=peer, practitioner=practitioner, start_date=today, status="ended", end_date=today
    )
    courses = Course.objects.bulk_create(
        Course(
            pairing=pairing,
            title=f"Report course {i:04}",
            summary="A course.",
            outcomes="Learn",
            status="archived",
            term=term,
            session_count=1,
            session_minutes=60,
            capacity=12,
        )
        for i in range(n)
    )
    plans = SessionPlan.objects.bulk_create(SessionPlan(course=c, number=1) for c in courses)
    sections = Section.objects.bulk_create(
        Section(plan=p, position=i, title=t, minutes=30, lead=lead)
        for p in plans
        for i, (t, lead) in enumerate([("Welcome", "shared"), ("Input", "practitioner")])
    )
    start = timezone.make_aware(datetime.combine(today - timedelta(days=390), datetime.min.time()))
    sessions = ScheduledSession.objects.bulk_create(
        ScheduledSession(
            course=c,
            number=1,
            starts_at=start + timedelta(hours=3 * i),
            ends_at=start + timedelta(hours=3 * i, minutes=60),
            online_link="https://meet.example.org/report",
            peer=peer,
            practitioner=practitioner,
        )
        for i, c in enumerate(courses)
    )
    CoverRequest.objects.bulk_create(
        CoverRequest(session=s, absent_trainer=peer, status="solo") for s in sessions[::10]
    )
    solo = {s.pk for s in sessions[::10]}
    debriefs = Debrief.objects.bulk_create(
        Debrief(session=s, trainer=t, submitted_at=s.ends_at, went_well="Good")
        for s in sessions
        for t in ((practitioner,) if s.pk in solo else (peer, practitioner))
    )
    by_course = {}
    for section in sections:
        by_course.setdefault(section.plan.course_id, []).append(section)
    DebriefSection.objects.bulk_create(
        DebriefSection(
            debrief=d,
            section=sec,
            position=sec.position,
            title=sec.title,
            minutes=sec.minutes,
            planned_lead=sec.lead,
            delivered_lead="peer" if sec.lead == "practitioner" else sec.lead,
        )
        for d in debriefs
        for sec in by_course[d.session.course_id]
    )
    Feedback.objects.bulk_create(
        Feedback(course=c, rating=4, both_led="yes", both_valued="partly")
        for c in courses
        for _ in range(2)
    )
    return term


class Command(BaseCommand):
    help = "Time the co-production report at 500 courses (rolls back after)."

    def add_arguments(self, parser):
        parser.add_argument("--courses", type=int, default=500)
        parser.add_argument("--runs", type=int, default=10)

    def handle(self, *args, courses: int, runs: int, **options):
        try:
            with transaction.atomic():
                peer = Trainer.objects.filter(kind="peer").first()
                practitioner = Trainer.objects.filter(kind="practitioner").first()
                manager = User.objects.filter(groups__name=MANAGERS_GROUP).first()
                if peer is None or practitioner is None or manager is None:
                    raise SystemExit("Run seed_demo first: the benchmark needs its people.")
                term = build_report_term(courses, peer=peer, practitioner=practitioner)
                self.stdout.write(f"{courses} courses in '{term.name}'")
                client = Client(HTTP_HOST="localhost")
                client.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")
                for label, name in [
                    ("report page", "workshops:report"),
                    ("report CSV", "workshops:report-csv"),
                    ("print view", "workshops:report-print"),
                ]:
                    self._time(client, label, reverse(name) + f"?term={term.pk}", runs)
                raise Rollback
        except Rollback:
            self.stdout.write("(all benchmark rows rolled back)")

    def _time(self, client, label, url, runs):
        client.get(url)  # warm up templates and caches
        timings = []
        for _ in range(runs):
            begin = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        self.stdout.write(
            f"{label:12} median {statistics.median(timings):7.1f} ms   worst "
            f"{max(timings):7.1f} ms   {len(ctx.captured_queries)} queries   ({runs} runs)"
        )
