"""A student's secret calendar address."""

from recovery_college.accounts.models import User

from ..models import CalendarFeed


def calendar_feed_reset(*, user: User) -> bool:
    """Make the student's secret calendar address, or replace it (the old one stops).
    Returns True when it is new."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.reset()
    return created
