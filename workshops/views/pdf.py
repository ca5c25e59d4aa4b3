"""The whole term's public prospectus as a PDF (/prospectus.pdf), made with WeasyPrint from
the print version's template, so the PDF and a printed page look the same.

WeasyPrint needs Debian's Pango (libpango-1.0-0, libpangoft2-1.0-0). It is imported inside
the view, so Django starts without Pango; the view then answers 503 with a pointer to the
print version.

A rendered PDF is cached per term and filters until the prospectus changes, and at most
`PROSPECTUS_PDF_RENDERS` are rendered at once (`services/prospectus_cache.py`); over the
cap the view answers a friendly 503 that points to the print version, never a 500."""

import copy
import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.text import slugify

from .. import selectors as reads
from ..services import prospectus_cache

logger = logging.getLogger(__name__)


def _static_file(name: str) -> Path | None:
    """The file behind a static name: from the finders (the source tree, hashed names
    aside) or else from collected static files (the manifest's hashed names)."""
    try:
        found = finders.find(name)
        if found:
            return Path(found)
        return Path(staticfiles_storage.path(name))
    except (SuspiciousFileOperation, NotImplementedError, ValueError):
        return None


def static_url_fetcher(base_url: str):
    """A WeasyPrint url_fetcher that serves our static files from disk and refuses every
    other URL, so making a PDF never fetches anything over the network."""
    prefix = urljoin(base_url, settings.STATIC_URL)

    def fetch(url: str) -> dict:
        if not url.startswith(prefix):
            raise ValueError(f"Only this site's static files are used in the PDF: {url!r}")
        name = unquote(urlsplit(url[len(prefix) :]).path)
        path = _static_file(name) if name else None
        if path is None or not path.is_file():
            raise ValueError(f"No such static file: {url!r}")
        return {
            "string": path.read_bytes(),
            "mime_type": mimetypes.guess_type(path.name)[0],
            "redirected_url": url,
        }

    return fetch


def prospectus_pdf(request):
    """The term's published courses (the current term, or ?term=<id> among published
    terms), with the prospectus's filters, as a PDF download."""
    term = reads.prospectus_term(request.GET)
    if term is None:
        raise Http404("No term's prospectus is published yet.")
    filters = reads.Filters.from_query(request.GET)
    key = prospectus_cache.pdf_cache_key(term_id=term.pk, filters=filters)
    pdf = prospectus_cache.pdf_cached(key=key)
    if pdf is None:
        with prospectus_cache.pdf_render_slot() as slot:
            if not slot:
                return _unavailable(request, term, busy=True)
            pdf = _render(request, term, filters)
            if pdf is None:
                return _unavailable(request, term, busy=False)
            prospectus_cache.pdf_keep(key=key, pdf=pdf)
    response = HttpResponse(pdf, content_type="application/pdf")
    slug = slugify(term.name)
    filename = f"prospectus-{slug}.pdf" if slug else "prospectus.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _unavailable(request, term, *, busy: bool):
    """503 with a pointer to the printable version (which the browser can print or save
    as a PDF): too many PDFs being made right now, or WeasyPrint cannot load."""
    query = request.GET.copy()
    query["term"], query["print"] = str(term.pk), "1"
    response = render(
        request,
        "workshops/pdf_unavailable.html",
        {"term": term, "print_query": query.urlencode(), "busy": busy},
        status=503,
    )
    if busy:
        response["Retry-After"] = "30"
    return response


def _render(request, term, filters) -> bytes | None:
    """The PDF, or None when WeasyPrint cannot load here."""
    try:
        import weasyprint
    except (OSError, ImportError):  # OSError: Pango's libraries are missing
        logger.warning("WeasyPrint cannot load; the prospectus PDF is off", exc_info=True)
        return None
    weasyprint_logger = logging.getLogger("weasyprint")
    if weasyprint_logger.level in (logging.NOTSET, logging.WARNING):  # WeasyPrint's default:
        # keep errors (a stylesheet or image that did not load), not a warning for each
        # of Bootstrap's hundreds of screen-only declarations that WeasyPrint ignores.
        # LOGGING can still ask for them at INFO or DEBUG.
        weasyprint_logger.setLevel(logging.ERROR)
    courses = list(reads.prospectus_courses(term=term, filters=filters))
    # Rendered as for a visitor: the PDF is cached and shared, so nothing of the person
    # who happened to ask first (their name in the navigation) may be in it.
    visitor = copy.copy(request)
    visitor.user = AnonymousUser()
    html = render_to_string(
        "workshops/prospectus_print.html",
        {"term": term, "courses": courses, "filters": filters, "pdf": True},
        request=visitor,
    )
    # The download is not a page the person sees: keep any pending messages for the next.
    get_messages(request).used = False
    base_url = request.build_absolute_uri("/")
    return weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=static_url_fetcher(base_url)
    ).write_pdf()
