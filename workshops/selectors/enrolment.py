"""Reads for students' places, registers and the managers' course view, each in a fixed
number of queries however many enrolments there are."""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Attendance, Course, Enrolment, Feedback, ScheduledSession
from .prospectus import live_sessions


def _ahead_in_queue():
    """How many people wait ahead of this enrolment on the same course."""
    ahead = (
        Enrolment.objects.filter(course=OuterRef("course"), status=Enrolment.Status.WAITING)
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0))


@dataclass
class MyCourses:
    offers: list = field(default_factory=list)
    upcoming: list = field(default_factory=list)
    waiting: list = field(default_factory=list)
    past: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.offers or self.upcoming or self.waiting or self.past)


def my_courses(*, user) -> MyCourses:
    """The student's live and past places, grouped for the My courses page (3 queries)."""
    now = timezone.now()
    enrolments = (
        Enrolment.objects.filter(student=user)
        .filter(
            Q(status__in=Enrolment.LIVE)
            | Q(status__in=[Enrolment.Status.CANCELLED, Enrolment.Status.COURSE_CANCELLED])
        )
        .select_related("course__term", "course__pairing__peer", "course__pairing__practitioner")
        .prefetch_related(
            Prefetch("course__sessions", queryset=live_sessions().order_by("starts_at"))
        )
        .annotate(ahead=_ahead_in_queue())
        .order_by("created_at")
    )
    result = MyCourses()
    for enrolment in enrolments:
        sessions = list(enrolment.course.sessions.all())
        enrolment.first_start = sessions[0].starts_at if sessions else None
        enrolment.last_end = sessions[-1].ends_at if sessions else None
        enrolment.position = enrolment.ahead + 1
        if enrolment.status == Enrolment.Status.OFFERED:
            result.offers.append(enrolment)
        elif enrolment.status == Enrolment.Status.WAITING:
            result.waiting.append(enrolment)
        elif (
            enrolment.status in (Enrolment.Status.CANCELLED, Enrolment.Status.COURSE_CANCELLED)
            or enrolment.course.status == Course.Status.CANCELLED
            or (enrolment.last_end is not None and enrolment.last_end <= now)
        ):
            result.past.append(enrolment)
        else:
            result.upcoming.append(enrolment)
    result.upcoming.sort(key=lambda e: e.first_start or now)
    result.past.sort(key=lambda e: e.last_end or now, reverse=True)
    return result


def enrolment_for_student(*, user, pk: int) -> Enrolment:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Enrolment.objects.select_related(
            "course__term", "course__pairing__peer__user", "course__pairing__practitioner__user"
        ).prefetch_related(
            Prefetch("course__sessions", queryset=live_sessions().order_by("starts_at"))
        ),
        pk=pk,
        student=user,
    )


@dataclass
class Roster:
    course: Course
    sessions: list
    enrolled: list
    offered: list
    waiting: list
    marks: dict  # (enrolment id, session id) -> status
    came: dict  # session id -> number present
    missed: dict  # session id -> number marked absent

    @property
    def attendance_rate(self) -> int | None:
        """Of the marks given, the share 'came' (percent), or None before any marks."""
        present = sum(self.came.values())
        total = present + sum(self.missed.values())
        return round(100 * present / total) if total else None


def course_roster(*, course: Course) -> Roster:
    """Everyone holding or waiting for a place, and attendance marks, in 3 queries."""
    sessions = list(
        ScheduledSession.objects.filter(course=course, cancelled=False)
        .select_related("room__venue")
        .order_by("starts_at")
    )
    enrolments = list(
        Enrolment.objects.filter(course=course, status__in=Enrolment.LIVE)
        .select_related("student")
        .order_by("created_at", "id")
    )
    marks = {}
    came = {s.pk: 0 for s in sessions}
    missed = {s.pk: 0 for s in sessions}
    for enrolment_id, session_id, status in Attendance.objects.filter(
        session__course=course
    ).values_list("enrolment_id", "session_id", "status"):
        marks[(enrolment_id, session_id)] = status
        if session_id in came:
            if status == Attendance.Status.PRESENT:
                came[session_id] += 1
            else:
                missed[session_id] += 1
    for enrolment in enrolments:
        enrolment.marks = [marks.get((enrolment.pk, s.pk), "") for s in sessions]
    return Roster(
        course=course,
        sessions=sessions,
        enrolled=[e for e in enrolments if e.status == Enrolment.Status.ENROLLED],
        offered=[e for e in enrolments if e.status == Enrolment.Status.OFFERED],
        waiting=[e for e in enrolments if e.status == Enrolment.Status.WAITING],
        marks=marks,
        came=came,
        missed=missed,
    )


@dataclass
class FeedbackSummary:
    count: int
    average: float | None
    by_rating: list  # (rating, count, percent) from 5 down to 1
    responses: list


def feedback_summary(*, course: Course) -> FeedbackSummary:
    responses = list(Feedback.objects.filter(course=course).order_by("-created_on", "-id"))
    count = len(responses)
    counts = {r: 0 for r in range(1, 6)}
    for response in responses:
        counts[response.rating] += 1
    return FeedbackSummary(
        count=count,
        average=round(sum(r.rating for r in responses) / count, 1) if count else None,
        by_rating=[
            (r, counts[r], round(100 * counts[r] / count) if count else 0) for r in range(5, 0, -1)
        ],
        responses=responses,
    )


def _count(queryset):
    counted = queryset.order_by().values("course").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _marks(status: str):
    """How many register marks of this kind a course has (a subquery per course)."""
    counted = (
        Attendance.objects.filter(enrolment__course=OuterRef("pk"), status=status)
        .order_by()
        .values("enrolment__course")
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
