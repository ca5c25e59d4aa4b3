"""The term's public prospectus as a PDF (/prospectus.pdf), made with WeasyPrint from the
print-only template (templates/workshops/print/prospectus.html: no Bootstrap, no site
chrome).

- The whole term's PDF is made once per change of the prospectus and kept in the cache
  (`services/prospectus_files.py`); it is served with an ETag and Last-Modified, and a
  request before it is ready gets the printable page (200), never a 500.
- A PDF of the filtered prospectus is made on request, cached per term and filters until
  the prospectus changes, and at most `PROSPECTUS_PDF_RENDERS` are made at once
  (`services/prospectus_cache.py`); over the cap the view answers a friendly 503 that
  points to the print version.
- Without Pango the PDF views answer 503 with a pointer to the print version."""

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify

from .. import selectors as reads
from ..printing import can_make_pdf, html_to_pdf, static_url_fetcher
from ..services import prospectus_cache, prospectus_files
from .prospectus_files import stored_response

__all__ = ["prospectus_pdf", "pdf_bytes", "render_pdf", "static_url_fetcher"]

# How long a request waits for the whole term's PDF being made by another before it
# answers the printable page instead. None by default: a sync gunicorn worker that waits
# serves nobody else meanwhile, and a burst of 20 downloads waiting 2 s each held both
# web workers for 20 s (`make bench`'s PDF burst, /healthz unanswered). The printable
# page is kept briefly, so answering it at once costs next to nothing.
PDF_WAIT_SECONDS = getattr(settings, "PROSPECTUS_PDF_WAIT_SECONDS", 0)


def prospectus_pdf(request):
    """The term's published courses (the current term, or ?term=<id> among published
    terms), with the prospectus's filters, as a PDF download."""
    term = reads.prospectus_term(request.GET)
    if term is None:
        raise Http404("No term's prospectus is published yet.")
    filters = reads.Filters.from_query(request.GET)
    if filters.active:
        return _filtered_pdf(request, term, filters)
    if not can_make_pdf():
        return _unavailable(request, term, busy=False)
    made = prospectus_files.file_for(
        kind=prospectus_files.PDF, term=term, wait_seconds=PDF_WAIT_SECONDS
    )
    if made is None:
        return _print_page_while_waiting(term)
    return stored_response(
        request,
        made,
        content_type="application/pdf",
        disposition=f'attachment; filename="{_filename(term)}"',
    )


def _filename(term) -> str:
    slug = slugify(term.name)
    return f"prospectus-{slug}.pdf" if slug else "prospectus.pdf"


def _filtered_pdf(request, term, filters):
    """Made on request (filters are too many to make ahead), cached until the prospectus
    changes, at most PROSPECTUS_PDF_RENDERS at once."""
    key = prospectus_cache.pdf_cache_key(term_id=term.pk, filters=filters)
    pdf = prospectus_cache.pdf_cached(key=key)
    if pdf is None:
        with prospectus_cache.pdf_render_slot() as slot:
            if not slot:
                return _unavailable(request, term, busy=True)
            courses = list(reads.prospectus_courses(term=term, filters=filters))
            pdf = prospectus_files.pdf_of(
                term=term,
                courses=courses,
                filters=filters,
                base_url=request.build_absolute_uri("/"),
            )
            if pdf is None:
                return _unavailable(request, term, busy=False)
            prospectus_cache.pdf_keep(key=key, pdf=pdf)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(term)}"'
    return response


def _print_page_while_waiting(term):
    """The whole term's PDF is being made: the same courses as a printable page now."""
    html = prospectus_files.waiting_page_html(
        term=term, pdf_url=f"{reverse('workshops:prospectus-pdf')}?term={term.pk}"
    )
    response = HttpResponse(html)
    response["Cache-Control"] = "no-store"  # the PDF will be ready in a moment
    response["Retry-After"] = "30"
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


def pdf_bytes(request, *, template: str, context: dict):
    """A print template as PDF bytes through WeasyPrint, reading only our own static
    files; None when WeasyPrint cannot load (no Pango)."""
    if not can_make_pdf():
        return None
    html = render_to_string(template, {**context, "pdf": True}, request=request)
    # The download is not a page the person sees: keep any pending messages for the next.
    get_messages(request).used = False
    return html_to_pdf(html, base_url=request.build_absolute_uri("/"))


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
