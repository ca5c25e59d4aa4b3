"""What one enrolment confirm POST costs in the web process: CPU ms, wall ms and queries.

`make bench`'s rush queues 20 students at a time on 2 gunicorn workers, so its p95 is
about queue length ÷ throughput, and throughput is set by the CPU one confirm POST
(`POST /prospectus/courses/<id>/enrol/`) takes in the web process. This script measures
exactly that, with Django's test client in one process against PostgreSQL and Redis, as
production runs (DEBUG off, tasks handed to the broker rather than run inline; no Celery
worker needs to run: the outbox rows simply wait):

    createdb -h 127.0.0.1 -U postgres rc_enrol        # an empty database of your own
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rc_enrol \\
    REDIS_URL=redis://127.0.0.1:6379/3 \\
      .venv/bin/python scripts/profile_enrol.py [--posts 200] [--profile 25]

The first run migrates and builds a small college (`bench.data`: 50 courses, 100
students, 10 pairings, one rush course of 25 places) and records it in
var/profile_enrol.json; later runs reuse it. Each POST is a different student taking a
place on the rush course, with a CSRF cookie and token as a browser sends them; the rush
course is emptied again (outside the timing) before it fills. It prints the mean,
median and fastest-quarter CPU and wall milliseconds per POST (the machine is shared:
compare runs by the fastest quarter), the queries per POST, and a cProfile of the POSTs
(by CPU time): Python function calls per POST, a figure other processes cannot disturb,
and the top entries by cumulative time. It refuses a database that has users but no state
file (it is not yours). Timings stay out of the tests."""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.run import PRODUCTION_ON_HTTP  # noqa: E402 - after the path is set

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_college.settings")
for _name, _value in PRODUCTION_ON_HTTP.items():
    os.environ.setdefault(_name, _value)
os.environ["DEBUG"] = "0"
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"
os.environ.setdefault("SECRET_KEY", "profile-" + "k" * 50)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench import data  # noqa: E402

STATE = ROOT / "var" / "profile_enrol.json"
FORM_ENCODED = "application/x-www-form-urlencoded"


def college() -> data.Built:
    if STATE.exists():
        return data.built_load(STATE)
    call_command("migrate", "--noinput", verbosity=0)
    from recovery_college.accounts.models import User

    if User.objects.exists():
        sys.exit("This database already has users: point DATABASE_URL at an empty one.")
    STATE.parent.mkdir(parents=True, exist_ok=True)
    built = data.college_build(courses=50, students=100, pairings=10)
    data._save(STATE, built)
    return built


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=200, help="confirm POSTs to time")
    parser.add_argument("--profile", type=int, default=25, help="cProfile lines to print")
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL, as production runs.")
    built = college()
    cookies = data.session_cookies(user_ids=built.student_ids)
    course_id = built.rush_course_ids[0]
    url = reverse("workshops:enrol", args=[course_id])
    token = "a" * 32  # a CSRF secret as the cookie holds it; the form sends the same
    clients = []
    for student in built.student_ids:
        client = Client(enforce_csrf_checks=True)
        client.cookies["sessionid"] = cookies[student]
        client.cookies["csrftoken"] = token
        clients.append(client)
    # URL-encoded, as a browser (and `make bench`) sends the form
    body = urlencode({"access_needs": "", "goal": "", "csrfmiddlewaretoken": token})

    def post(client) -> tuple[float, float, int]:
        with CaptureQueriesContext(connection) as queries:
            cpu, wall = time.process_time(), time.perf_counter()
            response = client.post(url, body, content_type=FORM_ENCODED)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if response.status_code != 302:
            sys.exit(f"POST answered {response.status_code}, not a redirect to the enrolment")
        return cpu * 1000, wall * 1000, len(queries.captured_queries)

    def rounds(count: int, profiler: cProfile.Profile | None = None):
        results, done = [], 0
        while done < count:
            data.rush_reset(built=built)
            for client in clients[: min(data.RUSH_CAPACITY, count - done)]:
                if profiler:
                    profiler.enable()
                results.append(post(client))
                if profiler:
                    profiler.disable()
                done += 1
        return results

    rounds(data.RUSH_CAPACITY)  # warm up: imports, template loading, connections
    results = rounds(args.posts)
    cpu = [r[0] for r in results]
    wall = [r[1] for r in results]
    queries = sorted({r[2] for r in results})
    print(f"{len(results)} confirm POSTs on course {course_id}")
    for name, values in (("CPU", cpu), ("wall", wall)):
        mean, median = statistics.mean(values), statistics.median(values)
        quarter = statistics.quantiles(values, n=4)[0]
        print(f"{name} ms per POST: mean {mean:.2f}, median {median:.2f}, ", end="")
        print(f"fastest quarter {quarter:.2f}")
    print(f"queries per POST: {', '.join(map(str, queries))}")
    if args.profile:
        profiler = cProfile.Profile(time.process_time)  # CPU, not waiting
        rounds(min(args.posts, 100), profiler)
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
        profiled = min(args.posts, 100)
        print(f"Python function calls per POST: {stats.total_calls / profiled:.0f}")
        stats.print_stats(args.profile)
        print(out.getvalue())
    data.rush_reset(built=built)
    return 0


if __name__ == "__main__":
    sys.exit(main())
