"""The College page: the figures managers watch, for every course of a term, in one query."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from recovery_college.notifications.selectors import outbox_problem_count

from ..models import Attendance, Course, Enrolment, Feedback, Term
from .prospectus import term_current


def attendance_rate(*, came: int, missed: int) -> int | None:
    """Of the register marks given, the share "came" (percent), or None before any."""
    marked = came + missed
    return round(100 * came / marked) if marked else None


def _count(queryset):
    counted = queryset.order_by().values("course").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _marks(status: str):
    """How many register marks of this kind a course has, enrolled students' and
    walk-ins' alike (a subquery per course)."""
    counted = (
        Attendance.objects.filter(session__course=OuterRef("pk"), status=status)
        .order_by()
        .values("session__course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def college_course_figures(*, terms) -> list[Course]:
    """Each course of the given terms with its places, waiting list, offers, attendance
    and no-shows, for managers: one query however many courses and enrolments."""
    by_course = {"course": OuterRef("pk")}
    return list(
        Course.objects.filter(term__in=terms, is_template=False)
        .exclude(status=Course.Status.DRAFT)
        .select_related("term")
        .annotate(
            enrolled=_count(
                Enrolment.objects.filter(status=Enrolment.Status.ENROLLED, **by_course)
            ),
            waiting=_count(Enrolment.objects.filter(status=Enrolment.Status.WAITING, **by_course)),
            offers=_count(Enrolment.objects.filter(status=Enrolment.Status.OFFERED, **by_course)),
            came=_marks(Attendance.Status.PRESENT),
            no_shows=_marks(Attendance.Status.ABSENT),
            feedback_count=_count(Feedback.objects.filter(**by_course)),
        )
        .order_by("-term__starts_on", "title")
    )


def college_terms() -> list[Term]:
    """The current term and the one before it (the College page's figures)."""
    current = term_current()
    if current is None:
        return []
    return list(Term.objects.filter(starts_on__lte=current.starts_on).order_by("-starts_on")[:2])


def college_overview() -> dict:
    """The College page's terms and, for each of their courses, places, waiting lists,
    offers, attendance rate, no-shows and feedback: a fixed number of queries."""
    terms = college_terms()
    figures = college_course_figures(terms=terms)
    for course in figures:
        course.attendance_rate = attendance_rate(came=course.came, missed=course.no_shows)
    return {"terms": terms, "course_figures": figures, "mail_problems": outbox_problem_count()}
