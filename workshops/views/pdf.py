"""The whole term's public prospectus as a PDF (/prospectus.pdf), made with WeasyPrint from
the print version's template, so the PDF and a printed page look the same.

WeasyPrint needs Debian's Pango (libpango-1.0-0, libpangoft2-1.0-0). It is imported inside
the view, so Django starts without Pango; the view then answers 503 with a pointer to the
print version."""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.text import slugify

from .. import selectors as reads

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
    try:
        import weasyprint
    except (OSError, ImportError):  # OSError: Pango's libraries are missing
        logger.warning("WeasyPrint cannot load; the prospectus PDF is off", exc_info=True)
        query = request.GET.copy()
        query["term"], query["print"] = str(term.pk), "1"
        return render(
            request,
            "workshops/pdf_unavailable.html",
            {"term": term, "print_query": query.urlencode()},
            status=503,
        )
    weasyprint_logger = logging.getLogger("weasyprint")
    if weasyprint_logger.level in (logging.NOTSET, logging.WARNING):  # WeasyPrint's default:
        # keep errors (a stylesheet or image that did not load), not a warning for each
        # of Bootstrap's hundreds of screen-only declarations that WeasyPrint ignores.
        # LOGGING can still ask for them at INFO or DEBUG.
        weasyprint_logger.setLevel(logging.ERROR)
    courses = list(reads.prospectus_courses(term=term, filters=filters))
    html = render_to_string(
        "workshops/prospectus_print.html",
        {"term": term, "courses": courses, "filters": filters, "pdf": True},
        request=request,
    )
    # The download is not a page the person sees: keep any pending messages for the next.
    get_messages(request).used = False
    base_url = request.build_absolute_uri("/")
    pdf = weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=static_url_fetcher(base_url)
    ).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    slug = slugify(term.name)
    filename = f"prospectus-{slug}.pdf" if slug else "prospectus.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def render_pdf(request, *, template: str, context: dict, filename: str, fallback):
    """A page's print template as a PDF download through WeasyPrint, reading only our own
    static files; `fallback()` is the response when WeasyPrint cannot load (no Pango).
    Shared by the prospectus PDF's route and the term report's."""
    try:
        import weasyprint
    except (OSError, ImportError):  # OSError: Pango's libraries are missing
        logger.warning("WeasyPrint cannot load; %s is off", filename, exc_info=True)
        return fallback()
    weasyprint_logger = logging.getLogger("weasyprint")
    if weasyprint_logger.level in (logging.NOTSET, logging.WARNING):
        weasyprint_logger.setLevel(logging.ERROR)
    html = render_to_string(template, {**context, "pdf": True}, request=request)
    get_messages(request).used = False
    base_url = request.build_absolute_uri("/")
    pdf = weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=static_url_fetcher(base_url)
    ).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
