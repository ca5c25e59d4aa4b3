"""Attendance certificates: who has earned one, and what one says.

A student earns a certificate for a course once it has had its sessions (every session
still on has ended) when they came to at least the college's share of them (College
settings, 50% by default). Only the student's own marks count: cancelled sessions are
in neither the sessions held nor the sessions they came to, and other people at the
session (walk-ins included) change nothing."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Attendance, CollegeSettings, Course, Enrolment, ScheduledSession
from .enrolment import enrolment_for_student

# A course's students keep their certificate once it has been archived.
COURSE_STATUSES = (Course.Status.PUBLISHED, Course.Status.ARCHIVED)
DEFAULT_THRESHOLD = CollegeSettings._meta.get_field("certificate_threshold").default


def certificate_earned(*, came: int, held: int, threshold: int) -> bool:
    """Came to at least `threshold` percent of the `held` sessions (whole numbers, so 2 of
    4 is exactly 50%)."""
    return held > 0 and came * 100 >= threshold * held


def _held(course_ref: str):
    sessions = ScheduledSession.objects.filter(course=OuterRef(course_ref), cancelled=False)
    return Coalesce(
        Subquery(
            sessions.order_by().values("course").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _came():
    marks = Attendance.objects.filter(
        enrolment=OuterRef("pk"),
        status=Attendance.Status.PRESENT,
        session__cancelled=False,
    )
    return Coalesce(
        Subquery(
            marks.order_by().values("enrolment").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _last_end(course_ref: str):
    sessions = ScheduledSession.objects.filter(course=OuterRef(course_ref), cancelled=False)
    return Subquery(
        sessions.order_by().values("course").annotate(last=Max("ends_at")).values("last")[:1]
    )


def threshold_now() -> int:
    """The college's share of sessions for a certificate, read without writing (the
    settings row may not exist yet: then the default)."""
    found = CollegeSettings.objects.filter(pk=1).values_list("certificate_threshold", flat=True)
    return found.first() or DEFAULT_THRESHOLD


def _threshold():
    """The college setting as an annotation, so it costs no query of its own."""
    setting = CollegeSettings.objects.filter(pk=1).values("certificate_threshold")[:1]
    return Coalesce(Subquery(setting, output_field=IntegerField()), DEFAULT_THRESHOLD)


def certificates_ready(*, user, now: datetime | None = None) -> set[int]:
    """The ids of the student's enrolments whose certificate they can download (one
    query, the college setting in it)."""
    now = now or timezone.now()
    rows = (
        Enrolment.objects.filter(
            student=user,
            status=Enrolment.Status.ENROLLED,
            course__status__in=COURSE_STATUSES,
        )
        .annotate(
            held=_held("course"),
            came=_came(),
            last_end=_last_end("course"),
            threshold=_threshold(),
        )
        .filter(Q(last_end__lte=now))
        .values_list("pk", "held", "came", "threshold")
    )
    return {
        pk
        for pk, held, came, threshold in rows
        if certificate_earned(came=came, held=held, threshold=threshold)
    }


@dataclass(frozen=True)
class Certificate:
    """What a certificate says, and whether the student has earned it (`why_not` says
    why not in plain words)."""

    enrolment: Enrolment
    student_name: str
    course_title: str
    first_day: date | None
    last_day: date | None
    held: int
    came: int
    threshold: int
    trainers: list  # (public name, "Peer Trainer" / "Practitioner Trainer")
    why_not: str

    @property
    def earned(self) -> bool:
        return not self.why_not


def certificate_for(*, user, pk: int, now: datetime | None = None) -> Certificate:
    """The certificate for one of the student's own enrolments (404 for anyone else's,
    whoever asks: nobody learns that another person's place exists). Four queries."""
    now = now or timezone.now()
    enrolment = enrolment_for_student(user=user, pk=pk)
    course = enrolment.course
    sessions = list(course.sessions.all())  # prefetched: the live sessions, in order
    held = len(sessions)
    came = Attendance.objects.filter(
        enrolment=enrolment, status=Attendance.Status.PRESENT, session__cancelled=False
    ).count()
    threshold = threshold_now()
    why_not = ""
    if enrolment.status != Enrolment.Status.ENROLLED or course.status not in COURSE_STATUSES:
        why_not = "A certificate is for students who held a place on a course that ran."
    elif not sessions or sessions[-1].ends_at > now:
        why_not = "Your certificate will be ready once the course's last session has ended."
    elif not certificate_earned(came=came, held=held, threshold=threshold):
        why_not = (
            f"A certificate is for students who came to at least {threshold}% of the "
            f"sessions. The register shows you at {came} of {held}. If that is wrong, "
            "please tell one of the trainers or the college."
        )
    pairing = course.pairing
    trainers = [(t.public_name, t.get_kind_display()) for t in pairing.trainers] if pairing else []
    first = timezone.localdate(sessions[0].starts_at) if sessions else None
    last = timezone.localdate(sessions[-1].starts_at) if sessions else None
    return Certificate(
        enrolment=enrolment,
        student_name=user.full_name,
        course_title=course.title,
        first_day=first,
        last_day=last,
        held=held,
        came=came,
        threshold=threshold,
        trainers=trainers,
        why_not=why_not,
    )
