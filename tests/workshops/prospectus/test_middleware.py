"""The fast path to a public page (workshops/middleware.py, issue 16): a process answers a
public page it already served from its own memory, with the headers the whole stack gave
it, without running the view; places left and the version are still checked; anyone with
a session or a message, a bad Host and plain HTTP under SECURE_SSL_REDIRECT go the whole
way; the memory is bounded."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workshops import middleware
from workshops.services import course_unpublish, enrolment_create, page_cache
from workshops.views import prospectus as prospectus_views
from workshops.views import public_pages

from ...factories import fresh
from ..enrolment_support import students

LIST = reverse("workshops:prospectus")
ICS = reverse("workshops:prospectus-ics")


def course_url(course) -> str:
    return reverse("workshops:prospectus-course", args=[course.pk])


def view_stops(monkeypatch) -> None:
    """From now on the prospectus views fail if they are reached: an answer must come
    from the process's memory."""

    def reached(*args, **kwargs):
        raise AssertionError("the view ran: the answer did not come from memory")

    monkeypatch.setattr(prospectus_views, "page_from_cache", reached)
    monkeypatch.setattr(prospectus_views, "term_ics", reached)


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(public_pages, "clock", fake)
    monkeypatch.setattr(page_cache.time, "monotonic", fake.monotonic)
    return fake


def _headers(response) -> dict:
    return {k: v for k, v in response.items() if k not in ("Date",)}


@pytest.mark.django_db
def test_a_page_served_once_is_answered_from_memory_with_the_same_headers(open_course, monkeypatch):
    urls = [LIST, LIST + "?q=anxiety", course_url(open_course)]
    first = {url: Client().get(url) for url in urls}
    for response in first.values():
        assert response.status_code == 200 and "public" in response["Cache-Control"]
    view_stops(monkeypatch)
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            again = Client().get(url)
        assert again.status_code == 200
        assert again.content == first[url].content
        assert _headers(again) == _headers(first[url])
        assert "Content-Security-Policy" in again and again["X-Frame-Options"] == "DENY"
        assert len(ctx.captured_queries) <= 1  # places left, read afresh in tests


@pytest.mark.django_db
def test_the_term_calendar_from_memory_still_answers_304(open_course, monkeypatch):
    first = Client().get(ICS)
    assert first.status_code == 200 and b"BEGIN:VCALENDAR" in first.content
    view_stops(monkeypatch)
    assert Client().get(ICS).content == first.content
    again = Client().get(ICS, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.django_db
def test_a_change_in_this_process_is_on_the_next_answer(open_course, manager):
    assert "Understanding anxiety" in Client().get(LIST).content.decode()
    Client().get(course_url(open_course))
    course_unpublish(course=fresh(open_course), user=manager, reason="")
    assert "Understanding anxiety" not in Client().get(LIST).content.decode()
    assert Client().get(course_url(open_course)).status_code == 404


@pytest.mark.django_db
def test_a_change_in_another_process_shows_within_the_version_memo(
    open_course, settings, clock, monkeypatch
):
    settings.PUBLIC_PAGES_VERSION_MEMO_SECONDS = 1.0
    served = Client().get(course_url(open_course)).content
    cache.incr(page_cache.VERSION_KEY)  # another web process or a worker changed something
    view_stops(monkeypatch)
    assert Client().get(course_url(open_course)).content == served  # within the second
    clock.now += 1.5
    with pytest.raises(AssertionError, match="the view ran"):
        Client().get(course_url(open_course))


@pytest.mark.django_db
def test_with_no_version_memo_another_processs_change_shows_at_once(
    open_course, settings, monkeypatch
):
    settings.PUBLIC_PAGES_VERSION_MEMO_SECONDS = 0
    Client().get(course_url(open_course))
    cache.incr(page_cache.VERSION_KEY)
    view_stops(monkeypatch)
    with pytest.raises(AssertionError, match="the view ran"):
        Client().get(course_url(open_course))


@pytest.mark.django_db
def test_places_left_are_at_most_the_memo_old(open_course, settings, clock):
    settings.PUBLIC_PLACES_MEMO_SECONDS = 1.0
    assert "2 places left" in Client().get(course_url(open_course)).content.decode()
    (someone,) = students(1)
    enrolment_create(course=open_course, student=someone)
    with CaptureQueriesContext(connection) as ctx:
        within = Client().get(course_url(open_course)).content.decode()
    assert "2 places left" in within and len(ctx.captured_queries) == 0
    clock.now += 1.5
    assert "1 place left" in Client().get(course_url(open_course)).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_visitor_with_a_session_or_a_message_goes_the_whole_way(open_course, monkeypatch, cookie):
    Client().get(course_url(open_course))
    view_stops(monkeypatch)
    visitor = Client()
    visitor.cookies[cookie] = "anything"
    with pytest.raises(AssertionError, match="the view ran"):
        visitor.get(course_url(open_course))


@pytest.mark.django_db
def test_a_bad_host_is_still_refused(open_course):
    Client().get(course_url(open_course))
    assert Client().get(course_url(open_course), HTTP_HOST="evil.example").status_code == 400


@pytest.mark.django_db
def test_plain_http_is_still_sent_to_https(open_course, settings):
    Client().get(course_url(open_course), secure=True)
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get(course_url(open_course))
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert Client().get(course_url(open_course), secure=True).status_code == 200


@pytest.mark.django_db
def test_the_memory_is_bounded_and_can_be_turned_off(open_course, settings, monkeypatch):
    small = Client().get(course_url(open_course))
    settings.PUBLIC_PAGES_MEMORY_BYTES = len(small.content) + 100  # room for one page
    middleware.memory.clear()
    Client().get(course_url(open_course))
    Client().get(LIST)  # pushes the course page out (or is too big to keep)
    assert middleware.memory.bytes_kept <= settings.PUBLIC_PAGES_MEMORY_BYTES
    settings.PUBLIC_PAGES_MEMORY_BYTES = 0
    view_stops(monkeypatch)
    with pytest.raises(AssertionError, match="the view ran"):
        Client().get(course_url(open_course))


@pytest.mark.django_db
def test_an_emptied_cache_starts_the_version_somewhere_new(db):
    before = page_cache.public_version()
    cache.clear()  # Redis restarted: a process may still hold pages under `before`
    assert page_cache.public_version() != before
