"""`make bench`: the app against a bare Django project, side by side, in one run.

1. Builds (or reuses) the benchmark college in its own PostgreSQL database
   (`bench/data.py`), and the bare project's database.
2. Starts the app under gunicorn (2 workers, DEBUG off, production settings on plain
   HTTP) with a Celery worker beside it, and the bare project (`bench/bare/`) under
   gunicorn (2 workers) on another port, its page padded to the prospectus page's size,
   with persistent database connections as the app has; and the same bare project with
   Django's defaults (a new database connection per request, as `startproject` makes
   it, the yardstick of the issue's own table) on the port after.
3. Measures interleaved: for each round, for each page, the app's page, the bare page and
   the bare page with Django's defaults, with wrk (one thread, 10 connections), so all
   share whatever else the machine does. The ratio is app requests/s ÷ bare requests/s
   of the same round; the table shows the median over rounds and the min–max spread, and
   the ratio to the bare page with Django's defaults beside it. Each logged-in page is
   measured twice: "reloaded" (the same address again with nothing written, which the
   app answers from the web process's memory) and "afresh" (each request at an address
   of its own, `bench/afresh.lua`, so the view runs as it does after any write).
4. The PDF: a burst of 20 downloads at once, with /healthz probed twice a second.
5. The enrolment rush: every student confirms a place on one of the rush courses, 20 at a
   time, against the bare INSERT (both bare projects) under the same concurrency
   (interleaved rounds); then
   counts overbookings (must be 0).
6. Growth: each page's time with Django's test client at three college sizes, in a
   separate database.

Options (environment): BENCH_QUICK=1 (small sizes, 1 round, 2 s runs); BENCH_REBUILD=1
(or --rebuild) to rebuild the college; BENCH_PG (default postgres://postgres@127.0.0.1:5432);
BENCH_REDIS_URL (default $REDIS_URL, else redis://127.0.0.1:6379/0: this Redis database is
the app's cache and broker during the run and is cleared when a college is built);
BENCH_APP_DIR (measure another checkout of the app, e.g. an older commit); BENCH_PORT
(default 8716; the bare project uses the next two ports); BENCH_ROUNDS, BENCH_SECONDS,
BENCH_COURSES, BENCH_STUDENTS, BENCH_GROWTH (e.g. "100,1000,5000")."""

import argparse
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import NamedTuple

from bench import load

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")


def _int(name: str, full: int, quick: int) -> int:
    return int(os.environ.get(name, quick if QUICK else full))


COURSES = _int("BENCH_COURSES", 1000, 200)
STUDENTS = _int("BENCH_STUDENTS", 300, 100)
ROUNDS = _int("BENCH_ROUNDS", 3, 1)
SECONDS = float(os.environ.get("BENCH_SECONDS", 3 if QUICK else 8))
CONNECTIONS = 10
RUSH_CONCURRENCY = 20
PDF_BURST = 20
GROWTH = [
    int(n)
    for n in os.environ.get("BENCH_GROWTH", "20,100,300" if QUICK else "100,1000,5000").split(",")
]
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS = (
    os.environ.get("BENCH_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
)
APP_DIR = Path(os.environ.get("BENCH_APP_DIR", ROOT)).resolve()
PORT = int(os.environ.get("BENCH_PORT", "8716"))
BARE_PORT = PORT + 1
# The same bare project with Django's default CONN_MAX_AGE=0 (a new database connection
# per request, as `startproject` gives): the yardstick the issue's own table used.
PLAIN_PORT = PORT + 2
HOST = "127.0.0.1"
DATA_DB = "rc_bench_data"
GROWTH_DB = "rc_bench_growth"
BARE_DB = "rc_bench_bare"
VAR = ROOT / "var" / "bench"
AFRESH_SCRIPT = ROOT / "bench" / "afresh.lua"
LOADS: list[float] = []  # the machine's 1-minute load average after each page's pair


def log(*args):
    print(*args, file=sys.stderr, flush=True)


# --- databases ---------------------------------------------------------------------------


def _psql(sql: str) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{PG}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


def _db_exists(name: str) -> bool:
    import psycopg2

    connection = psycopg2.connect(f"{PG}/postgres")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        found = cursor.fetchone() is not None
    connection.close()
    return found


def _db_fresh(name: str) -> None:
    _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{name}"')


# The app's production settings, on plain HTTP on this machine, with mail going nowhere
# (scripts/profile_*.py use them too).
PRODUCTION_ON_HTTP = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "EMAIL_URL": "dummymail://",
    "LOG_LEVEL": "WARNING",
}


