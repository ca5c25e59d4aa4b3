"""The whole term's prospectus PDF and the term calendar (/prospectus.ics) are made once
per change of the prospectus, not once per request, and kept in the cache.

Why the cache: it is Redis in production, shared by every web machine and worker of
docker-compose (a file under MEDIA_ROOT would need a shared volume), and the files are
small (about 1 MB for a term of 1,000 courses). Each kind and term has one entry, with no
expiry, holding the prospectus version it was made from; a newer render overwrites it, so
old versions never pile up. An evicted entry is simply made again.

- After a change commits, `prospectus_changed()` calls `render_soon()`: where a Celery
  worker runs, it queues one render of each kind for the current term. Under the embedded
  default (no REDIS_URL, tasks run in-process) it queues nothing, so a manager's change
  never waits for a large render: the first request after the change makes the file.
- A render is *claimed* with an atomic cache `add` on (kind, term, version), so a burst of
  requests, or a change and a request, start one render between them. The claim expires
  after `RENDER_CLAIM_SECONDS` if the render died.
- A queued render that finds the prospectus changed again since it was queued does
  nothing: the later change queued its own.
- A request (`file_for`) gets the entry of the current version; else it claims the render
  (the calendar is made there and then: under a second for 1,000 courses; the PDF is
  queued for a worker, or made in the request without one) or waits briefly for the one
  under way. A PDF still not ready answers the printable page (views/pdf.py)."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import asdict, dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from recovery_college.celery import app as celery_app

from .. import selectors as reads
from ..calendars import sessions_calendar
from ..models import Term
from ..printing import html_to_pdf
from .prospectus_cache import pdf_render_slot, prospectus_version

logger = logging.getLogger(__name__)

PDF, ICS = "pdf", "ics"
KINDS = (PDF, ICS)
PRINT_TEMPLATE = "workshops/print/prospectus.html"
RENDER_CLAIM_SECONDS = 300  # a render that died frees its claim after this long
POLL_SECONDS = 0.2
WAITING_PAGE_SECONDS = 30


@dataclass(frozen=True)
class StoredFile:
    kind: str
    term_id: int
    version: int
    body: bytes
    made_at: datetime

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'


def _key(kind: str, term_id: int) -> str:
    return f"prospectus:file:{kind}:{term_id}"


def _claim_key(kind: str, term_id: int, version: int) -> str:
    return f"prospectus:file-render:{kind}:{term_id}:{version}"


def has_worker() -> bool:
    """A Celery worker takes queued tasks (REDIS_URL set); otherwise tasks run in-process."""
    return not celery_app.conf.task_always_eager


def stored(*, kind: str, term_id: int, version: int | None = None) -> StoredFile | None:
    """The kept file of this kind and term; only if made from `version` when given."""
    kept = cache.get(_key(kind, term_id))
    try:  # kept as a plain dict, so a deploy that changes StoredFile still reads it
        entry = StoredFile(**kept)
    except TypeError:  # nothing kept (None) or an entry from another layout
        return None
    if version is not None and entry.version != version:
        return None
    return entry


def claim(*, kind: str, term_id: int, version: int) -> bool:
    """True for the one caller that should start this render (an atomic `add`)."""
    return cache.add(_claim_key(kind, term_id, version), 1, timeout=RENDER_CLAIM_SECONDS)


def release(*, kind: str, term_id: int, version: int) -> None:
    cache.delete(_claim_key(kind, term_id, version))


# --- Making the files -------------------------------------------------------------------


def prospectus_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("workshops:prospectus")


def print_html(*, term: Term, courses, filters, made_at: datetime, **extra) -> str:
    """The print template as HTML (rendered as for a visitor: no request, no user)."""
    return render_to_string(
        PRINT_TEMPLATE,
        {
            "term": term,
            "courses": courses,
            "filters": filters,
            "made_at": timezone.localtime(made_at),
            "prospectus_url": prospectus_url(),
            **extra,
        },
    )


def waiting_page_html(*, term: Term, pdf_url: str) -> str:
    """The whole term as the printable page a PDF request gets while the PDF is being
    made. Kept `WAITING_PAGE_SECONDS` per version, so a burst renders it about once (the
    places on it are at most that old)."""
    key = f"prospectus:file-waiting:{term.pk}:{pdf_url}"
    try:
        key = f"{key}:{prospectus_version()}"
        html = cache.get(key)
    except Exception:  # noqa: BLE001 - Redis down or hung: make the page anyway
        key, html = None, None
    if html is None:
        filters = reads.Filters()
        html = print_html(
            term=term,
            courses=list(reads.prospectus_courses(term=term, filters=filters)),
            filters=filters,
            made_at=timezone.now(),
            waiting=True,
            pdf_url=pdf_url,
        )
        if key is not None:
            try:
                cache.set(key, html, timeout=WAITING_PAGE_SECONDS)
            except Exception:  # noqa: BLE001 - not kept this time
                logger.warning("The cache is unreachable; the printable page is not kept")
    return html


def pdf_of(*, term: Term, courses, filters, base_url: str | None = None) -> bytes | None:
    """The print template as a tagged PDF; None when WeasyPrint cannot load."""
    html = print_html(term=term, courses=courses, filters=filters, made_at=timezone.now())
    return html_to_pdf(html, base_url=base_url or settings.SITE_URL, tagged=True)


def term_calendar(*, term: Term, courses) -> bytes:
    return sessions_calendar(name=f"Recovery College: {term.name}", courses=courses)


def render_and_keep(*, kind: str, term: Term, version: int) -> StoredFile | None:
    """Make the file from the rows as they are now and keep it as `version` (read before
    the rows: a change during the render leaves it older than the current version, so it
    is made again). None when the PDF cannot be made here (no Pango)."""
    courses = list(reads.prospectus_courses(term=term, filters=reads.Filters()))
    made_at = timezone.now()
    if kind == PDF:
        body = pdf_of(term=term, courses=courses, filters=reads.Filters())
    else:
        body = term_calendar(term=term, courses=courses)
    if body is None:
        return None
    entry = StoredFile(kind=kind, term_id=term.pk, version=version, body=body, made_at=made_at)
    kept = stored(kind=kind, term_id=term.pk)
    if kept is None or kept.version <= version:  # a slow older render never overwrites
        cache.set(_key(kind, term.pk), asdict(entry), timeout=None)
    return entry


def render_queued(*, kind: str, term_id: int, version: int) -> str:
    """The worker's side: make the file unless the prospectus changed again since."""
    try:
        if prospectus_version() != version:
            return "superseded"
        term = Term.objects.filter(pk=term_id).first()
        if term is None:
            return "no such term"
        return "made" if render_and_keep(kind=kind, term=term, version=version) else "no pdf"
    finally:
        release(kind=kind, term_id=term_id, version=version)


