"""`make bench` keeps working: its college builder and the bare project run at a tiny
size (no timings here; the benchmark itself prints those, see README "Performance")."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from bench import data, load
from workshops.models import Course, Enrolment

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def tiny(db):
    return data.college_build(courses=6, students=4, pairings=2, per_student=2)


def test_the_builder_makes_published_courses_in_one_term_with_places_counted(tiny):
    courses = Course.objects.filter(pk__in=tiny.course_ids + tiny.rush_course_ids)
    assert len(tiny.course_ids) == 6 and len(tiny.rush_course_ids) == 1
    assert {(c.status, c.term_id, c.live_version == c.version) for c in courses} == {
        ("published", tiny.term_id, True)
    }
    assert all(c.sessions.count() == 2 for c in courses)
    assert Enrolment.objects.filter(course_id__in=tiny.course_ids).count() == 8
    assert data.overbookings(course_ids=tiny.course_ids + tiny.rush_course_ids) == 0


def test_growing_the_college_adds_courses_whose_trainers_never_clash(tiny):
    grown = data.courses_add(built=tiny, more=5)
    assert len(grown.course_ids) == 11
    assert Course.objects.filter(term_id=tiny.term_id, status="published").count() == 12


def test_the_rush_reset_empties_the_rush_courses(tiny):
    course = Course.objects.get(pk=tiny.rush_course_ids[0])
    Enrolment.objects.create(course=course, student_id=tiny.student_ids[0], status="enrolled")
    Course.objects.filter(pk=course.pk).update(places_taken=1)
    data.rush_reset(built=tiny)
    assert not Enrolment.objects.filter(course=course).exists()
    assert data.overbookings(course_ids=[course.pk]) == 0


def test_a_session_cookie_from_the_builder_logs_the_student_in(tiny):
    cookies = data.session_cookies(user_ids=[tiny.student_ids[0]])
    client = Client()
    client.cookies["sessionid"] = cookies[tiny.student_ids[0]]
    assert client.get("/my-courses/").status_code == 200


def test_overbookings_counts_a_counter_that_disagrees_with_the_enrolments(tiny):
    Course.objects.filter(pk=tiny.course_ids[0]).update(places_taken=0)
    taken = Enrolment.objects.filter(course_id=tiny.course_ids[0]).exists()
    assert data.overbookings(course_ids=[tiny.course_ids[0]]) == (1 if taken else 0)


BARE_CHECK = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
call_command("rows_seed")
client = Client()
page = client.get("/")
posted = client.post("/insert/", {"row": "1", "note": "x"})
from rows.models import Entry
print(page.status_code, len(page.content), page.content.count(b"<li>"), posted.status_code,
      Entry.objects.count())
"""


def test_the_bare_project_reads_twenty_rows_at_the_page_size_asked_and_inserts(tmp_path):
    env = {
        **os.environ,
        "BARE_DATABASE_URL": f"sqlite:///{tmp_path / 'bare.sqlite3'}",
        "BARE_PAGE_BYTES": "5000",
        "DJANGO_SETTINGS_MODULE": "bareproject.settings",
        "PYTHONPATH": str(ROOT / "bench" / "bare"),
    }
    out = subprocess.run(
        [sys.executable, "-c", BARE_CHECK],
        env=env,
        cwd=ROOT / "bench" / "bare",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()
    assert out == ["200", "5000", "20", "302", "1"]


WRK_OUTPUT = """Running 2s test @ http://127.0.0.1:8716/healthz
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    35.10ms    5.12ms  60.00ms   80.00%
  Latency Distribution
     50%   34.20ms
     75%   37.00ms
     90%   41.00ms
     99%    1.20s
  570 requests in 2.00s, 200.00KB read
  Socket errors: connect 0, read 0, write 0, timeout 2
  Non-2xx or 3xx responses: 3
Requests/sec:    284.50
Transfer/sec:    100.00KB
"""


def test_the_wrk_summary_is_read_in_milliseconds():
    result = load.wrk_summary(WRK_OUTPUT)
    assert (result.rps, result.p50, result.p99, result.requests, result.errors) == (
        284.5,
        34.2,
        1200.0,
        570,
        5,
    )
