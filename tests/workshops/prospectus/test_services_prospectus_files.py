"""The whole term's PDF and calendar are made once per change (services/prospectus_files.py):
queued for a worker when a change commits (and not at all in the manager's request when no
worker runs), one render for a burst of requests (a claim in the cache), a render that
the prospectus has moved past keeps nothing, and an older render never overwrites a
newer one."""

import io
import threading
import time

import pytest
from pypdf import PdfReader

from recovery_college.celery import app as celery_app
from workshops.models import Course, Term
from workshops.services import prospectus_files
from workshops.services.prospectus_cache import prospectus_changed, prospectus_version
from workshops.tasks import prospectus_file_render


@pytest.fixture
def with_worker(monkeypatch):
    """As in production: tasks go to a worker. Queued renders are recorded, not run."""
    queued = []
    celery_app.conf.task_always_eager = False  # tests/conftest.py puts it back
    task = prospectus_file_render
    monkeypatch.setattr(task, "apply_async", lambda args, **kw: queued.append(tuple(args)))
    return queued


@pytest.fixture
def renders(monkeypatch):
    """Counts real renders of the whole term's files (each still runs in full)."""
    calls = []
    real = prospectus_files.render_and_keep

    def counting(**kwargs):
        calls.append(kwargs["kind"])
        return real(**kwargs)

    monkeypatch.setattr(prospectus_files, "render_and_keep", counting)
    return calls


@pytest.mark.django_db
def test_a_change_queues_the_pdf_and_the_calendar_once_it_commits(
    catalogue, manager, with_worker, django_capture_on_commit_callbacks
):
    from workshops.services import course_unpublish

    term = Term.objects.get(name="Spring 2027")
    with django_capture_on_commit_callbacks(execute=True):
        course_unpublish(
            course=Course.objects.get(title="Money worries"), user=manager, reason="Unwell"
        )
        assert with_worker == []  # nothing before the commit
    version = prospectus_version()
    assert sorted(with_worker) == [("ics", term.pk, version), ("pdf", term.pk, version)]


@pytest.mark.django_db
def test_two_changes_in_one_commit_leave_one_render_of_each_kind_to_do(
    catalogue, with_worker, django_capture_on_commit_callbacks, renders
):
    with django_capture_on_commit_callbacks(execute=True):
        prospectus_changed()
        prospectus_changed()
    assert len(with_worker) == 4  # queued after each bump...
    results = [
        prospectus_files.render_queued(kind=k, term_id=t, version=v) for k, t, v in with_worker
    ]
    assert results.count("superseded") == 2  # ...but only the last version is made
    assert sorted(renders) == ["ics", "pdf"]


@pytest.mark.django_db
def test_without_a_worker_a_change_renders_nothing_in_the_managers_request(
    catalogue, manager, renders, django_capture_on_commit_callbacks
):
    from workshops.services import course_unpublish

    assert not prospectus_files.has_worker()  # the embedded default: tasks run in-process
    with django_capture_on_commit_callbacks(execute=True):
        course_unpublish(
            course=Course.objects.get(title="Money worries"), user=manager, reason="Unwell"
        )
    assert renders == []  # the first request for the PDF makes it


@pytest.mark.django_db
def test_the_queued_render_keeps_the_file_and_frees_its_claim(catalogue):
    term = Term.objects.get(name="Spring 2027")
    version = prospectus_version()
    assert prospectus_files.claim(kind="pdf", term_id=term.pk, version=version)
    assert prospectus_files.render_queued(kind="pdf", term_id=term.pk, version=version) == "made"
    kept = prospectus_files.stored(kind="pdf", term_id=term.pk, version=version)
    assert kept.body.startswith(b"%PDF-")
    assert prospectus_files.claim(kind="pdf", term_id=term.pk, version=version)  # freed


@pytest.mark.django_db
def test_a_render_the_prospectus_has_moved_past_keeps_nothing(catalogue, renders):
    term = Term.objects.get(name="Spring 2027")
    version = prospectus_version()
    prospectus_changed()
    assert prospectus_files.render_queued(kind="pdf", term_id=term.pk, version=version) == (
        "superseded"
    )
    assert renders == [] and prospectus_files.stored(kind="pdf", term_id=term.pk) is None


@pytest.mark.django_db
def test_an_older_render_never_overwrites_a_newer_one(catalogue):
    term = Term.objects.get(name="Spring 2027")
    prospectus_files.render_and_keep(kind="ics", term=term, version=7)
    prospectus_files.render_and_keep(kind="ics", term=term, version=6)  # finished late
    assert prospectus_files.stored(kind="ics", term_id=term.pk).version == 7


@pytest.mark.django_db
def test_places_left_are_printed_with_the_time_they_were_counted(catalogue):
    term = Term.objects.get(name="Spring 2027")
    Course.objects.filter(title="Money worries").update(places_taken=10)
    made = prospectus_files.render_and_keep(kind="pdf", term=term, version=prospectus_version())
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(made.body)).pages).split()
    )
    assert "10 of 10 places left" in text
    assert "Places: full; the waiting list is open" in text
    assert "Places left are as they were at 09:00 on 1 February 2027" in text
    assert "the website shows the places left now" in text


def test_a_burst_of_requests_at_the_same_moment_starts_one_render(monkeypatch):
    """Twelve threads ask at once with nothing kept: one claims and renders (slowly), the
    others wait for it and get the same file."""
    calls = []

    def slow_render(*, kind, term, version):
        calls.append(kind)
        time.sleep(0.5)
        entry = prospectus_files.StoredFile(
            kind=kind, term_id=term.pk, version=version, body=b"BEGIN:VCALENDAR", made_at=None
        )
        prospectus_files.cache.set(
            prospectus_files._key(kind, term.pk), prospectus_files.asdict(entry), None
        )
        return entry

    monkeypatch.setattr(prospectus_files, "render_and_keep", slow_render)
    term = Term(pk=424242, name="Burst")  # not saved: the render is faked, no rows needed
    barrier = threading.Barrier(12)
    got = []

    def ask():
        barrier.wait()
        got.append(prospectus_files.file_for(kind="ics", term=term, wait_seconds=5))

    threads = [threading.Thread(target=ask) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == ["ics"]
    assert len(got) == 12 and all(f is not None and f.body == b"BEGIN:VCALENDAR" for f in got)


@pytest.fixture
def redis_worker():
    from celery.contrib.testing.worker import start_worker

    celery_app.conf.task_always_eager = False  # tests/conftest.py puts it back
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_both_files_after_a_change_commits(redis_worker, room):
    from django.db import transaction

    from ...factories import PairingFactory, TermFactory
    from .support import publish

    term = TermFactory(name="Worker term")
    publish(PairingFactory(active=True), term, title="Made by the worker", room=room)
    with transaction.atomic():
        prospectus_changed()
    version = prospectus_version()
    deadline = time.monotonic() + 60
    kept = {}
    while time.monotonic() < deadline and len(kept) < 2:
        time.sleep(0.2)
        for kind in prospectus_files.KINDS:
            found = prospectus_files.stored(kind=kind, term_id=term.pk, version=version)
            if found is not None:
                kept[kind] = found
    assert b"Made by the worker" in kept["ics"].body
    assert kept["pdf"].body.startswith(b"%PDF-")
