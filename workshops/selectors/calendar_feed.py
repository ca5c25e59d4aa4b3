"""A student's own calendar feed: the secret address and the courses it carries."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from recovery_college.accounts.models import User

from ..models import CalendarFeed, Course, Enrolment
from .prospectus import live_sessions


def calendar_feed_of(*, user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_by_token(*, token: str) -> CalendarFeed:
    """The feed at a secret address (404 for an unknown or malformed one)."""
    return get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)


def calendar_feed_courses(*, feed: CalendarFeed) -> QuerySet[Course]:
    """The courses the feed's student is enrolled on, with their live sessions."""
    return (
        Course.objects.filter(
            enrolments__student=feed.user, enrolments__status=Enrolment.Status.ENROLLED
        )
        .exclude(status=Course.Status.CANCELLED)
        .prefetch_related(Prefetch("sessions", queryset=live_sessions().order_by("starts_at")))
        .distinct()
    )
