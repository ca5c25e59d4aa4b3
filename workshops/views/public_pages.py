"""Serving the public pages from cache (see `services/page_cache.py` for what is kept and
when it goes stale). This module decides who may get a cached answer, fills places left
into every answer, and sets Cache-Control.

- Kept and served only to a visitor who is not logged in and has no message waiting
  (a message is one person's). A page is kept only if rendering it used no CSRF token
  (the anonymous pages have no form that posts: the enrol button is a link).
- Logged-in people get a fresh page with `private, no-store`
  (`recovery_college.security.SecurityHeadersMiddleware`); anonymous answers get
  `public, max-age=PUBLIC_PAGES_MAX_AGE` and `Vary: Cookie`, so a proxy may share them
  for a few seconds but never hands one person's page to another."""

import re
import threading
import time as clock
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from .. import selectors as reads
from ..services.page_cache import page_cached, page_keep, page_key, public_version_recent

# Where places left go in a rendered page: <!--places:KIND:COURSE_ID-->. Course titles
# and other text are escaped, so no text typed by anyone can make one.
MARKER = re.compile(rb"<!--places:(list|course|enrol):(\d+)-->")


def _plural(count: int) -> str:
    return "" if count == 1 else "s"


def _places_html(kind: bytes, capacity: int | None, taken: int) -> str:
    left = max((capacity or 0) - taken, 0)
    if kind == b"list":
        if left:
            return f"{left} place{_plural(left)} left"
        return "<strong>full: waiting list open</strong>"
    if kind == b"course":
        if left:
            places = f"{left} place{_plural(left)} left"
            return f'<p class="mb-2"><strong>{places}</strong> of {capacity}.</p>'
        return (
            '<p class="mb-2"><strong>Full: waiting list open.</strong> '
            "Join it and we will email you if a place frees up.</p>"
        )
    return "Enrol on this course" if left else "Join the waiting list"  # enrol


# Places left as this process last read them: course id -> (read at, (capacity, taken)).
# Kept at most PUBLIC_PLACES_MEMO_SECONDS (1 s by default), so a busy page costs one
# small query a second per process, not one per answer; the figures are never older
# than that (a proxy may add PUBLIC_PAGES_MAX_AGE on top). 0 reads them every time.
_places_seen: dict[int, tuple[float, tuple[int | None, int]]] = {}
_places_lock = threading.Lock()
PLACES_SEEN_MOST = 5000  # course ids remembered at most (then forgotten all at once)


def places_recent(ids: set[int]) -> dict[int, tuple[int | None, int]]:
    """(capacity, places taken) of each course, read at most PUBLIC_PLACES_MEMO_SECONDS ago."""
    if not ids:
        return {}
    seconds = settings.PUBLIC_PLACES_MEMO_SECONDS
    now = clock.monotonic()
    if seconds > 0:
        seen = [_places_seen.get(pk) for pk in ids]
        if all(entry is not None and now - entry[0] < seconds for entry in seen):
            return {pk: entry[1] for pk, entry in zip(ids, seen, strict=True)}
    places = reads.places_of(course_ids=ids)
    _places_note(places, now=now)
    return places


def _places_note(places: dict, *, now: float) -> None:
    if settings.PUBLIC_PLACES_MEMO_SECONDS > 0 and places:
        with _places_lock:
            if len(_places_seen) > PLACES_SEEN_MOST:
                _places_seen.clear()
            _places_seen.update((pk, (now, figures)) for pk, figures in places.items())


def places_forget() -> None:
    """Forget the places this process read (tests)."""
    with _places_lock:
        _places_seen.clear()


def places_fill(content: bytes, *, places: dict | None = None) -> bytes:
    """The page with today's places left where its markers are. `places` maps a course id
    to (capacity, places taken); without it, they are read (`places_recent`)."""
    if places is None:
        places = places_recent({int(match[2]) for match in MARKER.finditer(content)})
    else:  # just read with the page's rows: good for the next answers too
        _places_note(places, now=clock.monotonic())

    def fill(match):
        capacity, taken = places.get(int(match[2]), (0, 0))
        return _places_html(match[1], capacity, taken).encode()

    return MARKER.sub(fill, content)


def places_from(courses) -> dict[int, tuple[int | None, int]]:
    return {course.pk: (course.capacity, course.places_taken) for course in courses}


def may_share(request) -> bool:
    """May this request get (and leave) a page shared by every anonymous visitor?"""
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    return len(get_messages(request)) == 0  # counting does not mark them read


def _public(response) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGES_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response


def _private(response) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


@dataclass(frozen=True)
class Shared:
    """What a public answer was made from, for the fast path (`workshops/middleware.py`)
    to keep in the process: the version it belongs to, the body with its places markers,
    and the moment (a timestamp) after which it must not be served."""

    version: int
    body: bytes
    fresh_until: float


def shared_until(now: datetime, fresh_until: float | None = None) -> float:
    """Until when the fast path may serve a shared answer: its own moment (`fresh_until`,
    at most PUBLIC_PAGES_CACHE_SECONDS from now) and never past the next local midnight,
    as the current term and a course's "enrolment closes" wording depend on the day."""
    if fresh_until is None:
        fresh_until = now.timestamp() + settings.PUBLIC_PAGES_CACHE_SECONDS
    today = timezone.localdate(now)
    midnight = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    return min(fresh_until, midnight.timestamp())


def page_from_cache(request, *, kind: str, parts, render_page) -> HttpResponse:
    """The page from cache for an anonymous visitor, else rendered by `render_page()`,
    which returns (response with markers, places, seconds to keep it or None for the
    default). The response is returned with places filled in either way."""
    if not may_share(request):
        response, places, _seconds = render_page()
        response.content = places_fill(response.content, places=places)
        return _private(response)
    version = public_version_recent()  # read before the rows: never old rows under a new one
    key = page_key(version=version, kind=kind, parts=parts) if version is not None else None
    kept = page_cached(key=key) if key else None
    moment = timezone.now()
    now = moment.timestamp()
    if kept is not None and now < kept[2]:  # a course page lives until its window changes
        content_type, body, fresh_until = kept
        response = _public(HttpResponse(places_fill(body), content_type=content_type))
        response.shared = Shared(version, body, shared_until(moment, fresh_until))
        return response
    response, places, seconds = render_page()
    if seconds is None:
        seconds = settings.PUBLIC_PAGES_CACHE_SECONDS
    if key and seconds > 0 and response.status_code == 200 and _nothing_personal(request, response):
        kept = (response["Content-Type"], response.content, now + seconds)
        page_keep(key=key, content=kept, seconds=seconds)
        response.shared = Shared(version, kept[1], shared_until(moment, kept[2]))
    response.content = places_fill(response.content, places=places)
    return _public(response)


def _nothing_personal(request, response) -> bool:
    """No CSRF token was put in the page or a cookie (it would be one visitor's), and no
    cookie is being set."""
    return (
        not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and b"csrfmiddlewaretoken" not in response.content
        and not response.cookies
    )


def seconds_until_window_changes(window, *, now: datetime | None = None) -> int:
    """How long a course page may be kept: until enrolment opens or closes (the page says
    which), at most PUBLIC_PAGES_CACHE_SECONDS."""
    now = now or timezone.now()
    longest = settings.PUBLIC_PAGES_CACHE_SECONDS
    moments = []
    if window.opens_on is not None:
        moments.append(timezone.make_aware(datetime.combine(window.opens_on, time.min)))
    if window.closes_at is not None:
        moments.append(window.closes_at)
    for moment in sorted(moments):
        if moment > now:
            return max(0, min(longest, int((moment - now).total_seconds())))
    return longest