def app_env(db: str, **extra) -> dict:
    """Production settings (DEBUG off) on plain HTTP on localhost."""
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(APP_DIR), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "recovery_college.settings",
        "DATABASE_URL": f"{PG}/{db}",
        "REDIS_URL": REDIS,
        **PRODUCTION_ON_HTTP,
        "SECRET_KEY": "bench-" + "k" * 50,
        "SITE_URL": f"http://{HOST}:{PORT}",
        **extra,
    }


def _python(args: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - this Python with our own arguments
        [sys.executable, *args], env=env, cwd=APP_DIR, check=True, text=True, **kwargs
    )


def college(db: str, *, courses: int, students: int, rebuild: bool, pairings: int = 0):
    """The built college's state (ids), building it first unless one of the same size
    is there already."""
    VAR.mkdir(parents=True, exist_ok=True)
    state = VAR / f"{db}.json"
    env = app_env(db)
    if not rebuild and state.exists() and _db_exists(db):
        built = json.loads(state.read_text())
        if built.get("size") == [courses, students, pairings]:
            log(f"reusing the college in {db} ({courses} courses, {students} students)")
            _python(["manage.py", "migrate", "--noinput", "-v0"], env)  # the app's newer ones
            _python(["-m", "bench.data", "analyze", str(state)], env)  # planner statistics
            return built
    log(f"building the college in {db}: {courses} courses, {students} students ...")
    started = time.monotonic()
    _db_fresh(db)
    _python(["manage.py", "migrate", "--noinput", "-v0"], env)
    _python(
        [
            "-m",
            "bench.data",
            "build",
            str(state),
            f"--courses={courses}",
            f"--students={students}",
            f"--pairings={pairings}",
        ],
        env,
    )
    built = json.loads(state.read_text())
    built["size"] = [courses, students, pairings]
    state.write_text(json.dumps(built))
    log(f"built in {time.monotonic() - started:.0f} s")
    return built


def bare_env(page_bytes: int, *, conn_max_age: int = 60) -> dict:
    return {
        **os.environ,
        "BARE_CONN_MAX_AGE": str(conn_max_age),
        "BARE_DATABASE_URL": f"{PG}/{BARE_DB}",
        "BARE_PAGE_BYTES": str(page_bytes),
        "DJANGO_SETTINGS_MODULE": "bareproject.settings",
        "PYTHONPATH": str(ROOT / "bench" / "bare"),
    }


# --- servers -----------------------------------------------------------------------------


class Servers:
    def __init__(self):
        self.processes: list[subprocess.Popen] = []
        VAR.mkdir(parents=True, exist_ok=True)

    def start(self, name: str, command: list[str], env: dict, cwd: Path, port: int | None):
        out = open(VAR / f"{name}.log", "w")  # noqa: SIM115 - the server's log while it runs
        process = subprocess.Popen(  # noqa: S603 - our own servers
            command,
            env=env,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        if port is not None:
            self.wait(port, name)
        return process

    def wait(self, port: int, name: str) -> None:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2)  # noqa: S310
                return
            except urllib.error.HTTPError:
                return  # it answers (the bare project has no /healthz)
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"{name} did not start: see {VAR / (name + '.log')}")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def gunicorn(module: str, port: int, *, chdir: Path) -> list[str]:
    return [
        str(VENV_BIN / "gunicorn"),
        module,
        "--workers",
        "2",
        "--bind",
        f"{HOST}:{port}",
        "--chdir",
        str(chdir),
        "--timeout",
        "30",
        "--log-level",
        "warning",
    ]


def get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    request = urllib.request.Request(f"http://{HOST}:{port}{path}")  # noqa: S310
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# --- the run -----------------------------------------------------------------------------


class Page(NamedTuple):
    name: str
    path: str
    cookie: str = ""
    afresh: bool = False  # each request at an address of its own: the view always runs


# What a browser holds after its first page with a form: the logged-in pages' answers are
# kept per session and CSRF secret (recovery_college/snapshot_pages.py), and a browser
# without a CSRF cookie would get a new one on every page.
CSRF_SECRET = secrets.token_hex(16)


