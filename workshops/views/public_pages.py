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
from datetime import datetime, time

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from .. import selectors as reads
from ..services.page_cache import page_cached, page_keep, page_key, public_version

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


def places_fill(content: bytes, *, places: dict | None = None) -> bytes:
    """The page with today's places left where its markers are. `places` maps a course id
    to (capacity, places taken); without it, one query reads them."""
    if places is None:
        ids = {int(match[2]) for match in MARKER.finditer(content)}
        places = reads.places_of(course_ids=ids) if ids else {}

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


def page_from_cache(request, *, kind: str, parts, render_page) -> HttpResponse:
    """The page from cache for an anonymous visitor, else rendered by `render_page()`,
    which returns (response with markers, places, seconds to keep it or None for the
    default). The response is returned with places filled in either way."""
    if not may_share(request):
        response, places, _seconds = render_page()
        response.content = places_fill(response.content, places=places)
        return _private(response)
    version = public_version()
    key = page_key(version=version, kind=kind, parts=parts) if version is not None else None
    kept = page_cached(key=key) if key else None
    now = timezone.now().timestamp()
    if kept is not None and now < kept[2]:  # a course page lives until its window changes
        content_type, body, _fresh_until = kept
        return _public(HttpResponse(places_fill(body), content_type=content_type))
    response, places, seconds = render_page()
    if seconds is None:
        seconds = settings.PUBLIC_PAGES_CACHE_SECONDS
    if key and seconds > 0 and response.status_code == 200 and _nothing_personal(request, response):
        kept = (response["Content-Type"], response.content, now + seconds)
        page_keep(key=key, content=kept, seconds=seconds)
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
