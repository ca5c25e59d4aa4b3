"""How long the whole term's prospectus PDF and calendar take to make for 1,000 courses.

Builds a term of 1,000 published courses (4 weekly sessions each, 100 rooms, 200 pairs,
some full) in an EMPTY throwaway database, then times one render of each kind exactly as
the background task makes them (services/prospectus_files.render_and_keep):

    createdb rc_pdf_timing
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/rc_pdf_timing
    .venv/bin/python manage.py migrate -v0
    .venv/bin/python scripts/prospectus_pdf_timing.py   # again: reuses the term it built
    dropdb rc_pdf_timing

It refuses to run on a database that already has users. Timings stay out of the tests."""

import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_college.settings")
os.environ.setdefault("DEBUG", "1")  # a development machine: no SECRET_KEY needed

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from workshops.models import Term  # noqa: E402

COURSES, ROOMS, PAIRS, SESSIONS = 1000, 100, 200, 4
TERM_NAME = "Timing term"


def build():
    from tests.factories import (
        PairingFactory,
        RoomFactory,
        TermFactory,
        TopicFactory,
        VenueFactory,
    )
    from workshops.models import Course, ScheduledSession

    today = timezone.localdate()
    term = TermFactory(name=TERM_NAME, starts_on=today, ends_on=today + timedelta(days=90))
    venues = [VenueFactory(name=f"Community Centre {v}") for v in range(ROOMS // 5)]
    rooms = [
        RoomFactory(venue=venues[i // 5], name=f"Room {i % 5 + 1}", step_free_access=i % 3 == 0)
        for i in range(ROOMS)
    ]
    pairings = [PairingFactory(active=True) for _ in range(PAIRS)]
    topics = [TopicFactory(name=name) for name in ["Sleep", "Anxiety", "Money", "Voices", "Work"]]
    summary = (
        "A friendly course for anyone who wants to understand {t} better, share what helps "
        "and leave with a plan of their own. Come as you are; no experience needed."
    )
    courses = Course.objects.bulk_create(
        Course(
            pairing=pairings[i % PAIRS],
            title=f"Living well with {topics[i % 5].name.lower()}: part {i}",
            summary=summary.format(t=topics[i % 5].name.lower()),
            outcomes="Learn",
            topic=topics[i % 5],
            format="in_person",
            status="published",
            term=term,
            session_count=SESSIONS,
            session_minutes=120,
            capacity=12,
            places_taken=12 if i % 7 == 0 else i % 12,
        )
        for i in range(COURSES)
    )
    sessions = []
    for i, course in enumerate(courses):
        offset = i // ROOMS  # 0..9: a course's room and pair are free on its days and hour
        first = timezone.make_aware(
            datetime.combine(today + timedelta(days=offset), datetime.min.time())
        ) + timedelta(hours=8 + offset)
        pairing = pairings[i % PAIRS]
        for n in range(SESSIONS):
            starts = first + timedelta(days=7 * n)
            sessions.append(
                ScheduledSession(
                    course=course,
                    number=n + 1,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=50),
                    room=rooms[i % ROOMS],
                    peer=pairing.peer,
                    practitioner=pairing.practitioner,
                )
            )
    ScheduledSession.objects.bulk_create(sessions)
    return term


def _pages(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def main():
    from workshops.services import prospectus_files
    from workshops.services.prospectus_cache import prospectus_version

    term = Term.objects.filter(name=TERM_NAME).first()  # built by an earlier run
    if term is None:
        if get_user_model().objects.exists():
            sys.exit("This database already has users: use an empty throwaway database.")
        started = time.perf_counter()
        with transaction.atomic():
            term = build()
        print(f"built {COURSES} courses in {time.perf_counter() - started:.1f} s")
    for kind in prospectus_files.KINDS:
        started, cpu = time.perf_counter(), time.process_time()
        made = prospectus_files.render_and_keep(kind=kind, term=term, version=prospectus_version())
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        pages = _pages(made.body) if kind == "pdf" else made.body.count(b"BEGIN:VEVENT")
        what = "pages" if kind == "pdf" else "events"
        size = len(made.body) / 1e6
        print(f"{kind}: {took:.1f} s ({cpu:.1f} s of CPU), {size:.2f} MB, {pages} {what}")
    out = Path(os.environ.get("PDF_OUT", "var/prospectus-1000.pdf"))
    out.write_bytes(prospectus_files.stored(kind="pdf", term_id=term.pk).body)
    print(f"PDF written to {out}")


if __name__ == "__main__":
    main()