def pages(built: dict, cookies: dict, static_path: str) -> list[Page]:
    """Every page the table measures. Each logged-in page twice: as a reload with nothing
    written (answered from the web process's memory) and afresh (the view runs, as after
    any write to the database; bench/afresh.lua)."""

    def as_user(user_id):
        return f"sessionid={cookies[str(user_id)]}; csrftoken={CSRF_SECRET}"

    logged_in = [
        ("My courses (student)", "/my-courses/", built["student_ids"][0]),
        (
            "plan editor (trainer)",
            f"/courses/{built['trainer_course_id']}/sessions/1/",
            built["trainer_user_id"],
        ),
        ("College page (manager)", "/college/", built["manager_id"]),
    ]
    return [
        Page("/prospectus/", "/prospectus/"),
        Page("/prospectus/?q=anxiety", "/prospectus/?q=anxiety"),
        Page("course page", f"/prospectus/courses/{built['course_ids'][0]}/"),
        Page("/prospectus.ics", "/prospectus.ics"),
        *(
            page
            for name, path, user_id in logged_in
            for page in (
                Page(f"{name}, reloaded", path, as_user(user_id)),
                Page(f"{name}, afresh", path, as_user(user_id), afresh=True),
            )
        ),
        Page("/healthz", "/healthz"),
        Page("a static file", static_path),
    ]


def _static_path(html: str) -> str:
    import re

    match = re.search(r'<link[^>]+href="(/static/[^"]+\.css)"', html)
    return match.group(1) if match else "/static/css/app.css"


def interleaved(page_list, rounds: int) -> dict:
    """{page: [(app Result, bare Result, plain bare Result), ...]} over the rounds: the
    app, the bare view, the bare view with Django's defaults, in turn for each page."""
    results: dict = {page.name: [] for page in page_list}
    for number in range(rounds):
        log(f"round {number + 1} of {rounds}")
        for name, path, cookie, afresh in page_list:
            app = load.wrk(
                f"http://{HOST}:{PORT}{path}",
                seconds=SECONDS,
                connections=CONNECTIONS,
                cookie=cookie,
                script=str(AFRESH_SCRIPT) if afresh else "",
            )
            get(PORT, "/healthz")  # wait out the requests wrk left queued at the app
            bare = load.wrk(f"http://{HOST}:{BARE_PORT}/", seconds=SECONDS, connections=CONNECTIONS)
            plain = load.wrk(
                f"http://{HOST}:{PLAIN_PORT}/", seconds=SECONDS, connections=CONNECTIONS
            )
            results[name].append((app, bare, plain))
            LOADS.append(os.getloadavg()[0])
            log(
                f"  {name}: {app.rps:.1f} req/s against bare {bare.rps:.1f}"
                f" (Django's defaults {plain.rps:.1f})"
            )
    return results


def rush(built: dict, cookies: dict, env: dict, rounds: int) -> dict:
    """Every student confirms a place on a rush course, RUSH_CONCURRENCY at a time; the
    bare INSERT gets as many POSTs at the same concurrency; interleaved rounds."""
    rush_ids = built["rush_course_ids"]
    jobs = [
        (
            f"/prospectus/courses/{rush_ids[i % len(rush_ids)]}/enrol/",
            {"access_needs": "", "goal": ""},
            f"sessionid={cookies[str(student)]}",
        )
        for i, student in enumerate(built["student_ids"])
    ]
    bare_jobs = [("/insert/", {"row": "1", "note": ""}, "") for _ in jobs]
    state = str(VAR / f"{DATA_DB}.json")
    runs = []
    for number in range(rounds):
        _python(["-m", "bench.data", "rush-reset", state], env)
        log(f"enrolment rush, round {number + 1} of {rounds}")
        app = load.posts(HOST, PORT, jobs, concurrency=RUSH_CONCURRENCY)
        bare = load.posts(HOST, BARE_PORT, bare_jobs, concurrency=RUSH_CONCURRENCY)
        plain = load.posts(HOST, PLAIN_PORT, bare_jobs, concurrency=RUSH_CONCURRENCY)
        over = int(
            _python(
                ["-m", "bench.data", "overbookings", state], env, stdout=subprocess.PIPE
            ).stdout.strip()
        )
        runs.append(
            {
                "app": app.__dict__,
                "bare": bare.__dict__,
                "plain": plain.__dict__,
                "overbookings": over,
            }
        )
        log(
            f"  {app.rps:.1f} enrolments/s ({app.statuses}) against bare {bare.rps:.1f}/s"
            f" (Django's defaults {plain.rps:.1f}/s); overbookings {over}"
        )
    return {"runs": runs, "places": len(rush_ids) * 25, "students": len(jobs)}


