"""The managers' week: every session of the college, Monday to Sunday."""

from datetime import date, timedelta

from django.shortcuts import render
from django.utils import timezone

from recovery_college.accounts.permissions import manager_or_404

from .. import selectors


def _monday(value: str | None) -> date:
    """The Monday of the week asked for; this week for a missing, malformed or far-off
    date (a week shown must have a week before and after it)."""
    try:
        day = date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    if not 1900 <= day.year <= 2200:
        day = timezone.localdate()
    return day - timedelta(days=day.weekday())


@manager_or_404
def college_week(request):
    """A week of sessions across the college, Monday to Sunday."""
    monday = _monday(request.GET.get("week"))
    return render(
        request,
        "workshops/calendar.html",
        {
            "monday": monday,
            "days": selectors.week_sessions(monday=monday),
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
            "this_week": _monday(None),
        },
    )
