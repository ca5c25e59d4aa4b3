from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.utils import timezone

from trainers.selectors import topics_all

from .. import selectors as reads
from ..calendars import ics_response, sessions_calendar
from ..models import Course, Enrolment
from ..selectors.cover import cover_lines
from .prospectus_files import term_ics
from .public_pages import page_from_cache, places_from, seconds_until_window_changes


def prospectus(request):
    """The public prospectus: the current term's published courses (or another term's),
    with filters and search. No log-in needed. Served from cache to anonymous visitors
    (public_pages.py); places left are filled in on every answer."""
    filters = reads.Filters.from_query(request.GET)
    if request.GET.get("print") == "1":
        # The whole term on one page, for print (grouped by date in the template; the
        # PDF is made from the same template, so it keeps its own places figures).
        term = reads.prospectus_term(request.GET)
        if term is not None:
            return render(
                request,
                "workshops/prospectus_print.html",
                {
                    "term": term,
                    "courses": list(reads.prospectus_courses(term=term, filters=filters)),
                    "filters": filters,
                },
            )
    page_number = str(request.GET.get("page", ""))[:20]
    parts = (
        # term_current() depends on today's date; everything else is in the version.
        timezone.localdate().isoformat(),
        str(request.GET.get("term", ""))[:20],
        filters,
        page_number,
    )
    return page_from_cache(
        request,
        kind="prospectus",
        parts=parts,
        render_page=lambda: _prospectus_render(request, filters, page_number),
    )


def _prospectus_render(request, filters, page_number):
    term = reads.prospectus_term(request.GET)
    page = None
    if term is not None:
        courses = reads.prospectus_courses(term=term, filters=filters)
        page = Paginator(courses, 20).get_page(page_number)
    response = render(
        request,
        "workshops/prospectus.html",
        {
            "term": term,
            "terms": list(reads.terms_published()),
            "page": page,
            "filters": filters,
            "topics": topics_all(),
            "days": reads.DAYS,
            "times": reads.TIMES,
            "formats": Course.Format.choices,
            "access_features": reads.ACCESS_FEATURES,
            # The page links keep the filters as understood (not the raw query), so one
            # cached page serves every way of asking for it.
            "query": _filters_query(term, filters),
        },
    )
    return response, places_from(page.object_list if page else []), None


def _filters_query(term, filters) -> str:
    query = QueryDict(mutable=True)
    if term is not None:
        query["term"] = term.pk
    for name in ("q", "topic", "day", "time", "format"):
        if getattr(filters, name):
            query[name] = getattr(filters, name)
    query.setlist("access", list(filters.access))
    return query.urlencode()


def prospectus_ics(request):
    """The current term's published sessions, for calendar apps (/prospectus.ics): made
    once per change and kept (views/prospectus_files.py)."""
    return term_ics(request)


def prospectus_course_ics(request, pk: int):
    """A course's dates for calendar apps: the same for everyone, so kept in the cache
    (until the course's page changes) and shared by proxies for a few seconds."""

    def render_calendar():
        course = reads.prospectus_course(pk=pk)
        response = ics_response(
            sessions_calendar(name=f"Recovery College: {course.title}", courses=[course]),
            f"course-{course.pk}.ics",
        )
        return response, {}, None

    return page_from_cache(request, kind="course-ics", parts=(pk,), render_page=render_calendar)


def prospectus_course(request, pk: int):
    """A course's public page. Served from cache to anonymous visitors until the course
    changes or its enrolment opens or closes; places left are filled in on every answer."""

    def render_course():
        course = reads.prospectus_course(pk=pk)
        mine = reads.live_enrolment(course=course, student=request.user)
        window = reads.enrolment_window(course)
        response = render(
            request,
            "workshops/prospectus_course.html",
            {
                "course": course,
                "window": window,
                "mine": mine,
                "show_links": mine is not None and mine.status == Enrolment.Status.ENROLLED,
                "covers": cover_lines(course=course),
            },
        )
        return response, places_from([course]), seconds_until_window_changes(window)

    return page_from_cache(request, kind="course", parts=(pk,), render_page=render_course)
