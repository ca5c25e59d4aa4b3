"""The publish gate: every condition for publishing a course, met or not. Each condition
has a code; the page turns codes into links to where each is put right."""

from dataclasses import dataclass

from django.utils import timezone

from trainers.models import Pairing
from trainers.selectors import pairing_with_progress

from ..models import Course, ScheduledSession


@dataclass(frozen=True)
class Condition:
    code: str
    met: bool
    text: str  # plain words, said as what is needed


def publish_conditions(*, course: Course) -> list[Condition]:
    """Every condition for publishing, in the order a person would put them right."""
    pairing = pairing_with_progress(pk=course.pairing_id)
    sessions = list(
        ScheduledSession.objects.filter(course=course, cancelled=False).order_by("number")
    )
    term = course.term
    in_term = bool(term) and all(
        term.starts_on <= timezone.localdate(s.starts_at)
        and timezone.localdate(s.ends_at) <= term.ends_on
        for s in sessions
    )
    return [
        Condition(
            "agreed",
            course.status in (Course.Status.AGREED, Course.Status.PUBLISHED),
            "Both trainers have agreed the current version of the course.",
        ),
        Condition(
            "pairing_active",
            pairing.status == Pairing.Status.ACTIVE,
            "The pairing that teaches it is active.",
        ),
        Condition(
            "no_decision_waiting",
            pairing.stage != "awaiting_decision",
            "No conflict-of-interest decision is waiting.",
        ),
        Condition(
            "agreement_in_force",
            pairing.agreement_state.in_force,
            "The pair's co-working agreement is in force.",
        ),
        Condition("term", term is not None, "The course belongs to a term."),
        Condition(
            "sessions_scheduled",
            len(sessions) == course.session_count,
            f"All {course.session_count} session(s) have a date and a room or joining link "
            f"({len(sessions)} so far).",
        ),
        Condition(
            "sessions_in_term",
            in_term and bool(sessions),
            "Every session falls inside the term's dates.",
        ),
        Condition("places", bool(course.capacity), "The number of places is set."),
    ]
