"""How each page's time grows with the college: Django's test client, in this process,
against the growth database (DEBUG off), at each size. For each page: the first request
after the size changed (with the cache cleared: "cold") and the median of the next few
("warm"), plus the number of queries of the warm request. A logged-in page's warm requests
each ask for an address of its own (an `afresh` parameter the page ignores), so the view
runs every time: a reload with nothing written is answered from the web process's memory
(recovery_college/snapshot_pages.py), which would say nothing about growth.

`python -m bench.growth STATE.json SIZE [SIZE...]` with DATABASE_URL pointing at a
database already built at the first size; it grows the college between sizes and prints
JSON."""

import contextlib
import json
import os
import statistics
import sys
import time


def pages(built) -> list[tuple[str, str, int | None]]:
    """(name, path, user id to log in as) for every page the growth table follows."""
    return [
        ("/prospectus/", "/prospectus/", None),
        ("/prospectus/?q=anxiety", "/prospectus/?q=anxiety", None),
        ("course page", f"/prospectus/courses/{built.course_ids[0]}/", None),
        ("/prospectus.ics", "/prospectus.ics", None),
        ("My courses (student)", "/my-courses/", built.student_ids[0]),
        (
            "plan editor (trainer)",
            f"/courses/{built.trainer_course_id}/sessions/1/",
            built.trainer_user_id,
        ),
        ("College page (manager)", "/college/", built.manager_id),
    ]


def measure(built, *, repeats: int = 5) -> dict:
    """{page: {"cold_ms", "warm_ms", "queries", "bytes", "status"}} at the current size."""
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from recovery_college.accounts.models import User

    with contextlib.suppress(Exception):  # no cache server: nothing cached either
        cache.clear()
    out = {}
    for name, path, user_id in pages(built):
        client = Client()
        if user_id is not None:
            client.force_login(
                User.objects.get(pk=user_id), backend="django.contrib.auth.backends.ModelBackend"
            )
        started = time.perf_counter()
        response = client.get(path)
        cold = (time.perf_counter() - started) * 1000
        warm = []
        for n in range(repeats):
            address = path if user_id is None else f"{path}?afresh={n}"
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(address)
                warm.append((time.perf_counter() - started) * 1000)
        out[name] = {
            "cold_ms": round(cold, 1),
            "warm_ms": round(statistics.median(warm), 1),
            "queries": len(queries),
            "bytes": len(response.content),
            "status": response.status_code,
        }
    return out


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    state, sizes = argv[0], [int(s) for s in argv[1:]]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_college.settings")
    import django

    django.setup()
    from bench.data import built_load, courses_add

    built = built_load(state)
    results = {}
    for size in sizes:
        if size > built.courses:
            built = courses_add(built=built, more=size - built.courses)
        results[str(size)] = measure(built)
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