def _queue(*, kind: str, term_id: int, version: int) -> None:
    """Hand a render to a worker; a broker that is down costs the request nothing more
    (the claim expires and a later request claims again)."""
    from ..tasks import prospectus_file_render  # the tasks module imports the services

    try:
        prospectus_file_render.apply_async((kind, term_id, version), retry=False)
    except Exception:  # noqa: BLE001 - any broker failure: the printable page still answers
        logger.warning("Could not queue the prospectus %s render", kind, exc_info=True)


def render_soon() -> None:
    """After a change commits: queue the current term's PDF and calendar for a worker.
    Without a worker nothing happens here (the first request makes them). Never raises:
    the change has committed."""
    if not has_worker():
        return
    try:
        term = reads.term_current()
        if term is None:
            return
        version = prospectus_version()
        for kind in KINDS:
            if claim(kind=kind, term_id=term.pk, version=version):
                _queue(kind=kind, term_id=term.pk, version=version)
    except Exception:  # noqa: BLE001 - cache or broker down: requests make the files later
        logger.warning("Could not queue the prospectus files' render", exc_info=True)


# --- A request's side -------------------------------------------------------------------


def file_for(*, kind: str, term: Term, wait_seconds: float) -> StoredFile | None:
    """The file of the current version: kept, made now (the calendar, or the PDF where no
    worker runs), or made by another within `wait_seconds`; else None. A cache that is
    down gives None too (the view then makes the calendar without keeping it, or shows
    the printable page)."""
    try:
        version = prospectus_version()
        found = stored(kind=kind, term_id=term.pk, version=version)
        if found is not None:
            return found
        if claim(kind=kind, term_id=term.pk, version=version):
            if kind == ICS or not has_worker():
                return _render_here(kind=kind, term=term, version=version)
            _queue(kind=kind, term_id=term.pk, version=version)
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            found = stored(kind=kind, term_id=term.pk, version=version)
            if found is not None:
                return found
    except Exception:  # noqa: BLE001 - Redis down or hung: the view still answers
        logger.warning("The prospectus %s could not be read or kept", kind, exc_info=True)
    return None


def _render_here(*, kind: str, term: Term, version: int) -> StoredFile | None:
    """Make the file in this request (the claim is held). The PDF takes one of the web
    processes' PDF render slots; none free gives None (the printable page answers)."""
    try:
        if kind == ICS:
            return render_and_keep(kind=kind, term=term, version=version)
        with pdf_render_slot() as slot:
            return render_and_keep(kind=kind, term=term, version=version) if slot else None
    finally:
        release(kind=kind, term_id=term.pk, version=version)
