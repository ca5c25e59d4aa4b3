"""The managers' week: every session of the college, day by day."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from ..models import ScheduledSession


def week_sessions(*, monday) -> list[tuple]:
    """(day, [sessions]) for the seven days from `monday`, in two queries whatever the
    number of sessions. A week near the ends of the calendar (year 1 or 9999) is empty
    rather than an overflow."""
    if not date.min + timedelta(days=1) < monday < date.max - timedelta(days=14):
        return [(monday, [])]
    start = timezone.make_aware(datetime.combine(monday, datetime.min.time()))
    sessions = (
        ScheduledSession.objects.filter(starts_at__gte=start, starts_at__lt=start + timedelta(7))
        .select_related("course", "room__venue", "peer__user", "practitioner__user")
        .order_by("starts_at")
    )
    days = {monday + timedelta(days=i): [] for i in range(7)}
    for session in sessions:
        days[timezone.localtime(session.starts_at).date()].append(session)
    return list(days.items())
