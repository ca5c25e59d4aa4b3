"""Reads for the public prospectus: published courses of a term, with filters and search,
in a fixed number of queries however many courses there are."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from recovery_college.forms import int_from, text_clean

from ..models import Course, ScheduledSession, Term

ACCESS_FEATURES = {
    "step_free_access": "Step-free access",
    "hearing_loop": "Hearing loop",
    "accessible_toilet": "Accessible toilet",
    "quiet_space": "Quiet space",
}
DAYS = {  # Django's week_day: 1 = Sunday
    "2": "Monday",
    "3": "Tuesday",
    "4": "Wednesday",
    "5": "Thursday",
    "6": "Friday",
    "7": "Saturday",
    "1": "Sunday",
}
TIMES = {
    "morning": "Morning (before 12)",
    "afternoon": "Afternoon (12 to 5)",
    "evening": "Evening (from 5)",
}


@dataclass
class Filters:
    q: str = ""
    topic: int | None = None
    day: str = ""
    time: str = ""
    format: str = ""
    access: tuple[str, ...] = ()

    @classmethod
    def from_query(cls, params) -> "Filters":
        return cls(
            q=text_clean(str(params.get("q", ""))).strip()[:100],  # no NUL for PostgreSQL
            topic=int_from(params, "topic"),
            day=params.get("day", "") if params.get("day", "") in DAYS else "",
            time=params.get("time", "") if params.get("time", "") in TIMES else "",
            format=params.get("format", "")
            if params.get("format", "") in Course.Format.values
            else "",
            access=tuple(a for a in params.getlist("access") if a in ACCESS_FEATURES),
        )

    @property
    def active(self) -> bool:
        return bool(self.q or self.topic or self.day or self.time or self.format or self.access)

    @property
    def count(self) -> int:
        """How many filters are on (each ticked access feature counts): the phone's
        folded filters say it on their button."""
        chosen = (self.q, self.topic, self.day, self.time, self.format)
        return sum(1 for value in chosen if value) + len(self.access)


def term_current() -> Term | None:
    """The term running today; else the next one; else the most recent."""
    today = timezone.localdate()
    terms = Term.objects.filter(courses__status=Course.Status.PUBLISHED).distinct()
    return (
        terms.filter(starts_on__lte=today, ends_on__gte=today).order_by("starts_on").first()
        or terms.filter(starts_on__gt=today).order_by("starts_on").first()
        or terms.order_by("-ends_on").first()
    )


def prospectus_term(params) -> Term | None:
    """The term a prospectus page shows: `?term=<id>` among published terms, else the
    current one (None when nothing is published)."""
    term_id = int_from(params, "term")
    term = terms_published().filter(pk=term_id).first() if term_id is not None else None
    return term or term_current()


def terms_published() -> QuerySet[Term]:
    return (
        Term.objects.filter(courses__status=Course.Status.PUBLISHED)
        .distinct()
        .order_by("-starts_on")
    )


def live_sessions():
    """Sessions that will run (or ran), with their rooms and venues: for prefetching."""
    return ScheduledSession.objects.filter(cancelled=False).select_related("room__venue")


def prospectus_courses(*, term: Term, filters: Filters) -> QuerySet[Course]:
    courses = Course.objects.filter(status=Course.Status.PUBLISHED, term=term, is_template=False)
    if filters.q:
        courses = courses.filter(
            Q(title__icontains=filters.q)
            | Q(summary__icontains=filters.q)
            | Q(outcomes__icontains=filters.q)
            | Q(topic__name__icontains=filters.q)
        )
    if filters.topic:
        courses = courses.filter(topic_id=filters.topic)
    if filters.format:
        courses = courses.filter(format=filters.format)
    if filters.day or filters.time or filters.access:
        # One live session must meet every session filter. An EXISTS, not a join: a join
        # would repeat a course once per matching session and need a DISTINCT that sorts
        # every published row with its text columns (issue 16).
        sessions = ScheduledSession.objects.filter(course=OuterRef("pk"), cancelled=False)
        if filters.day:
            sessions = sessions.filter(starts_at__week_day=int(filters.day))
        if filters.time == "morning":
            sessions = sessions.filter(starts_at__hour__lt=12)
        elif filters.time == "afternoon":
            sessions = sessions.filter(starts_at__hour__gte=12, starts_at__hour__lt=17)
        elif filters.time == "evening":
            sessions = sessions.filter(starts_at__hour__gte=17)
        for feature in filters.access:
            sessions = sessions.filter(**{f"room__{feature}": True})
        courses = courses.filter(Exists(sessions))
    # No DISTINCT: every filter above keeps one row per course (topic is a foreign key),
    # so the list and its COUNT walk the partial index course_published_term_title.
    return (
        courses.select_related("topic", "pairing__peer__user", "pairing__practitioner__user")
        .prefetch_related(Prefetch("sessions", queryset=live_sessions().order_by("number")))
        .order_by("title", "pk")
    )


def places_of(*, course_ids) -> dict[int, tuple[int | None, int]]:
    """(capacity, places taken) of each course: what a cached public page fills in on
    every answer, so places left are never cached (1 query)."""
    if not course_ids:
        return {}
    rows = Course.objects.filter(pk__in=list(course_ids)).values_list(
        "pk", "capacity", "places_taken"
    )
    return {pk: (capacity, taken) for pk, capacity, taken in rows}


def prospectus_course(*, pk: int) -> Course:
    """A published course with what its public page shows (404 otherwise)."""
    return get_object_or_404(
        Course.objects.filter(status=Course.Status.PUBLISHED, is_template=False)
        .select_related("topic", "term", "pairing__peer__user", "pairing__practitioner__user")
        .prefetch_related(Prefetch("sessions", queryset=live_sessions().order_by("number"))),
        pk=pk,
    )
