"""Small load tools wrk cannot do on its own: POSTs that each carry their own student's
session (the enrolment rush), a burst of slow downloads with a probe beside it (the PDF),
and the wrk runner and parser the benchmark uses for every GET."""

import http.client
import re
import secrets
import statistics
import string
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlencode


@dataclass
class Result:
    """One measurement: requests per second and latencies in milliseconds."""

    rps: float
    p50: float
    p99: float
    p95: float = 0.0
    requests: int = 0
    errors: int = 0  # sockets that failed, timeouts, and answers that were not 2xx/3xx
    statuses: dict = field(default_factory=dict)


def csrf_token() -> str:
    """A CSRF secret as Django 5 keeps it in the cookie (32 letters and digits); Django
    accepts the same unmasked value as the form's token."""
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(
    url: str, *, seconds: float, connections: int, cookie: str = "", script: str = ""
) -> Result:
    """Run wrk (one thread, `connections` keep-alive connections) and read its summary;
    `script` is a wrk Lua script that makes each request (bench/afresh.lua)."""
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        "60s",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", script]
    out = subprocess.run(  # noqa: S603 - wrk with our own arguments
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 120
    ).stdout
    return wrk_summary(out)


def wrk_summary(out: str) -> Result:
    """wrk's --latency summary as a Result (milliseconds; errors are failed sockets,
    timeouts and answers that were not 2xx/3xx)."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        errors += sum(int(n) for n in match.groups())
    return Result(rps=rps, p50=p50, p99=p99, requests=requests, errors=errors)


def _request(host, port, method, path, *, headers=None, body=None, timeout=60.0):
    """One request on a fresh connection (as a browser's first request is): status and
    milliseconds, or (None, ms) when it failed."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = None
    finally:
        connection.close()
    return status, (time.perf_counter() - started) * 1000


def posts(host: str, port: int, jobs: list[tuple[str, dict, str]], *, concurrency: int) -> Result:
    """POST each (path, form fields, cookie) once, `concurrency` at a time. Each POST
    carries a CSRF cookie and the matching form token, as a browser's would."""

    def one(job):
        path, fields, cookie = job
        token = csrf_token()
        body = urlencode({**fields, "csrfmiddlewaretoken": token})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={token}" + (f"; {cookie}" if cookie else ""),
        }
        return _request(host, port, "POST", path, headers=headers, body=body)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        answers = list(pool.map(one, jobs))
    elapsed = time.perf_counter() - started
    times = sorted(ms for _, ms in answers)
    statuses: dict = {}
    for status, _ in answers:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return Result(
        rps=len(jobs) / elapsed,
        p50=statistics.median(times),
        p95=_percentile(times, 95),
        p99=_percentile(times, 99),
        requests=len(jobs),
        errors=sum(n for s, n in statuses.items() if s == "None" or s.startswith("5")),
        statuses=statuses,
    )


def _percentile(ordered: list[float], pct: float) -> float:
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


@dataclass
class Burst:
    statuses: dict
    slowest_ms: float
    first_ok_ms: float | None
    probe_ok: int
    probe_failed: int
    probe_p50_ms: float
    probe_max_ms: float


def burst(host: str, port: int, path: str, *, count: int, probe: str, timeout: float) -> Burst:
    """`count` GETs of `path` at once while `probe` is fetched every half second: do the
    downloads work, and does the site keep answering meanwhile?"""
    stop = threading.Event()
    probes: list[tuple[int | None, float]] = []

    def probing():
        while not stop.is_set():
            probes.append(_request(host, port, "GET", probe, timeout=10))
            stop.wait(0.5)

    prober = threading.Thread(target=probing, daemon=True)
    prober.start()
    with ThreadPoolExecutor(count) as pool:
        answers = list(
            pool.map(lambda _: _request(host, port, "GET", path, timeout=timeout), range(count))
        )
    stop.set()
    prober.join(timeout=15)
    statuses: dict = {}
    for status, _ in answers:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    ok = [ms for status, ms in answers if status == 200]
    probe_times = sorted(ms for _, ms in probes)
    return Burst(
        statuses=statuses,
        slowest_ms=max(ms for _, ms in answers),
        first_ok_ms=min(ok) if ok else None,
        probe_ok=sum(1 for status, _ in probes if status == 200),
        probe_failed=sum(1 for status, _ in probes if status != 200),
        probe_p50_ms=statistics.median(probe_times) if probe_times else 0.0,
        probe_max_ms=probe_times[-1] if probe_times else 0.0,
    )
