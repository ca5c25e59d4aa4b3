"""Feedback results: anonymous responses, counted and averaged per course."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max
from django.utils import timezone

from ..models import Attendance, Course, Enrolment, Feedback, ScheduledSession


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


def feedback_due(
    enrolment: Enrolment, *, last_end: datetime | None = None, now: datetime | None = None
) -> bool:
    """Feedback is open to a student who came to at least one session, once the course's
    last session has ended, until they give it. It follows from the records alone, so it
    opens the moment the last session ends: the invitation email (a beat job) is extra.

    `last_end` (the end of the course's last live session) and a `came` attribute (did
    the student come to at least one session; my_courses reads it with the places) are
    used when the caller has them, saving a query each."""
    if enrolment.status != Enrolment.Status.ENROLLED or enrolment.feedback_given_on is not None:
        return False
    if enrolment.course.status not in (Course.Status.PUBLISHED, Course.Status.ARCHIVED):
        return False
    if last_end is None:
        last_end = ScheduledSession.objects.filter(
            course_id=enrolment.course_id, cancelled=False
        ).aggregate(last=Max("ends_at"))["last"]
    if last_end is None or last_end > (now or timezone.now()):
        return False
    came = getattr(enrolment, "came", None)
    if came is None:
        came = Attendance.objects.filter(
            enrolment=enrolment, status=Attendance.Status.PRESENT
        ).exists()
    return came
