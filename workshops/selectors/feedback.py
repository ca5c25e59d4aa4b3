"""Feedback results: anonymous responses, counted and averaged per course."""

from dataclasses import dataclass

from ..models import Course, Enrolment, Feedback


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


def feedback_due(enrolment: Enrolment) -> bool:
    """Invited (they came, the course is over) and not yet given."""
    return (
        enrolment.status == Enrolment.Status.ENROLLED
        and enrolment.feedback_invited_at is not None
        and enrolment.feedback_given_on is None
    )
