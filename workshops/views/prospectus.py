from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from recovery_college.accounts.permissions import manager_required
from recovery_college.accounts.selectors import student_count
from trainers.models import Topic
from trainers.selectors import college_trainer_summary

from .. import prospectus as reads
from ..calendars import ics_response, sessions_calendar
from ..models import Course, Enrolment, Term
from ..services.enrolment import enrolment_window


def prospectus(request):
    """The public prospectus: the current term's published courses (or another term's),
    with filters and search. No log-in needed."""
    term = None
    if request.GET.get("term", "").isdigit():
        term = reads.terms_published().filter(pk=request.GET["term"]).first()
    term = term or reads.term_current()
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
            "topics": Topic.objects.order_by("name"),
            "days": reads.DAYS,
            "times": reads.TIMES,
            "formats": Course.Format.choices,
            "access_features": reads.ACCESS_FEATURES,
            "query": query.urlencode(),
        },
    )


def prospectus_ics(request):
    """The current term's published sessions, for calendar apps (/prospectus.ics)."""
    term = reads.term_current()
    if term is None:
        raise Http404
    courses = reads.prospectus_courses(term=term, filters=reads.Filters())
    return ics_response(
        sessions_calendar(name=f"Recovery College: {term.name}", courses=courses),
        "prospectus.ics",
    )


def prospectus_course_ics(request, pk: int):
    course = reads.prospectus_course(pk=pk)
    return ics_response(
        sessions_calendar(name=f"Recovery College: {course.title}", courses=[course]),
        f"course-{course.pk}.ics",
    )


def prospectus_course(request, pk: int):
    course = reads.prospectus_course(pk=pk)
    mine = None
    if request.user.is_authenticated:
        mine = Enrolment.objects.filter(
            course=course, student=request.user, status__in=Enrolment.LIVE
        ).first()
    return render(
        request,
        "workshops/prospectus_course.html",
        {
            "course": course,
            "window": enrolment_window(course),
            "mine": mine,
            "show_links": mine is not None and mine.status == Enrolment.Status.ENROLLED,
        },
    )


@manager_required
def college_overview(request):
    from ..enrolment_reads import college_course_figures

    current = reads.term_current()
    terms = (
        list(Term.objects.filter(starts_on__lte=current.starts_on).order_by("-starts_on")[:2])
        if current
        else []
    )
    figures = college_course_figures(terms=terms)
    for course in figures:
        marked = course.came + course.no_shows
        course.attendance_rate = round(100 * course.came / marked) if marked else None
    return render(
        request,
        "workshops/college_overview.html",
        {
            "student_count": student_count(),
            "terms": terms,
            "course_figures": figures,
            **college_trainer_summary(),
        },
    )
