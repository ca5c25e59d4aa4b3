"""The publish gate: every condition for publishing a course, met or not. Each condition
has a code; the page turns codes into links to where each is put right."""

from dataclasses import dataclass

from django.utils import timezone

from trainers.models import Pairing
from trainers.selectors import pairing_with_progress

from ..models import Course, ScheduledSession
from .live import course_signoff


@dataclass(frozen=True)
class Condition:
    code: str
    met: bool
    text: str  # plain words, said as what is needed


def publish_conditions(*, course: Course) -> list[Condition]:
    """Every condition for publishing, in the order a person would put them right, each
    computed from the records as they are now (sign-offs on the current version, the
    pairing, its agreement, the trainers' choices, the schedule): never from the course's
    status, which only says what happened last."""
    pairing = pairing_with_progress(pk=course.pairing_id)
    signoff = course_signoff(course=course)
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
            signoff.agreed,
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
        Condition(
            "public_names",
            all(t.public_name_chosen for t in pairing.trainers),
            "Both trainers have chosen how their names appear to the public.",
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
