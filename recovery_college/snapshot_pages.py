"""Logged-in pages given again, unchanged, while nothing in the database has changed.

The pages people reload most (My courses, the plan editor, the College page) depend on
the database, the clock and who is asking, nothing else. So when the same browser asks
for the same address again and nothing has been written to the database since, the
answer is the same, and this process gives back the one it made without running the
view (issue 16: these pages are where logged-in people wait).

**How "nothing has been written" is known.** On PostgreSQL, `pg_current_snapshot()`
names what a query can see (`xmin:xmax:ids still in progress`). Two reads under the same
snapshot see the same rows (that is what PostgreSQL's MVCC guarantees), and every
transaction that writes anything, anywhere in the database, changes it once it has
begun writing. The answer is filed under the snapshot read *before* the view ran: if
something is written while the view runs, the next request reads a different snapshot
and the view runs again. So a kept answer is never stale by a write. It can be stale by
the clock, which a snapshot cannot see (a session that has started, a review date that
has passed): at most LOGGED_IN_PAGES_SECONDS (10 s), after which the view runs again.
On a busy enrolment day something is written nearly every moment, so most requests run
the view: this saves work when people reload pages and nothing has changed, and costs
one small query when something has.

**The view always runs** when: the database is not PostgreSQL (SQLite has no snapshot
to read), the request is inside a transaction (its own writes would not change the
snapshot), the method is not GET, there is no session or no CSRF cookie (the
page's form tokens are made from it), or a message is waiting to be shown. An answer is
kept only if it is 200, not streamed, sets no cookie, and the view neither changed the
session nor left a message.

**Which views may use it**: GET views whose answer depends only on the database, the
clock and the request's user. Never a view that writes on GET (reading a private record
writes the audit log: a kept answer would skip that), nor one that reads the cache, files
or anything else outside the database. Put the decorator inside the permission
decorators, so those still run on every request. A check made inside the view (the plan
editor's `can_view_plan`) is skipped on a kept answer; that is safe only because its
outcome rests on the database and the user, and a kept answer is one the same session
was given, under the same snapshot, after passing it (a 404 or 403 is never kept).

**The one per-second figure**: a staff page says how many seconds are left before the
idle log-out (`data-idle-timeout`, counted from the clock); a kept page has it worked out
again for each answer, as the page itself would.

**Privacy**: answers are kept in this process's memory only (never in Redis or on disk),
under the session key and CSRF secret, so only the same browser's session gets its own
page back; logging out or in changes the session key. Bounded by
LOGGED_IN_PAGES_MEMORY_BYTES per process (0 turns this off), least recently used out
first."""

import functools
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token

from .accounts.context_processors import idle_seconds_left
from .memory import Memory

# Headers the rest of the stack sets again on the way out.
NOT_KEPT = {"content-length", "set-cookie"}
# base.html's idle warning for staff: seconds left, which the clock alone changes.
IDLE_TIMEOUT = re.compile(rb'data-idle-timeout="-?\d+"')


@dataclass(frozen=True)
class Kept:
    until: float
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


memory = Memory()


def database_snapshot() -> str | None:
    """What a query can see now, as text, or None where that cannot tell whether
    anything changed (not PostgreSQL, or inside a transaction)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text")
        return cursor.fetchone()[0]


def _key(request, name: str, snapshot: str):
    """Who asks (session and CSRF secret), for what (the view, host, address and htmx's
    headers), and what the database held."""
    csrf = request.META.get("CSRF_COOKIE")
    session_key = request.session.session_key
    if not csrf or not session_key:
        return None
    htmx = tuple(
        (header, value) for header, value in request.headers.items() if header.startswith("Hx-")
    )
    return (name, request.get_host(), request.get_full_path(), session_key, csrf, htmx, snapshot)


def _may_keep(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.session.modified
        and not len(get_messages(request))
    )


def _answer(request, kept: Kept) -> HttpResponse:
    body = IDLE_TIMEOUT.sub(
        f'data-idle-timeout="{idle_seconds_left(request)}"'.encode(), kept.body, count=1
    )
    response = HttpResponse(body, status=kept.status)
    for name, value in kept.headers:
        response[name] = value
    get_token(request)  # the CSRF cookie is refreshed as when the page's forms were made
    return response


def kept_while_unchanged(view):
    """Give the same browser the answer this process made for the same address while
    nothing in the database has changed (and for at most LOGGED_IN_PAGES_SECONDS); see
    the module's docstring for when the view always runs."""
    name = f"{view.__module__}.{view.__qualname__}"

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        most_bytes = settings.LOGGED_IN_PAGES_MEMORY_BYTES
        seconds = settings.LOGGED_IN_PAGES_SECONDS
        if most_bytes <= 0 or seconds <= 0 or request.method != "GET" or len(get_messages(request)):
            return view(request, *args, **kwargs)
        snapshot = database_snapshot()
        key = _key(request, name, snapshot) if snapshot else None
        if key is None:
            return view(request, *args, **kwargs)
        kept = memory.get(key)
        if kept is not None:
            if time.monotonic() < kept.until:
                return _answer(request, kept)
            memory.drop(key)
        response = view(request, *args, **kwargs)
        if _may_keep(request, response):
            headers = tuple(
                (header, value)
                for header, value in response.items()
                if header.lower() not in NOT_KEPT
            )
            kept = Kept(time.monotonic() + seconds, response.status_code, headers, response.content)
            memory.keep(key, kept, most_bytes=most_bytes)
        return response

    return wrapper
