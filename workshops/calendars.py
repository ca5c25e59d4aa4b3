"""iCalendar feeds of published sessions, made with the icalendar library."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event


def _location(session, *, show_links: bool = False) -> str:
    if session.room is None:
        if show_links:
            return f"Online: {session.online_link}"
        return "Online (the joining link is sent to people who enrol)"
    venue = session.room.venue
    return f"{session.room.name}, {venue.name}, {' '.join(venue.address.split())}"


def sessions_calendar(*, name: str, courses, show_links: bool = False) -> bytes:
    """One VEVENT per live session of the given courses (sessions prefetched). Joining
    links for online sessions only in a student's own feed (`show_links`)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Recovery College//Prospectus//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    site = settings.SITE_URL.rstrip("/")
    stamp = timezone.now()
    for course in courses:
        url = site + reverse("workshops:prospectus-course", args=[course.pk])
        for session in course.sessions.all():
            event = Event()
            event.add("uid", f"session-{session.pk}@recovery-college")
            event.add("dtstamp", stamp)
            event.add("dtstart", timezone.localtime(session.starts_at))
            event.add("dtend", timezone.localtime(session.ends_at))
            event.add(
                "summary",
                f"{course.title} (session {session.number} of {course.session_count})",
            )
            event.add("location", _location(session, show_links=show_links))
            event.add("description", f"{course.summary}\n\n{url}")
            event.add("url", url)
            calendar.add_component(event)
    # A VTIMEZONE for each TZID used (Europe/London, with its clock changes), so every
    # calendar program shows the right local time, not only those that know the name.
    calendar.add_missing_timezones()
    return calendar.to_ical()


def ics_response(content: bytes, filename: str, *, private: bool = False) -> HttpResponse:
    """A calendar for apps to open or subscribe to. A private feed is never cached."""
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
