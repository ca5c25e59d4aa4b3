"""The public prospectus (workshops/views/pages.py): open to everyone, filters, search,
the course page, the term's and a course's calendars, the printable version, and a fixed
number of queries from 10 to 1,000 published courses."""

from datetime import datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from workshops.models import Course, Term

from .support import TODAY, bulk

URL = reverse("workshops:prospectus")


def titles(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return [c.title for c in response.context["page"].object_list]


@pytest.mark.django_db
def test_anyone_sees_the_current_terms_published_courses(client, catalogue):
    assert titles(client) == ["Hearing voices", "Money worries", "Sleep better"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params,expected",
    [
        ({"day": "2"}, ["Sleep better"]),  # Monday
        ({"time": "evening"}, ["Hearing voices"]),
        ({"time": "afternoon"}, ["Money worries"]),
        ({"format": "blended"}, ["Money worries"]),
        ({"access": "step_free_access"}, ["Sleep better"]),
        ({"q": "routines"}, ["Sleep better"]),
        ({"q": "VOICES"}, ["Hearing voices"]),
        (
            {"day": "nonsense", "time": "dawn", "format": "x"},
            ["Hearing voices", "Money worries", "Sleep better"],
        ),
    ],
)
def test_filters_and_search(client, catalogue, params, expected):
    assert titles(client, **params) == expected


@pytest.mark.django_db
def test_the_topic_filter(client, catalogue):
    assert titles(client, topic=catalogue.pk) == ["Sleep better"]


@pytest.mark.django_db
def test_a_course_page_shows_trainers_as_they_chose_and_the_venue_access(client, catalogue):
    course = Course.objects.get(title="Sleep better")
    peer = course.pairing.peer
    peer.public_name_style = "first"
    peer.save()
    html = client.get(reverse("workshops:prospectus-course", args=[course.pk])).content.decode()
    assert f"{peer.user.get_short_name()}, Peer Trainer" in html
    assert peer.user.full_name not in html
    assert "Practitioner Trainer" in html
    assert "Step-free access: yes" in html and "Garden Room, Oak House" in html
    assert "10 places left" in html


@pytest.mark.django_db
def test_a_draft_has_no_public_page(client, catalogue):
    draft = Course.objects.get(title="Secret draft")
    assert client.get(reverse("workshops:prospectus-course", args=[draft.pk])).status_code == 404


@pytest.mark.django_db
def test_with_no_published_term_it_says_so(client):
    assert "not published yet" in client.get(URL).content.decode()


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_prospectus_costs_the_same_for_10_and_1000_courses(client, term, rooms, time_machine):
    time_machine.move_to(datetime.combine(TODAY, time(9)), tick=False)
    bulk(term, rooms["step_free"], 10)
    with_10 = _queries(client, URL)
    detail = reverse("workshops:prospectus-course", args=[Course.objects.first().pk])
    detail_10 = _queries(client, detail)
    bulk(term, rooms["step_free"], 990)
    assert Course.objects.filter(status="published").count() == 1000
    assert _queries(client, URL) == with_10
    assert _queries(client, URL, {"time": "morning", "q": "Course"}) == with_10
    # (each course of a pair has its own hour: the pair cannot teach two at once)
    assert _queries(client, detail) == detail_10
    assert with_10 <= 6 and detail_10 <= 3


@pytest.mark.django_db
def test_the_term_calendar_parses_back_with_one_event_per_session(client, catalogue):
    from icalendar import Calendar

    response = client.get(reverse("workshops:prospectus-ics"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    sleep = next(e for e in events if str(e["summary"]).startswith("Sleep better"))
    start = sleep.decoded("dtstart")
    assert start.tzinfo is not None
    assert start == timezone.make_aware(datetime.combine(TODAY, time(10)))
    assert "Garden Room, Oak House" in str(sleep["location"])


@pytest.mark.django_db
def test_a_course_calendar_has_its_sessions_only(client, catalogue):
    from icalendar import Calendar

    course = Course.objects.get(title="Hearing voices")
    response = client.get(reverse("workshops:prospectus-course-ics", args=[course.pk]))
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Hearing voices (session 1 of 1)"]


@pytest.mark.django_db
def test_a_drafts_calendar_does_not_exist(client, catalogue):
    draft = Course.objects.get(title="Secret draft")
    url = reverse("workshops:prospectus-course-ics", args=[draft.pk])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_benchmark_command_measures_and_leaves_nothing_behind(
    peer_trainer, practitioner_trainer
):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("bench_prospectus", courses=5, runs=1, stdout=out)
    assert "5 published courses" in out.getvalue()
    assert "prospectus list" in out.getvalue() and "queries" in out.getvalue()
    assert not Course.objects.exists() and not Term.objects.exists()


@pytest.mark.django_db
def test_the_printable_prospectus_lists_every_course_on_one_page(client, term, rooms, time_machine):
    time_machine.move_to(datetime.combine(TODAY, time(9)), tick=False)
    bulk(term, rooms["step_free"], 25)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"print": "1"})
    html = response.content.decode()
    assert html.count('class="print-course') == 25
    assert "Course 0024" in html and 'media="print"' in html
    assert len(ctx.captured_queries) <= 6


@pytest.mark.django_db
def test_the_prospectus_is_open_to_everyone(client):
    response = client.get(reverse("workshops:prospectus"))
    assert response.status_code == 200
    assert "not published yet" in response.content.decode()


# Issue 12, causes 3-5: hostile query strings on the prospectus and its PDF get the
# ordinary page (the filter is ignored or cleaned), never a 500.
HOSTILE_PAGES = ["workshops:prospectus", "workshops:prospectus-pdf"]


@pytest.fixture
def published(manager):
    from ...factories import open_course_make

    return open_course_make(manager=manager, title="Understanding anxiety")


@pytest.mark.django_db
@pytest.mark.parametrize("name", HOSTILE_PAGES)
@pytest.mark.parametrize("param", ["topic", "term"])
def test_a_superscript_number_filter_is_ignored(name, param, client, published):
    response = client.get(reverse(name), {param: "²"})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", HOSTILE_PAGES)
def test_a_nul_in_the_search_text_is_ignored(name, client, published):
    response = client.get(reverse(name), {"q": "anx\x00iety\x1b"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_search_with_control_characters_finds_what_the_words_say(client, published):
    response = client.get(reverse("workshops:prospectus"), {"q": "Under\x00stand\x07ing"})
    assert "Understanding anxiety" in response.content.decode()


@pytest.mark.django_db
def test_the_print_version_takes_a_nul_search_too(client, published):
    response = client.get(reverse("workshops:prospectus"), {"q": "\x00", "print": "1"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_calendar_carries_a_london_timezone_that_each_start_names(client, catalogue):
    from icalendar import Calendar

    calendar = Calendar.from_ical(client.get(reverse("workshops:prospectus-ics")).content)

    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/London"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    for event in calendar.walk("VEVENT"):
        assert event["dtstart"].params["TZID"] == "Europe/London"


@pytest.mark.django_db
def test_links_in_the_calendar_follow_site_url(client, catalogue, settings):
    from icalendar import Calendar

    settings.SITE_URL = "http://127.0.0.1:8123"
    calendar = Calendar.from_ical(client.get(reverse("workshops:prospectus-ics")).content)

    urls = {str(event["url"]) for event in calendar.walk("VEVENT")}
    assert urls and all(url.startswith("http://127.0.0.1:8123/") for url in urls)


@pytest.mark.django_db
def test_the_filters_button_counts_the_filters_on(client, catalogue):
    html = client.get(URL, {"time": "evening", "access": ["step_free_access"]}).content.decode()
    assert "Filters: 2 on" in html
    assert "{#" not in html and "{%" not in html
