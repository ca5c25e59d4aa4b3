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
    """A WeasyPrint URL fetcher that serves our static files from disk and refuses every
    other URL, so making a PDF never fetches anything over the network. (WeasyPrint 68+
    takes a `URLFetcher` whose `fetch` returns a `URLFetcherResponse`; it is imported here
    because importing WeasyPrint needs Pango.)"""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    prefix = urljoin(base_url, settings.STATIC_URL)

    class StaticFilesFetcher(URLFetcher):
        def fetch(self, url: str, headers=None) -> URLFetcherResponse:
            if not url.startswith(prefix):
                raise ValueError(f"Only this site's static files are used in the PDF: {url!r}")
            name = unquote(urlsplit(url[len(prefix) :]).path)
            path = _static_file(name) if name else None
            if path is None or not path.is_file():
                raise ValueError(f"No such static file: {url!r}")
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": mime_type}
            )

    return StaticFilesFetcher()


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
    """The prospectus PDF, or None when WeasyPrint cannot load here. Rendered as for a
    visitor: the PDF is cached and shared, so nothing of the person who happened to ask
    first (their name in the navigation) may be in it."""
    courses = list(reads.prospectus_courses(term=term, filters=filters))
    return pdf_bytes(
        request,
        template="workshops/prospectus_print.html",
        context={"term": term, "courses": courses, "filters": filters},
        as_visitor=True,
    )


def pdf_bytes(request, *, template: str, context: dict, as_visitor: bool = False):
    """A print template as PDF bytes through WeasyPrint, reading only our own static
    files; None when WeasyPrint cannot load (no Pango)."""
    try:
        import weasyprint
    except (OSError, ImportError):  # OSError: Pango's libraries are missing
        logger.warning("WeasyPrint cannot load; PDFs are off", exc_info=True)
        return None
    weasyprint_logger = logging.getLogger("weasyprint")
    if weasyprint_logger.level in (logging.NOTSET, logging.WARNING):  # WeasyPrint's default:
        # keep errors (a stylesheet or image that did not load), not a warning for each
        # of Bootstrap's hundreds of screen-only declarations that WeasyPrint ignores.
        # LOGGING can still ask for them at INFO or DEBUG.
        weasyprint_logger.setLevel(logging.ERROR)
    page_request = request
    if as_visitor:
        page_request = copy.copy(request)
        page_request.user = AnonymousUser()
    html = render_to_string(template, {**context, "pdf": True}, request=page_request)
    # The download is not a page the person sees: keep any pending messages for the next.
    get_messages(request).used = False
    base_url = request.build_absolute_uri("/")
    return weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=static_url_fetcher(base_url)
    ).write_pdf()


def render_pdf(request, *, template: str, context: dict, filename: str, fallback):
    """A page's print template as a PDF download, sharing the prospectus PDF's cap on
    renders at once; `fallback()` answers when none can be made now (every render slot
    busy, or WeasyPrint cannot load)."""
    with prospectus_cache.pdf_render_slot() as slot:
        pdf = pdf_bytes(request, template=template, context=context) if slot else None
    if pdf is None:
        return fallback()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
