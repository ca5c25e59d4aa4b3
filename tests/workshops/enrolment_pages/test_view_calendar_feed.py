"""A student's personal calendar feed (workshops:calendar-feed, calendar-feed-reset): the
sessions of their places with links, and a reset that stops the old address."""

import pytest
from django.test import Client
from icalendar import Calendar

from workshops.models import CalendarFeed, ScheduledSession
from workshops.services import enrolment_create, waiting_list_join

from .support import MY_COURSES, path_to


@pytest.mark.django_db
def test_the_personal_calendar_feed_has_enrolled_sessions_with_links_and_resets(
    client_for, student, open_course, full_course
):
    enrolment_create(course=open_course, student=student)
    waiting_list_join(course=full_course, student=student)
    client = client_for(student)

    response = client.post(path_to("calendar-feed-reset"))
    assert response.status_code == 302
    assert response["Location"] == MY_COURSES
    feed = CalendarFeed.objects.get(user=student)
    old_url = path_to("calendar-feed", feed.token)
    assert old_url in client.get(MY_COURSES).content.decode()

    anonymous = Client()
    ics = anonymous.get(old_url)
    assert ics.status_code == 200
    assert ics["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(ics.content).walk("VEVENT")
    sessions = ScheduledSession.objects.filter(course=open_course)
    assert sorted(str(e["UID"]) for e in events) == sorted(
        f"session-{s.pk}@recovery-college" for s in sessions
    )
    assert all("Understanding anxiety" in str(e["SUMMARY"]) for e in events)
    online = sessions.get(number=2)
    assert any(online.online_link in str(e["LOCATION"]) for e in events)

    client.post(path_to("calendar-feed-reset"))
    new_token = CalendarFeed.objects.get(user=student).token
    assert new_token != feed.token
    assert anonymous.get(old_url).status_code == 404
    assert anonymous.get(path_to("calendar-feed", new_token)).status_code == 200


# Issue 12, cause 6: a calendar address with NUL or other junk is simply not found.
@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/calendar/%00.ics", "/calendar/a%00b.ics", "/calendar/%C2%B2.ics"]
)
def test_a_malformed_calendar_address_is_not_found(path, client):
    assert client.get(path).status_code == 404
