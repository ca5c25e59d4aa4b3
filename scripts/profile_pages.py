"""Where the logged-in pages spend their time: mean ms per request, queries, and cProfile.

The three logged-in pages `make bench` measures (My courses as a student, the plan editor
as a trainer, the College page as a manager), each requested N times through Django's test
client in this process with production settings (DEBUG off), against the benchmark college
in PostgreSQL and Redis. For each page it prints the mean and median ms per request (no
profiler, no query capture) twice: "kept", the same address again with nothing written
(answered from the process's memory, recovery_college/snapshot_pages.py), and "afresh", a
new address each time so the view runs (as after any write); then the queries of one
request afresh, and cProfile's top 30 functions by cumulative and by own time over N more
requests afresh (--callees FUNCTION: what one function calls).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/rc_pages   # its own database
    export REDIS_URL=redis://127.0.0.1:6379/4                          # its own Redis db
    .venv/bin/python scripts/profile_pages.py var/rc_pages.json          # builds, then measures
    .venv/bin/python scripts/profile_pages.py var/rc_pages.json -n 200   # reuses what it built
    .venv/bin/python scripts/profile_pages.py var/rc_pages.json --no-profile --queries

The first run (or --rebuild) drops and recreates the database named in DATABASE_URL,
migrates it and builds the college exactly as `bench/run.py` does (`python -m bench.data
build STATE --courses=1000 --students=300 --pairings=40`), so point it at a throwaway
database. It runs collectstatic first (DEBUG off reads the manifest). --queries prints
each query's SQL; --page picks pages (student, trainer, manager). Timings are this
machine's and stay out of the tests."""

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import PRODUCTION_ON_HTTP  # noqa: E402 - after the path is set

SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "recovery_college.settings",
    **PRODUCTION_ON_HTTP,
    "SECRET_KEY": "profile-" + "k" * 50,
    "SITE_URL": "http://127.0.0.1:8716",
}
SIZE = {"courses": 1000, "students": 300, "pairings": 40}


def build(state: Path) -> None:
    """A fresh benchmark college in DATABASE_URL, as bench/run.py's college() builds it."""
    url = os.environ["DATABASE_URL"]
    server, name = url.rsplit("/", 1)
    env = {**os.environ, **SETTINGS}

    def psql(sql: str) -> None:
        subprocess.run(  # noqa: S603 - psql with our own statement
            ["psql", f"{server}/postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql],  # noqa: S607
            check=True,
        )

    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}"')
    run = {"env": env, "cwd": ROOT, "check": True}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], **run)  # noqa: S603
    size = [f"--{key}={value}" for key, value in SIZE.items()]
    subprocess.run([sys.executable, "-m", "bench.data", "build", str(state), *size], **run)  # noqa: S603


def pages(built: dict) -> list[tuple[str, str, str, int]]:
    """(key, name, path, user id): the logged-in pages of bench/run.py's pages()."""
    return [
        ("student", "My courses (student)", "/my-courses/", built["student_ids"][0]),
        (
            "trainer",
            "plan editor (trainer)",
            f"/courses/{built['trainer_course_id']}/sessions/1/",
            built["trainer_user_id"],
        ),
        ("manager", "College page (manager)", "/college/", built["manager_id"]),
    ]


def _afresh(path: str, n: int) -> str:
    """The page at an address of its own (a parameter it ignores): never a kept answer."""
    return f"{path}{'&' if '?' in path else '?'}afresh={n}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("state", type=Path, help="JSON file recording the built college")
    parser.add_argument("-n", type=int, default=200, help="requests per page (default 200)")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--page", choices=["student", "trainer", "manager"], action="append")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--queries", action="store_true", help="print each query's SQL")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument(
        "--callees", metavar="FUNCTION", help="also print what FUNCTION calls, with their times"
    )
    args = parser.parse_args(argv)

    if args.rebuild or not args.state.exists():
        args.state.parent.mkdir(parents=True, exist_ok=True)
        build(args.state)
    os.environ.update(SETTINGS)
    subprocess.run(  # noqa: S603 - the manifest production settings read static URLs from
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from recovery_college.accounts.models import User

    built = json.loads(args.state.read_text())
    for key, name, path, user_id in pages(built):
        if args.page and key not in args.page:
            continue
        client = Client()
        client.force_login(
            User.objects.get(pk=user_id), backend="django.contrib.auth.backends.ModelBackend"
        )
        for _ in range(5):  # warm: templates compiled, URL resolvers filled, connection open
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_afresh(path, -1))
        captured = list(queries.captured_queries)  # a view of the log the next request clears
        # Kept: the same address again with nothing written, answered from this process's
        # memory (recovery_college/snapshot_pages.py). Afresh: a new address each time (an
        # unknown parameter the page ignores), so the view runs, as after any write.
        timings = {}
        for how in ("kept", "afresh"):
            times = []
            for n in range(args.n):
                address = path if how == "kept" else _afresh(path, n)
                started = time.perf_counter()
                client.get(address)
                times.append((time.perf_counter() - started) * 1000)
            timings[how] = times
        print(f"\n=== {name} {path}")
        for how, times in timings.items():
            print(
                f"{how}: mean {statistics.mean(times):.2f} ms,"
                f" median {statistics.median(times):.2f} ms over {args.n}"
            )
        print(f"{len(captured)} queries afresh; {len(response.content)} bytes")
        if args.queries:
            for query in captured:
                print(f"  {query['time']}s", query["sql"][:300])
        if args.no_profile:
            continue
        profile = cProfile.Profile()
        profile.enable()
        for n in range(args.n):
            client.get(_afresh(path, 10**6 + n))
        profile.disable()
        calls = pstats.Stats(profile).total_calls / args.n
        print(f"{calls:.0f} Python function calls per request (cProfile)")
        for order in ("cumulative", "tottime"):
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out).strip_dirs().sort_stats(order)
            stats.print_stats(args.top)
            print(f"--- top {args.top} by {order} ({args.n} requests)")
            print(out.getvalue().split("\n", 4)[-1].rstrip())
        if args.callees:
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out).strip_dirs().sort_stats("cumulative")
            stats.print_callees(args.callees)
            print(f"--- what {args.callees} calls ({args.n} requests)")
            print(out.getvalue().rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
