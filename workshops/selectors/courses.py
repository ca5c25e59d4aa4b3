"""Reads the course and plan pages need, each with a fixed number of queries."""

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.shortcuts import get_object_or_404

from trainers.models import Pairing, Trainer

from .balance import Balance, balance_of, with_start_times
from .models import CollegeSettings, Comment, Course, CourseChange, CourseSignOff, Section
from .permissions import can_view_course, courses_visible_to


def course_list(*, user, pairing: Pairing | None = None) -> QuerySet[Course]:
    courses = (
        Course.objects.filter(courses_visible_to(user))
        .select_related("pairing__peer__user", "pairing__practitioner__user", "topic")
        .order_by("-updated_at")
    )
    if pairing is not None:
        courses = courses.filter(pairing=pairing)
    return courses


def course_list_for_trainer(*, trainer: Trainer) -> QuerySet[Course]:
    return (
        Course.objects.filter(is_template=False, pairing__in=_pairings_of(trainer))
        .select_related("pairing__peer__user", "pairing__practitioner__user", "topic")
        .order_by("-updated_at")
    )


def _pairings_of(trainer: Trainer):
    return Pairing.objects.filter(peer=trainer) | Pairing.objects.filter(practitioner=trainer)


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
        from django.http import Http404

        raise Http404
    return course


def signoff_state(course: Course) -> dict:
    """Who has agreed the current version."""
    agreed = set(
        CourseSignOff.objects.filter(course=course, version=course.version).values_list(
            "trainer_id", flat=True
        )
    )
    trainers = course.pairing.trainers if course.pairing_id else ()
    return {
        "rows": [(t, t.pk in agreed) for t in trainers],
        "agreed_ids": agreed,
        "both": bool(trainers) and agreed >= {t.pk for t in trainers},
    }


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


def plan_editor(*, course: Course, number: int) -> dict:
    """One session's plan with its sections timed like an agenda, their comment counts,
    its lead balance and its total against the session length."""
    plan = get_object_or_404(
        course.plans.prefetch_related(
            Prefetch(
                "sections",
                queryset=Section.objects.annotate(n_comments=Count("comments")).order_by(
                    "position", "id"
                ),
            )
        ),
        number=number,
    )
    threshold = CollegeSettings.load().peer_share_threshold
    sections = with_start_times(list(plan.sections.all()), plan.starts_at)
    total = sum(s.minutes for s in sections)
    return {
        "plan": plan,
        "sections": sections,
        "balance": balance_of(sections, threshold=threshold),
        "total_minutes": total,
        "length_gap": total - course.session_minutes,
        "plan_numbers": list(course.plans.values_list("number", flat=True)),
    }


def course_comments(*, course: Course) -> list[Comment]:
    return list(course.comments.select_related("author", "section").order_by("created_at", "id"))


def course_history(*, course: Course) -> list[CourseChange]:
    return list(course.changes.select_related("author").defer("snapshot").order_by("-version"))


def week_sessions(*, monday) -> list[tuple]:
    """(day, [sessions]) for the seven days from `monday`, in two queries whatever the
    number of sessions."""
    from datetime import datetime, timedelta

    from django.utils import timezone

    from .models import ScheduledSession

    start = timezone.make_aware(datetime.combine(monday, datetime.min.time()))
    sessions = (
        ScheduledSession.objects.filter(starts_at__gte=start, starts_at__lt=start + timedelta(7))
        .select_related("course", "room__venue", "peer__user", "practitioner__user")
        .order_by("starts_at")
    )
    days = {monday + timedelta(days=i): [] for i in range(7)}
    for session in sessions:
        days[timezone.localtime(session.starts_at).date()].append(session)
    return list(days.items())


def teaching_soon(*, trainer: Trainer, days: int = 14) -> list:
    """The trainer's published sessions from today for `days` days, for registers (1 query)."""
    from datetime import datetime, time, timedelta

    from django.db.models import Q
    from django.utils import timezone

    from .models import ScheduledSession

    start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    return list(
        ScheduledSession.objects.filter(
            Q(peer=trainer) | Q(practitioner=trainer),
            cancelled=False,
            course__status=Course.Status.PUBLISHED,
            starts_at__gte=start,
            starts_at__lt=start + timedelta(days=days),
        )
        .select_related("course", "room__venue")
        .order_by("starts_at")
    )