def growth() -> dict:
    """A fresh college at the smallest size, grown between measurements."""
    college(GROWTH_DB, courses=GROWTH[0], students=STUDENTS, rebuild=True, pairings=40)
    log(f"growth: test client at {', '.join(map(str, GROWTH))} courses")
    out = _python(
        ["-m", "bench.growth", str(VAR / f"{GROWTH_DB}.json"), *map(str, GROWTH)],
        app_env(GROWTH_DB),
        stdout=subprocess.PIPE,
    ).stdout
    return json.loads(out)


def _fmt(ms: float) -> str:
    return f"{ms / 1000:.1f} s" if ms >= 1000 else f"{ms:.0f} ms" if ms >= 10 else f"{ms:.1f} ms"


def report(results: dict, rush_result: dict, pdf: dict, grown: dict, meta: dict) -> str:
    lines = [
        f"Benchmark: {meta['courses']} published courses, {meta['students']} students; "
        f"gunicorn 2 workers each; wrk -t1 -c{CONNECTIONS} -d{SECONDS:g}s; "
        f"{meta['rounds']} interleaved round(s); bare page {meta['page_bytes']:,} bytes; "
        f"app {meta['app_dir']}; load average during the pages "
        f"{min(LOADS, default=0):.1f}–{max(LOADS, default=0):.1f} on {os.cpu_count()} cores",
        "",
        "| page | app req/s | bare req/s | ratio (median, min–max) | p50 | p99 | errors "
        "| bare, Django's defaults: req/s, ratio |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, runs in results.items():
        ratios = [a.rps / b.rps if b.rps else 0 for a, b, _ in runs]
        plain_ratios = [a.rps / c.rps if c.rps else 0 for a, _, c in runs]
        app_rps = statistics.median(a.rps for a, _, _ in runs)
        bare_rps = statistics.median(b.rps for _, b, _ in runs)
        plain_rps = statistics.median(c.rps for _, _, c in runs)
        lines.append(
            f"| {name} | {app_rps:,.1f} | {bare_rps:,.0f} | {statistics.median(ratios):.3g}× "
            f"({min(ratios):.3g}–{max(ratios):.3g}) | "
            f"{_fmt(statistics.median(a.p50 for a, _, _ in runs))} | "
            f"{_fmt(statistics.median(a.p99 for a, _, _ in runs))} | "
            f"{sum(a.errors for a, _, _ in runs)} | "
            f"{plain_rps:,.0f}, {statistics.median(plain_ratios):.3g}× |"
        )
    runs = rush_result["runs"]
    app_rps = statistics.median(r["app"]["rps"] for r in runs)
    bare_rps = statistics.median(r["bare"]["rps"] for r in runs)
    p95 = [r["app"]["p95"] / r["bare"]["p95"] for r in runs if r["bare"]["p95"]]
    plain_p95 = [r["app"]["p95"] / r["plain"]["p95"] for r in runs if r["plain"]["p95"]] or [0]
    lines += [
        "",
        f"Enrolment rush ({rush_result['students']} students, {RUSH_CONCURRENCY} at a time, "
        f"{rush_result['places']} places): {app_rps:.1f} enrolment POSTs/s against "
        f"{bare_rps:.1f} bare INSERT POSTs/s ({app_rps / bare_rps:.2f}×); confirm p50 "
        f"{_fmt(statistics.median(r['app']['p50'] for r in runs))}, p95 "
        f"{_fmt(statistics.median(r['app']['p95'] for r in runs))}; bare p95 "
        f"{_fmt(statistics.median(r['bare']['p95'] for r in runs))}; p95 ratio "
        f"{statistics.median(p95):.2f}× ({min(p95):.2f}–{max(p95):.2f}); against the bare "
        f"INSERT with Django's defaults: p95 "
        f"{_fmt(statistics.median(r['plain']['p95'] for r in runs))}, ratio "
        f"{statistics.median(plain_p95):.2f}×; answers "
        f"{runs[-1]['app']['statuses']} (302 enrolled, 200 full); overbookings "
        f"{sum(r['overbookings'] for r in runs)}",
        "",
        f"PDF burst ({PDF_BURST} × /prospectus.pdf at once): answers {pdf['statuses']}, "
        f"first PDF after {_fmt(pdf['first_ok_ms']) if pdf['first_ok_ms'] else 'never'}, "
        f"slowest {_fmt(pdf['slowest_ms'])}; /healthz meanwhile: {pdf['probe_ok']} answered, "
        f"{pdf['probe_failed']} failed, p50 {_fmt(pdf['probe_p50_ms'])}, "
        f"max {_fmt(pdf['probe_max_ms'])}",
        "",
        "Growth (Django test client in one process, DEBUG off; warm = median of 5 after a "
        "first, cold request with the cache cleared; queries of a warm request):",
        "",
        "| page | "
        + " | ".join((f"{int(size):,} courses" if size.isdigit() else size) for size in grown)
        + " |",
        "|---|" + "---|" * len(grown),
    ]
    if not grown:
        return "\n".join(lines[:-5])
    names = next(iter(grown.values())).keys()
    for name in names:
        cells = []
        for size in grown:
            cell = grown[size][name]
            extra = "" if cell["status"] == 200 else f" ({cell['status']})"
            cells.append(
                f"{_fmt(cell['warm_ms'])} warm, {_fmt(cell['cold_ms'])} cold, "
                f"{cell['queries']} q, {cell['bytes'] // 1024} KB{extra}"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="rebuild the benchmark college")
    parser.add_argument("--no-growth", action="store_true", help="skip the growth table")
    args = parser.parse_args(argv)
    rebuild = args.rebuild or os.environ.get("BENCH_REBUILD", "") not in ("", "0")
    started = time.monotonic()
    built = college(DATA_DB, courses=COURSES, students=STUDENTS, rebuild=rebuild)
    env = app_env(DATA_DB)
    _python(["manage.py", "collectstatic", "--noinput", "-v0"], env)
    if not _db_exists(BARE_DB):
        _psql(f'CREATE DATABASE "{BARE_DB}"')
    bare_dir = ROOT / "bench" / "bare"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        env=bare_env(0),
        cwd=bare_dir,
        check=True,
    )
    subprocess.run(
        [sys.executable, "manage.py", "rows_seed"], env=bare_env(0), cwd=bare_dir, check=True
    )
    cookies = json.loads(
        _python(
            ["-m", "bench.data", "sessions", str(VAR / f"{DATA_DB}.json")],
            env,
            stdout=subprocess.PIPE,
        ).stdout
    )
    servers = Servers()
    try:
        servers.start(
            "app", gunicorn("recovery_college.wsgi", PORT, chdir=APP_DIR), env, APP_DIR, PORT
        )
        servers.start(
            "worker",
            [
                # Below the web workers, as in production (docker-compose.yml gives the
                # worker a smaller CPU share): a PDF render must not starve the pages.
                "nice",
                "-n",
                "10",
                str(VENV_BIN / "celery"),
                "-A",
                "recovery_college",
                "worker",
                "--concurrency=1",
                "--loglevel=WARNING",
            ],
            env,
            APP_DIR,
            None,
        )
        status, body = get(PORT, "/prospectus/")
        if status != 200:
            raise SystemExit(f"/prospectus/ answered {status}: see {VAR / 'app.log'}")
        page_bytes = len(body)
        servers.start(
            "bare",
            gunicorn("bareproject.wsgi", BARE_PORT, chdir=bare_dir),
            bare_env(page_bytes),
            bare_dir,
            BARE_PORT,
        )
        servers.start(
            "bare-defaults",
            gunicorn("bareproject.wsgi", PLAIN_PORT, chdir=bare_dir),
            bare_env(page_bytes, conn_max_age=0),
            bare_dir,
            PLAIN_PORT,
        )
        page_list = pages(built, cookies, _static_path(body.decode()))
        for name, path, cookie, _ in page_list:  # warm up, and check each page answers
            status, _ = get(PORT, path, cookie)
            log(f"warm-up {name}: {status}")
        results = interleaved(page_list, ROUNDS)
        rush_result = rush(built, cookies, env, ROUNDS)
        # Last, because a PDF that never finishes holds a worker until gunicorn's 30 s
        # timeout kills it, and the queued downloads behind it after that.
        pdf = load.burst(
            HOST,
            PORT,
            "/prospectus.pdf",
            count=PDF_BURST,
            probe="/healthz",
            timeout=60 if QUICK else 120,
        )
        log(f"PDF burst: {pdf.statuses}")
    finally:
        servers.stop()
    grown = {} if args.no_growth else growth()
    meta = {
        "courses": COURSES,
        "students": STUDENTS,
        "rounds": ROUNDS,
        "page_bytes": page_bytes,
        "app_dir": APP_DIR,
    }
    text = report(results, rush_result, pdf.__dict__, grown, meta)
    text += f"\n\nWhole run: {(time.monotonic() - started) / 60:.1f} minutes."
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (VAR / f"result-{stamp}.md").write_text(text + "\n")
    print(text)
    log(f"saved in {VAR / f'result-{stamp}.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
