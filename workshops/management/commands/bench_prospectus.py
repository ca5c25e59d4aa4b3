"""Time the public prospectus with 1,000 published courses.

    .venv/bin/python manage.py bench_prospectus [--courses 1000] [--runs 20]

Builds a throwaway term inside a transaction, renders the prospectus list and one course
page through Django's test client, prints timings and query counts, and rolls back.
"""

import statistics
import time
from datetime import datetime, timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trainers.models import Pairing, Trainer
from workshops.models import Course, ScheduledSession, Term


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time rendering the prospectus at 1,000 published courses (rolls back after)."

    def add_arguments(self, parser):
        parser.add_argument("--courses", type=int, default=1000)
        parser.add_argument("--runs", type=int, default=20)

    def handle(self, *args, courses: int, runs: int, **options):
        try:
            with transaction.atomic():
                term = self._build(courses)
                self._measure(term, runs)
                raise Rollback
        except Rollback:
            self.stdout.write("(all benchmark rows rolled back)")

    def _build(self, n: int) -> Term:
        today = timezone.localdate()
        term = Term.objects.create(
            name="Benchmark term",
            starts_on=today - timedelta(days=400),
            ends_on=today + timedelta(days=400),
            enrolment_opens_on=today - timedelta(days=400),
        )
        peer = Trainer.objects.filter(kind="peer").first()
        practitioner = Trainer.objects.filter(kind="practitioner").first()
        if peer is None or practitioner is None:
            raise SystemExit("Run seed_demo first: the benchmark needs one trainer of each kind.")
        pairing = Pairing(
            peer=peer, practitioner=practitioner, start_date=today, status="ended", end_date=today
        )
        pairing.save()
        made = Course.objects.bulk_create(
            Course(
                pairing=pairing,
                title=f"Benchmark course {i:04}",
                summary="A course. " * 20,
                outcomes="Learn",
                status="published",
                term=term,
                session_count=1,
                session_minutes=60,
                capacity=12,
            )
            for i in range(n)
        )
        start = timezone.make_aware(
            datetime.combine(today - timedelta(days=300), datetime.min.time())
        )
        ScheduledSession.objects.bulk_create(
            ScheduledSession(
                course=c,
                number=1,
                starts_at=start + timedelta(hours=i),
                ends_at=start + timedelta(hours=i, minutes=50),
                online_link="https://meet.example.org/bench",
                peer=peer,
                practitioner=practitioner,
            )
            for i, c in enumerate(made)
        )
        self.stdout.write(f"{n} published courses in '{term.name}'")
        return term

    def _time(self, client, url, runs):
        client.get(url)  # warm up templates and caches
        timings = []
        for _ in range(runs):
            begin = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return statistics.median(timings), max(timings), len(ctx.captured_queries)

    def _measure(self, term: Term, runs: int) -> None:
        client = Client(HTTP_HOST="localhost")  # a host the default ALLOWED_HOSTS accepts
        course = Course.objects.filter(term=term).first()
        for label, url in [
            ("prospectus list", reverse("workshops:prospectus") + f"?term={term.pk}"),
            (
                "prospectus search",
                reverse("workshops:prospectus") + f"?term={term.pk}&q=course&time=morning",
            ),
            ("course page", reverse("workshops:prospectus-course", args=[course.pk])),
        ]:
            median, worst, queries = self._time(client, url, runs)
            self.stdout.write(
                f"{label:22} median {median:7.1f} ms   worst {worst:7.1f} ms   "
                f"{queries} queries   ({runs} runs)"
            )
