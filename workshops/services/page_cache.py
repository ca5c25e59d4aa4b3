"""Public pages from cache (issue 16): the prospectus list (every filter, search and page),
course pages and a course's calendar are rendered once and served from the cache (Redis in
production, local memory in the embedded default) to visitors who are not logged in.

- **Invalidation by version.** Every key carries `public_version()`, a number in the
  cache. `public_pages_changed()` bumps it (now and again after commit, like the PDF's
  `prospectus_changed()`, which calls it): the next request misses and renders afresh;
  old entries are never read again and expire. Called for publishing, taking off,
  cancelling, a live-version change, a session scheduled, moved or cancelled, places or
  term set, a term, venue or room saved, and (by signals in `workshops/apps.py`) a
  trainer's public name, bio or profession, a topic, and cover arranged or ended.
- **Places left are never cached.** The cached HTML holds a marker where places left, a
  "Full" label or the enrol button's words go; each answer fills them from one small
  query (`selectors.prospectus.places_of`), so they are right at once after an enrolment,
  a cancellation, an offer or an expiry, with no invalidation at all.
- **A cache that is down never fails a page or a change.** Every read and write here
  logs a warning and carries on: the page is rendered as if there were no cache.

Only anonymous answers are kept and served, and only when nothing personal would be in
them (see `workshops/views/public_pages.py`)."""

import hashlib
import logging
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "public-pages:version"

logger = logging.getLogger(__name__)


def version_first() -> int:
    """A version number to start from when none is kept (a new or emptied cache): random,
    so a cache that was emptied (Redis restarted) never counts again through numbers that
    a web process still holds pages for."""
    return secrets.randbelow(2**40) + 1


def version_bump(key: str, *, stale: str) -> None:
    """Add one to the version number kept under `key` (every cached thing keyed by it is
    then stale). A cache that is down never fails the change that called this: it logs
    that `stale` may be out of date until it expires."""
    try:
        try:
            cache.incr(key)
        except ValueError:  # not set yet (or evicted)
            cache.add(key, version_first(), timeout=None) or cache.incr(key)
    except Exception:  # noqa: BLE001 - Redis down or hung: the change must still go through
        logger.warning("The cache is unreachable; %s may be stale", stale)


def _bump() -> None:
    public_version_forget()  # this process sees the change on its next request
    version_bump(VERSION_KEY, stale="cached public pages")


def public_pages_changed() -> None:
    """Something a public page shows has changed: every cached public page is stale.
    Bumped now and again after commit, so a page rendered from the old rows in between
    (under the new version) is never served after the change is committed."""
    _bump()
    transaction.on_commit(_bump)


def public_version() -> int | None:
    """The current version, or None when the cache cannot be reached (do not cache)."""
    try:
        return cache.get_or_set(VERSION_KEY, version_first, timeout=None)
    except Exception:  # noqa: BLE001
        logger.warning("The cache is unreachable; public pages are rendered afresh")
        return None


# The version as this process last read it and when (time.monotonic()), as one tuple so
# threads (runserver, the live server of the browser tests) never see half of it.
_recent: list[tuple[int, float] | None] = [None]


def public_version_recent() -> int | None:
    """The version as read at most PUBLIC_PAGES_VERSION_MEMO_SECONDS ago by this process
    (the fast path in `workshops/middleware.py` asks on every request). A change made in
    this process is seen at once (`_bump` forgets the memo); one made in another process
    within that many seconds, which is never more than the few seconds a proxy may keep
    an answer anyway (PUBLIC_PAGES_MAX_AGE). 0 reads the cache every time."""
    seconds = settings.PUBLIC_PAGES_VERSION_MEMO_SECONDS
    now = time.monotonic()
    seen = _recent[0]
    if seen is not None and seconds > 0 and now - seen[1] < seconds:
        return seen[0]
    version = public_version()
    _recent[0] = (version, now) if version is not None and seconds > 0 else None
    return version


def public_version_forget() -> None:
    """Forget the version this process read (tests, and `_bump`)."""
    _recent[0] = None


def page_key(*, version: int, kind: str, parts) -> str:
    wanted = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"public-pages:{version}:{kind}:{wanted}"


def page_cached(*, key: str):
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001
        logger.warning("The cache is unreachable; public pages are rendered afresh")
        return None


def page_keep(*, key: str, content, seconds: int | None = None) -> None:
    seconds = settings.PUBLIC_PAGES_CACHE_SECONDS if seconds is None else seconds
    if seconds <= 0:
        return
    try:
        cache.set(key, content, timeout=seconds)
    except Exception:  # noqa: BLE001
        logger.warning("The cache is unreachable; a public page was not kept")
