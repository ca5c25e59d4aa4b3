from django.core.paginator import Paginator
from django.shortcuts import render

from trainers.selectors import topics_all

from .. import selectors as reads
from ..calendars import ics_response, sessions_calendar
from ..models import Course, Enrolment
from ..selectors.cover import cover_lines
from .prospectus_files import term_ics


def prospectus(request):
    """The public prospectus: the current term's published courses (or another term's),
    with filters and search. No log-in needed."""
    term = reads.prospectus_term(request.GET)
    filters = reads.Filters.from_query(request.GET)
    page = None
    printing = request.GET.get("print") == "1"
    if term is not None:
        courses = reads.prospectus_courses(term=term, filters=filters)
        if printing:  # the whole term on one page, for print (grouped by date in the template)
            return render(
                request,
                "workshops/prospectus_print.html",
                {"term": term, "courses": list(courses), "filters": filters},
            )
        page = Paginator(courses, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
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
            "query": query.urlencode(),
        },
    )


def prospectus_ics(request):
    """The current term's published sessions, for calendar apps (/prospectus.ics): made
    once per change and kept (views/prospectus_files.py)."""
    return term_ics(request)


def prospectus_course_ics(request, pk: int):
    course = reads.prospectus_course(pk=pk)
    return ics_response(
        sessions_calendar(name=f"Recovery College: {course.title}", courses=[course]),
        f"course-{course.pk}.ics",
    )


def prospectus_course(request, pk: int):
    course = reads.prospectus_course(pk=pk)
    mine = reads.live_enrolment(course=course, student=request.user)
    return render(
        request,
        "workshops/prospectus_course.html",
        {
            "course": course,
            "window": reads.enrolment_window(course),
            "mine": mine,
            "show_links": mine is not None and mine.status == Enrolment.Status.ENROLLED,
            "covers": cover_lines(course=course),
        },
    )
