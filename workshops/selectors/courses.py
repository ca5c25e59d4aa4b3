"""Reads the course and plan pages need, each with a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from trainers.models import Pairing
from trainers.permissions import is_pair_member

from ..balance import Balance, balance_of, with_start_times
from ..models import CollegeSettings, Comment, Course, CourseChange, ScheduledSession, Section
from ..permissions import can_view_course, courses_visible_to
from ..snapshots import snapshot_diff


def course_list(*, user, pairing: Pairing | None = None) -> QuerySet[Course]:
    courses = (
        Course.objects.filter(courses_visible_to(user))
        .select_related("pairing__peer__user", "pairing__practitioner__user", "topic")
        .order_by("-updated_at")
    )
    if pairing is not None:
        courses = courses.filter(pairing=pairing)
    return courses


def course_templates() -> QuerySet[Course]:
    return Course.objects.filter(is_template=True).order_by("title")


def course_get_for(*, user, pk: int) -> Course:
    """One course the user may see (404 otherwise), with its pairing's people."""
    course = get_object_or_404(
        Course.objects.select_related(
            "pairing__peer__user", "pairing__practitioner__user", "topic"
        ),
        pk=pk,
    )
    if not can_view_course(user, course):
        raise Http404
    return course


def course_for_plan(*, user, pk: int) -> Course:
    """As `course_get_for`, for the plan editor: with the pair, but not their users nor
    the topic. The editor names the pair only in the sign-off line of a course not yet
    agreed, and `SignOff.rows` reads their users then (one query); three joins fewer
    halve what PostgreSQL spends planning the query, which is most of its cost."""
    course = get_object_or_404(
        Course.objects.select_related("pairing__peer", "pairing__practitioner"), pk=pk
    )
    if not can_view_course(user, course):
        raise Http404
    return course


def course_balance(course: Course, *, threshold: int | None = None) -> Balance:
    """Lead balance over every plan of the course: one query for the minutes (and one for
    the college's threshold unless it is given)."""
    threshold = CollegeSettings.load().peer_share_threshold if threshold is None else threshold
    totals = dict(
        Section.objects.filter(plan__course=course)
        .values_list("lead")
        .annotate(minutes=Sum("minutes"))
        .values_list("lead", "minutes")
    )

    class _Row:
        def __init__(self, lead, minutes):
            self.lead, self.minutes = lead, minutes

    return balance_of([_Row(k, v) for k, v in totals.items()], threshold=threshold)


# Each section's comments counted as plain SQL: Count("comments") joins and groups by
# every column of the section, which Django builds and PostgreSQL plans afresh each time.
_SECTION_COMMENTS_SQL = (
    "SELECT COUNT(*) FROM workshops_comment c WHERE c.section_id = workshops_section.id"
)


def plan_editor(*, course: Course, number: int) -> dict:
    """One session's plan with its sections timed like an agenda, their comment counts,
    its lead balance and its total against the session length."""
    # Every plan of the course at once (a course has at most 12): the session tabs need
    # their numbers anyway, so this one query finds the plan as well. By number alone: the
    # plans' default order starts with the course's, a join.
    plans = list(course.plans.order_by("number"))
    plan = next((p for p in plans if p.number == number), None)
    if plan is None:
        raise Http404
    sections = list(
        plan.sections.annotate(
            n_comments=RawSQL(_SECTION_COMMENTS_SQL, (), output_field=IntegerField())  # noqa: S611
        ).order_by("position", "id")
    )
    threshold = CollegeSettings.load().peer_share_threshold
    # Once the session is booked its date, start time and room are the truth: the plan's
    # own start time is only a draft for before it is scheduled.
    booking = (
        ScheduledSession.objects.filter(course=course, number=number, cancelled=False)
        .select_related("room__venue")
        .first()
    )
    starts_at = timezone.localtime(booking.starts_at).time() if booking else plan.starts_at
    sections = with_start_times(sections, starts_at)
    total = sum(s.minutes for s in sections)
    return {
        "plan": plan,
        "booking": booking,
        "sections": sections,
        "balance": balance_of(sections, threshold=threshold),
        "total_minutes": total,
        "length_gap": total - course.session_minutes,
        "plan_numbers": [p.number for p in plans],
    }


def course_comments(*, course: Course) -> list[Comment]:
    return list(course.comments.select_related("author", "section").order_by("created_at", "id"))


def course_history(*, course: Course) -> list[CourseChange]:
    return list(course.changes.select_related("author").defer("snapshot").order_by("-version"))


@dataclass(frozen=True)
class VersionComparison:
    old: CourseChange | None
    new: CourseChange | None
    rows: list  # (kind, label, old text, new text) from snapshot_diff

    @property
    def found(self) -> bool:
        return self.old is not None and self.new is not None

    @property
    def changed_rows(self) -> list:
        return [row for row in self.rows if row[0] != "same"]


def course_versions_compare(*, course: Course, old: int, new: int) -> VersionComparison:
    """Two recorded versions of the course and what changed between them (1 query)."""
    changes = {
        c.version: c
        for c in CourseChange.objects.filter(course=course, version__in=[old, new]).select_related(
            "author"
        )
    }
    before, after = changes.get(old), changes.get(new)
    rows = snapshot_diff(before.snapshot, after.snapshot) if before and after else []
    return VersionComparison(before, after, rows)


def course_plan_rows(*, course: Course) -> list:
    """The course's session plans with their total minutes and number of sections."""
    return list(
        course.plans.annotate(
            total=Sum("sections__minutes"), n_sections=Count("sections")
        ).order_by("number")
    )


def pairing_for_new_course(*, user, pk: int) -> Pairing:
    """An active pairing the user belongs to, to plan a new course in (404 otherwise)."""
    pairing = get_object_or_404(
        Pairing.objects.select_related("peer__user", "practitioner__user"), pk=pk
    )
    if not is_pair_member(user, pairing) or pairing.status != Pairing.Status.ACTIVE:
        raise Http404
    return pairing


def plan_get(*, course: Course, number: int):
    """Session plan `number` of the course (404 otherwise)."""
    return get_object_or_404(course.plans, number=number)


def section_get(*, course: Course, pk: int) -> Section:
    """A section of one of the course's plans (404 otherwise)."""
    return get_object_or_404(Section.objects.select_related("plan"), pk=pk, plan__course=course)


def course_sessions_by_number(*, course: Course) -> dict:
    """{session number: scheduled session} for the course's schedule page."""
    return {s.number: s for s in course.sessions.select_related("room__venue")}
