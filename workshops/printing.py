"""HTML to PDF with WeasyPrint, reading only this site's static files: used by the PDF
views (a request) and by the background render of the prospectus PDF (no request).

WeasyPrint needs Debian's Pango (libpango-1.0-0, libpangoft2-1.0-0). It is imported inside
`html_to_pdf`, so Django starts without Pango and the callers answer with the printable
page instead."""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation

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


def html_to_pdf(html: str, *, base_url: str, tagged: bool = False) -> bytes | None:
    """The page as PDF bytes, or None when WeasyPrint cannot load here (no Pango).
    `tagged`: a tagged PDF (headings, lists and reading order for screen readers)."""
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
    document = weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=static_url_fetcher(base_url)
    )
    return document.write_pdf(pdf_tags=True) if tagged else document.write_pdf()


def can_make_pdf() -> bool:
    """WeasyPrint loads here (Debian's Pango is installed)."""
    try:
        import weasyprint  # noqa: F401
    except (OSError, ImportError):
        logger.warning("WeasyPrint cannot load; PDFs are off", exc_info=True)
        return False
    return True
