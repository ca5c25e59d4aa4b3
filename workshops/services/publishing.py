"""Publishing: only what both trainers agreed, taught by a pair in good standing, on dates
inside the term, reaches the public."""

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from recovery_college.accounts.models import User
from trainers.models import Pairing
from trainers.selectors import pairing_get_for

from ..errors import NotAllowed
from ..models import CollegeSettings, Course, Enrolment, ScheduledSession
from .changes import course_back_notify
from .enrolment import places_offer_next


@dataclass(frozen=True)
class Condition:
    met: bool
    text: str  # plain words, said as what is needed
    fix_label: str
    fix_url: str


def publish_conditions(*, course: Course, user: User) -> list[Condition]:
    """Every condition for publishing, met or not, each with where to fix it."""
    pairing = pairing_get_for(user=user, pk=course.pairing_id)
    agreement_state = pairing.agreement_state
    sessions = list(
        ScheduledSession.objects.filter(course=course, cancelled=False).order_by("number")
    )
    term = course.term
    in_term = bool(term) and all(
        term.starts_on <= timezone.localdate(s.starts_at)
        and timezone.localdate(s.ends_at) <= term.ends_on
        for s in sessions
    )
    course_url = reverse("workshops:course-detail", args=[course.pk])
    schedule_url = reverse("workshops:course-schedule", args=[course.pk])
    pairing_url = reverse("trainers:pairing-detail", args=[pairing.pk])
    return [
        Condition(
            course.status in (Course.Status.AGREED, Course.Status.PUBLISHED),
            "Both trainers have agreed the current version of the course.",
            "See who has agreed",
            course_url,
        ),
        Condition(
            pairing.status == Pairing.Status.ACTIVE,
            "The pairing that teaches it is active.",
            "Open the pairing",
            pairing_url,
        ),
        Condition(
            pairing.stage != "awaiting_decision",
            "No conflict-of-interest decision is waiting.",
            "Open the pairing",
            pairing_url,
        ),
        Condition(
            agreement_state.in_force,
            "The pair's co-working agreement is in force.",
            "Open the co-working agreement",
            reverse("trainers:agreement-detail", args=[pairing.pk]),
        ),
        Condition(
            term is not None, "The course belongs to a term.", "Choose the term", schedule_url
        ),
        Condition(
            len(sessions) == course.session_count,
            f"All {course.session_count} session(s) have a date and a room or joining link "
            f"({len(sessions)} so far).",
            "Schedule the sessions",
            schedule_url,
        ),
        Condition(
            in_term and bool(sessions),
            "Every session falls inside the term's dates.",
            "Move the sessions",
            schedule_url,
        ),
        Condition(
            bool(course.capacity),
            "The number of places is set.",
            "Set the places",
            schedule_url,
        ),
    ]


def may_publish(*, user: User, course: Course) -> bool:
    """Managers publish; so may the course's own pair when the college setting allows."""
    if user.is_manager:
        return True
    if course.pairing_id is None or not CollegeSettings.load().pairs_may_publish:
        return False
    return user.pk in (course.pairing.peer.user_id, course.pairing.practitioner.user_id)


def course_publish(*, course: Course, user: User) -> Course:
    if not may_publish(user=user, course=course):
        raise NotAllowed("Only a college manager can publish a course.")
    with transaction.atomic():
        course = Course.objects.select_for_update(of=("self",), no_key=True).get(pk=course.pk)
        was_paused = course.status != Course.Status.PUBLISHED and (
            Enrolment.objects.filter(course=course, status__in=Enrolment.LIVE).exists()
        )
        unmet = [c.text for c in publish_conditions(course=course, user=user) if not c.met]
        if unmet:
            raise NotAllowed("This course cannot be published yet: " + " ".join(unmet))
        course.status = Course.Status.PUBLISHED
        course.withdrawn_reason = ""
        course.save(update_fields=["status", "withdrawn_reason", "updated_at"])
        # Back on the prospectus after a pause: tell the students who kept their places,
        # and offer places freed meanwhile to those waiting.
        if was_paused:
            course_back_notify(course=course)
        places_offer_next(course=course)
    return course
