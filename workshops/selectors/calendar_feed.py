"""A student's own calendar feed: the secret address and the courses it carries."""

import re

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from recovery_college.accounts.models import User

from ..models import CalendarFeed, Course, Enrolment
from .prospectus import live_sessions

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")  # secrets.token_urlsafe


def calendar_feed_of(*, user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_by_token(*, token: str) -> CalendarFeed:
    """The feed at a secret address (404 for an unknown or malformed one: only the
    characters a token is made of are looked up, so NUL never reaches the database)."""
    if not TOKEN_SHAPE.fullmatch(token):
        raise Http404("No such calendar feed.")
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
