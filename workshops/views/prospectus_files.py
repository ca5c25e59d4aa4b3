"""Answers from the prospectus files kept in the cache (services/prospectus_files.py):
the term calendar (/prospectus.ics) here, and `stored_response` for it and the PDF.

Calendar programs poll /prospectus.ics, so each kept file carries an ETag (a hash of its
bytes) and Last-Modified (when it was made), and a request that names them in
If-None-Match or If-Modified-Since gets 304 with no body. `Cache-Control: public,
no-cache`: the same for everyone, so a proxy may keep it, but it asks every time (a 304
is cheap) and never serves a file older than the last change."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from .. import selectors as reads
from ..services import prospectus_files
from ..services.page_cache import public_version_recent
from .public_pages import Shared, shared_until

# How long a request waits for the calendar another request or a worker is making,
# before it makes one itself (without keeping it).
ICS_WAIT_SECONDS = getattr(settings, "PROSPECTUS_ICS_WAIT_SECONDS", 5)


def stored_response(request, made, *, content_type: str, disposition: str):
    """The kept file, or 304 when the asker already has this one."""
    last_modified = int(made.made_at.timestamp())
    response = HttpResponse(made.body, content_type=content_type)
    response["Content-Disposition"] = disposition
    response["ETag"] = made.etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, no-cache"
    return get_conditional_response(
        request, etag=made.etag, last_modified=last_modified, response=response
    )


def term_ics(request):
    """The current term's published sessions, for calendar apps (/prospectus.ics)."""
    version = public_version_recent()  # read before the file: never an old file under a new one
    term = reads.term_current()
    if term is None:
        raise Http404
    made = prospectus_files.file_for(
        kind=prospectus_files.ICS, term=term, wait_seconds=ICS_WAIT_SECONDS
    )
    if made is None:  # the cache is down, or the render under way is slow: make it here
        courses = reads.prospectus_courses(term=term, filters=reads.Filters())
        response = HttpResponse(
            prospectus_files.term_calendar(term=term, courses=courses),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = 'inline; filename="prospectus.ics"'
        return response
    response = stored_response(
        request,
        made,
        content_type="text/calendar; charset=utf-8",
        disposition='inline; filename="prospectus.ics"',
    )
    if version is not None:  # the same for everyone: the fast path may keep it in memory
        response.shared = Shared(version, made.body, shared_until(timezone.now()))
    return response
