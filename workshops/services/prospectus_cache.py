"""The rendered prospectus PDF is cached until the prospectus changes, and at most a few
are rendered at once (a PDF takes seconds of CPU; a burst of downloads must not stall the
site).

- `prospectus_changed()` bumps a version number kept in the cache. Every service that
  changes what the prospectus shows calls it: publishing, taking off, cancelling, a
  session scheduled, moved or cancelled, places or term set, a course's details changed
  (every recorded course change), a term, venue or room saved. Cached PDFs of filtered
  prospectuses are keyed by that version, so the next download after a change renders
  afresh; after commit it also has the whole term's PDF and calendar made again
  (`prospectus_files.py`). Enrolling does not bump the version (that would defeat the
  cache just when it matters): each PDF prints the time its places left were counted.
- `pdf_render_slot()` is a semaphore in the cache: `PROSPECTUS_PDF_RENDERS` slots (2),
  each taken with an atomic `add` and freed when the render ends (or after
  `PDF_SLOT_SECONDS` if a worker died holding it). No free slot: the view answers a
  friendly 503 that points to the printable version."""

import hashlib
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from .page_cache import public_pages_changed, version_bump, version_first

VERSION_KEY = "prospectus:version"
PDF_SLOT_SECONDS = 120


def _bump() -> None:
    """A cache that is down never fails the change that called this (the cached PDF then
    lives out its PROSPECTUS_PDF_CACHE_SECONDS)."""
    version_bump(VERSION_KEY, stale="cached prospectus PDFs")


def prospectus_changed() -> None:
    """What the public prospectus shows has changed: cached PDFs are stale. Bumped now and
    again after commit, so a PDF rendered from the old rows in between is never kept."""
    _bump()
    transaction.on_commit(_bump)
    transaction.on_commit(_files_render_soon)
    public_pages_changed()  # the cached prospectus and course pages too (page_cache.py)


def _files_render_soon() -> None:
    """The whole-term PDF and calendar are made again in the background (prospectus_files)."""
    from .prospectus_files import render_soon

    render_soon()


def prospectus_version() -> int:
    return cache.get_or_set(VERSION_KEY, version_first, timeout=None)


def pdf_cache_key(*, term_id: int, filters) -> str:
    wanted = hashlib.sha256(repr(filters).encode()).hexdigest()[:32]
    return f"prospectus:pdf:{prospectus_version()}:{term_id}:{wanted}"


def pdf_cached(*, key: str) -> bytes | None:
    return cache.get(key)


def pdf_keep(*, key: str, pdf: bytes) -> None:
    cache.set(key, pdf, timeout=settings.PROSPECTUS_PDF_CACHE_SECONDS)


def _slot_key(number: int) -> str:
    return f"prospectus:pdf-render-slot:{number}"


@contextmanager
def pdf_render_slot():
    """Yield True with one of the render slots held (freed on exit), or False when every
    slot is taken."""
    for number in range(settings.PROSPECTUS_PDF_RENDERS):
        if cache.add(_slot_key(number), 1, timeout=PDF_SLOT_SECONDS):
            try:
                yield True
            finally:
                cache.delete(_slot_key(number))
            return
    yield False


def pdf_render_slots_hold(*, count: int | None = None) -> list[str]:
    """Take slots as a render in progress would (for tests and a manual check)."""
    taken = []
    for number in range(count if count is not None else settings.PROSPECTUS_PDF_RENDERS):
        if cache.add(_slot_key(number), 1, timeout=PDF_SLOT_SECONDS):
            taken.append(_slot_key(number))
    return taken
