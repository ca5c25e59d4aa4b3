"""The fast path to a public page (issue 16): the first middleware of the stack.

The public pages (the prospectus list, course pages, a course's calendar and the term's
calendar) are the same for every visitor who is not logged in, and they are what an
enrolment-day rush asks for. `workshops/views/public_pages.py` already serves them from
the cache; this middleware also keeps, in each web process's memory, the last answer the
whole stack gave for each address, and gives it straight back to the next visitor with
no session cookie and no message cookie, without running any other middleware or view:

- **Same answer, same headers.** What is kept is the answer as it left the stack (the
  security headers, the content security policy, Cache-Control, Vary), minus its length,
  with its places markers; places left are filled in on each answer
  (`public_pages.places_fill`, read at most PUBLIC_PLACES_MEMO_SECONDS ago).
- **Never stale past a change.** Each kept answer carries the public version it was made
  under (`services/page_cache.py`); it is served only while that is still the version
  (read at most PUBLIC_PAGES_VERSION_MEMO_SECONDS ago, and at once after a change made in
  this process) and until its own moment passes (a course's enrolment opening or closing,
  midnight for anything that depends on the day).
- **Only what the views chose to share.** An answer is kept only if the view marked it
  shareable (`response.shared`: anonymous, no CSRF token, no message, no cookie set),
  asked for by GET with no session or message cookie, answered 200 with no cookie.
  Anyone with a session cookie goes the whole way through the stack.
- **Host and HTTPS checks still apply.** The Host header is checked against
  ALLOWED_HOSTS (a bad one is refused as before), and a plain-HTTP request is left to
  SecurityMiddleware when SECURE_SSL_REDIRECT is on.

The memory is bounded (PUBLIC_PAGES_MEMORY_BYTES per process, least recently used out
first); 0 turns the fast path off."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from recovery_college.memory import Memory

from .services.page_cache import public_version_recent
from .views.public_pages import MARKER, places_fill

# Headers the fast path sets itself (the length changes as places are filled in).
NOT_REPLAYED = {"content-length", "set-cookie"}


@dataclass(frozen=True)
class Kept:
    version: int
    fresh_until: float
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    has_places: bool
    etag: str | None
    last_modified: int | None


memory = Memory()


def _may_use(request) -> bool:
    if request.method != "GET":
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    return not (settings.SECURE_SSL_REDIRECT and not request.is_secure())


class PublicPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        most_bytes = settings.PUBLIC_PAGES_MEMORY_BYTES
        if most_bytes <= 0 or not _may_use(request):
            return self.get_response(request)
        key = (request.get_host(), request.get_full_path())  # a bad Host is refused here
        kept = memory.get(key)
        if kept is not None:
            if kept.version == public_version_recent() and time.time() < kept.fresh_until:
                return _answer(request, kept)
            memory.drop(key)
        response = self.get_response(request)
        shared = getattr(response, "shared", None)
        if (
            shared is not None
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            memory.keep(key, _kept(response, shared), most_bytes=most_bytes)
        return response


def _kept(response, shared) -> Kept:
    headers = tuple(
        (name, value) for name, value in response.items() if name.lower() not in NOT_REPLAYED
    )
    last_modified = response.get("Last-Modified")
    return Kept(
        version=shared.version,
        fresh_until=shared.fresh_until,
        status=response.status_code,
        headers=headers,
        body=shared.body,
        has_places=MARKER.search(shared.body) is not None,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
    )


def _answer(request, kept: Kept) -> HttpResponse:
    body = places_fill(kept.body) if kept.has_places else kept.body
    response = HttpResponse(body, status=kept.status)
    for name, value in kept.headers:
        response[name] = value
    response["Content-Length"] = str(len(body))
    if kept.etag or kept.last_modified:
        return get_conditional_response(
            request, etag=kept.etag, last_modified=kept.last_modified, response=response
        )
    return response
