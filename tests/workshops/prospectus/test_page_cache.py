"""Public pages from cache (workshops/services/page_cache.py, workshops/views/public_pages.py,
issue 16): anonymous visitors get the prospectus, course pages and a course's calendar
from the cache in at most one query; each change a page shows is there on the next
request; places left are right after every enrolment, cancellation, offer and expiry;
logged-in people and anyone with a message waiting get a fresh private page; a cache
that is down changes nothing but speed."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from trainers.models import Topic, Trainer
from trainers.services import trainer_public_name_choose
from workshops.models import Course, CoverRequest, Enrolment, ScheduledSession
from workshops.services import (
    course_agree,
    course_capacity_set,
    course_details_update,
    course_publish,
    course_unpublish,
    enrolment_cancel,
    enrolment_create,
    offers_expire,
    page_cache,
    room_save,
    session_cancel,
    session_schedule,
    term_save,
    venue_save,
    waiting_list_join,
)
from workshops.services.page_cache import public_pages_changed
from workshops.services.prospectus_cache import prospectus_version

from ...factories import (
    CoverRequestFactory,
    PairingFactory,
    PeerTrainerFactory,
    UserFactory,
    fresh,
)
from ..enrolment_support import FIRST, HOLD, NOW, students
from .support import TODAY

LIST = reverse("workshops:prospectus")


def course_url(course) -> str:
    return reverse("workshops:prospectus-course", args=[course.pk])


def ics_url(course) -> str:
    return reverse("workshops:prospectus-course-ics", args=[course.pk])


def queries(client, url, params=None) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def visit(url, params=None) -> str:
    """The page as a new anonymous visitor gets it."""
    response = Client().get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def cached(url, params=None) -> str:
    """The page as an anonymous visitor gets it, asserting it came from the cache: one
    query (places left) or none."""
    count, html = queries(Client(), url, params)
    assert count <= 1, f"{url} was rendered again ({count} queries)"
    return html


# Served from cache, with the right headers


@pytest.mark.django_db
def test_anonymous_visitors_get_each_page_from_cache_in_at_most_one_query(open_course):
    for url in (LIST, LIST + "?q=anxiety&day=5", course_url(open_course), ics_url(open_course)):
        first = visit(url)
        count, again = queries(Client(), url)
        assert again == first
        assert count <= 1  # places left for the list and the course page; 0 for the calendar
    assert queries(Client(), ics_url(open_course))[0] == 0


@pytest.mark.django_db
def test_anonymous_answers_may_be_shared_by_a_proxy_for_a_few_seconds(open_course, settings):
    for url in (LIST, course_url(open_course), ics_url(open_course)):
        for _ in range(2):  # the answer that renders and the one from cache
            response = Client().get(url)
            assert "public" in response["Cache-Control"]
            assert f"max-age={settings.PUBLIC_PAGES_MAX_AGE}" in response["Cache-Control"]
            assert "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_logged_in_people_get_a_fresh_private_page_and_leave_nothing_in_the_cache(
    open_course, client_for, student
):
    visit(LIST), visit(course_url(open_course))  # anonymous copies are in the cache
    enrolment_create(course=open_course, student=student)
    person = client_for(student)
    for url in (LIST, course_url(open_course)):
        response = person.get(url)
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        assert "Log out" in response.content.decode()
        assert "Sally Student" in response.content.decode()
    assert "You are enrolled" in person.get(course_url(open_course)).content.decode()
    for url in (LIST, course_url(open_course)):
        html = cached(url)
        assert "Log out" not in html and "Sally Student" not in html
        assert "csrfmiddlewaretoken" not in html


@pytest.mark.django_db
def test_a_cached_course_page_carries_no_csrf_token_and_its_enrol_button_is_a_link(open_course):
    visitor = Client()
    visitor.get(reverse("accounts:login"))  # the log-in form gave this visitor a CSRF cookie
    html = visitor.get(course_url(open_course)).content.decode()
    assert "csrfmiddlewaretoken" not in html and "<form" not in html.split('id="main"')[1]
    assert f'href="{reverse("workshops:enrol", args=[open_course.pk])}"' in html
    assert cached(course_url(open_course)) == html


def _with_message(client, text: str) -> None:
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.INFO, text)])


@pytest.mark.django_db
def test_a_visitor_with_a_message_waiting_gets_it_on_a_page_nobody_else_gets(open_course):
    visit(course_url(open_course))  # in the cache without the message
    visitor = Client()
    _with_message(visitor, "You have been logged out.")
    response = visitor.get(course_url(open_course))
    assert "You have been logged out." in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "You have been logged out." not in cached(course_url(open_course))
    # ...and a page rendered for someone with a message is not kept for others
    public_pages_changed()
    other = Client()
    _with_message(other, "Only for you.")
    assert "Only for you." in other.get(LIST).content.decode()
    assert "Only for you." not in visit(LIST)


# Each change is on the next anonymous request


@pytest.mark.django_db
def test_taking_off_and_publishing_show_at_once(open_course, manager):
    assert "Understanding anxiety" in visit(LIST)
    visit(course_url(open_course))
    course_unpublish(course=open_course, user=manager, reason="")
    assert "Understanding anxiety" not in visit(LIST, {"term": open_course.term_id})
    assert Client().get(course_url(open_course)).status_code == 404
    course_publish(course=fresh(open_course), user=manager)
    assert "Understanding anxiety" in visit(LIST)
    assert "Understanding anxiety" in visit(course_url(open_course))


@pytest.mark.django_db
def test_a_live_version_change_shows_at_once(open_course, peer_trainer, practitioner_trainer):
    course = fresh(open_course)
    details = {name: getattr(course.working_copy(), name) for name in Course.DETAIL_FIELDS}
    details["title"] = "Living well with worry"
    course_details_update(course=course, user=peer_trainer, base_version=course.version, **details)
    # Read between the change and the agreement: what is cached is still the old title.
    assert "Understanding anxiety" in visit(course_url(open_course))
    assert "Understanding anxiety" in cached(course_url(open_course))
    for user in (peer_trainer, practitioner_trainer):
        course_agree(course=fresh(open_course), user=user, version=fresh(open_course).version)
    assert "Living well with worry" in visit(course_url(open_course))
    assert "Living well with worry" in visit(LIST)


@pytest.mark.django_db
def test_a_session_moved_shows_at_once(open_course, manager, room):
    visit(course_url(open_course))
    visit(LIST)
    moved = timezone.localtime(FIRST + timedelta(days=1, hours=3))
    session_schedule(course=open_course, user=manager, number=1, starts_at=moved, room=room)
    assert date_format(moved, "l j F Y") in visit(course_url(open_course))
    assert date_format(moved, "l j F, H:i") in visit(LIST)


@pytest.mark.django_db
def test_a_session_cancelled_shows_at_once(open_course, manager):
    second = ScheduledSession.objects.get(course=open_course, number=2)
    when = date_format(timezone.localtime(second.starts_at), "l j F Y")
    assert when in visit(course_url(open_course))
    session_cancel(course=open_course, user=manager, number=2, reason="The room flooded.")
    assert when not in visit(course_url(open_course))


@pytest.mark.django_db
def test_a_term_venue_and_room_change_show_at_once(open_course, manager, room, venue):
    visit(LIST)
    visit(course_url(open_course))
    term = fresh(open_course).term
    term.name = "Spring into recovery"
    term_save(term=term, user=manager)
    assert "Spring into recovery" in visit(LIST)
    venue.address = "1 New Road\nLeeds"
    venue_save(venue=venue, user=manager)
    assert "1 New Road" in visit(course_url(open_course))
    assert "Hearing loop: no" in cached(course_url(open_course))
    room.hearing_loop = True
    room_save(room=room, user=manager)
    assert "Hearing loop: yes" in visit(course_url(open_course))


@pytest.mark.django_db
def test_a_trainers_public_name_shows_at_once(open_course, peer_trainer):
    assert "Pat Peer" in visit(course_url(open_course))
    trainer_public_name_choose(trainer=peer_trainer.trainer, style="other", other="Sunny P")
    html = visit(course_url(open_course))
    assert "Sunny P" in html and "Pat Peer" not in html


@pytest.mark.django_db(transaction=True)
def test_a_trainers_public_name_makes_the_term_pdf_and_calendar_again(peer_trainer):
    """The whole term's PDF and calendar are kept by the prospectus version: a trainer who
    stops showing their full name must not stay on them under it."""
    before = prospectus_version()
    trainer_public_name_choose(trainer=peer_trainer.trainer, style="first")
    assert prospectus_version() > before


@pytest.mark.django_db
def test_a_trainers_own_name_change_shows_at_once_and_a_log_in_empties_nothing(
    open_course, practitioner_trainer, student
):
    assert "Dr Prue Practitioner" in visit(course_url(open_course))
    student.full_name = "Someone Else"
    student.save()  # not a trainer: the cache stays
    practitioner_trainer.last_login = timezone.now()
    practitioner_trainer.save(update_fields=["last_login"])  # a log-in: the cache stays
    assert "Dr Prue Practitioner" in cached(course_url(open_course))
    practitioner_trainer.full_name = "Dr Prue Newname"
    practitioner_trainer.save()
    assert "Dr Prue Newname" in visit(course_url(open_course))


@pytest.mark.django_db
def test_a_topic_renamed_shows_at_once(open_course):
    topic = Topic.objects.create(name="Worry")
    Course.objects.filter(pk=open_course.pk).update(topic=topic)
    public_pages_changed()
    assert "Worry" in visit(LIST)
    topic.name = "Anxiety and worry"
    topic.save()
    assert "Anxiety and worry" in visit(LIST)


@pytest.mark.django_db
def test_cover_arranged_shows_at_once(open_course, peer_trainer):
    visit(course_url(open_course))
    cover = PeerTrainerFactory(user__full_name="Chris Cover").user.trainer
    session = ScheduledSession.objects.get(course=open_course, number=1)
    CoverRequestFactory(
        session=session,
        absent_trainer=peer_trainer.trainer,
        status=CoverRequest.Status.COVERED,
        cover_trainer=cover,
    )
    assert "Chris Cover" in visit(course_url(open_course))


@pytest.mark.django_db
def test_a_course_page_is_not_kept_past_the_start_that_closes_enrolment(open_course, time_machine):
    assert "Enrol on this course" in visit(course_url(open_course))
    assert "Enrol on this course" in cached(course_url(open_course))
    time_machine.move_to(FIRST + timedelta(minutes=1), tick=False)
    assert "Enrolment has closed" in visit(course_url(open_course))


# Places left: never cached


def _places(course) -> tuple[str, str]:
    """What the list and the course page say about places, both from the cache."""
    listing = cached(LIST)
    page = cached(course_url(course))
    return listing, page.split('class="card card-body mb-3 enrol-box"')[1]


@pytest.mark.django_db
def test_places_left_are_right_after_an_enrolment_and_a_cancellation(open_course):
    visit(LIST), visit(course_url(open_course))
    listing, box = _places(open_course)
    assert "2 places left" in listing and "2 places left</strong> of 2" in box
    first, second = students(2)
    mine = enrolment_create(course=open_course, student=first)
    listing, box = _places(open_course)
    assert "1 place left" in listing and "1 place left</strong> of 2" in box
    enrolment_create(course=open_course, student=second)
    listing, box = _places(open_course)
    assert "full: waiting list open" in listing
    assert "Full: waiting list open." in box and "Join the waiting list" in box
    enrolment_cancel(enrolment=mine, user=first)
    listing, box = _places(open_course)
    assert "1 place left" in listing and "Enrol on this course" in box


@pytest.mark.django_db
def test_places_left_are_right_after_an_offer_and_its_expiry(open_course, time_machine):
    visit(LIST), visit(course_url(open_course))
    first, second, third = students(3)
    place = enrolment_create(course=open_course, student=first)
    enrolment_create(course=open_course, student=second)
    waiting_list_join(course=open_course, student=third)
    enrolment_cancel(enrolment=place, user=first)  # the freed place is offered to `third`
    assert Enrolment.objects.get(student=third).status == Enrolment.Status.OFFERED
    listing, box = _places(open_course)
    assert "full: waiting list open" in listing and "Full" in box  # the offer holds it
    time_machine.move_to(NOW + HOLD + timedelta(minutes=1), tick=False)
    visit(LIST), visit(course_url(open_course))  # another day: the list is kept afresh
    offers_expire()
    listing, box = _places(open_course)
    assert "1 place left" in listing and "1 place left</strong> of 2" in box


@pytest.mark.django_db
def test_more_places_show_at_once(open_course, manager):
    visit(course_url(open_course))
    course_capacity_set(course=fresh(open_course), user=manager, capacity=5)
    assert "5 places left</strong> of 5" in visit(course_url(open_course))


# A cache that is down


@pytest.mark.django_db
def test_a_cache_that_is_down_serves_every_page_fresh(open_course, monkeypatch, caplog):
    from django.core.cache.backends.redis import RedisCache

    down = RedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.5}})
    monkeypatch.setattr(page_cache, "cache", down)
    for url in (LIST, course_url(open_course), ics_url(open_course)):
        assert Client().get(url).status_code == 200
    public_pages_changed()  # and a change still goes through
    assert "cached public pages may be stale" in caplog.text


# The prospectus list stays flat as the college grows


SEARCHES = [
    {},
    {"q": "Course"},
    {"day": "2", "time": "morning"},
    {"access": "step_free_access", "format": "online", "topic": "1"},
    {"q": "Course", "day": "2", "time": "afternoon", "access": "quiet_space", "page": "2"},
]


def _bulk(term, n: int) -> None:
    """n more published online courses of one pair, an hour apart (in UTC: no clock
    change makes two of them overlap), built fast with bulk_create."""
    pairing = PairingFactory(active=True)
    start = Course.objects.count()
    courses = Course.objects.bulk_create(
        Course(
            pairing=pairing,
            title=f"Course {start + i:04}",
            summary="s",
            outcomes="o",
            status="published",
            term=term,
            session_count=1,
            session_minutes=60,
            capacity=10,
        )
        for i in range(n)
    )
    first = datetime(2027, 2, 1, 9, tzinfo=UTC)
    ScheduledSession.objects.bulk_create(
        ScheduledSession(
            course=course,
            number=1,
            starts_at=first + timedelta(hours=i),
            ends_at=first + timedelta(hours=i, minutes=50),
            online_link="https://meet.example.org/x",
            peer=pairing.peer,
            practitioner=pairing.practitioner,
        )
        for i, course in enumerate(courses)
    )


def _list_queries(client) -> list[tuple[int, list[str]]]:
    """Queries of each search, rendered afresh (the version bumped before each)."""
    counts = []
    for params in SEARCHES:
        public_pages_changed()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST, params).status_code == 200
        counts.append((len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]))
    return counts


@pytest.mark.django_db
def test_the_prospectus_list_costs_the_same_at_100_and_5000_courses(term, time_machine):
    time_machine.move_to(datetime.combine(TODAY, time(9)), tick=False)
    client = Client()
    _bulk(term, 100)
    at_100 = _list_queries(client)
    _bulk(term, 4900)
    assert Course.objects.filter(status="published").count() == 5000
    at_5000 = _list_queries(client)
    assert [count for count, _ in at_5000] == [count for count, _ in at_100]
    assert max(count for count, _ in at_100) <= 6
    for _, sqls in at_5000:  # no DISTINCT over the courses: the filters keep one row each
        assert not [sql for sql in sqls if 'FROM "workshops_course"' in sql and "DISTINCT" in sql]
    for params in SEARCHES:  # and from cache: places left only
        client.get(LIST, params)
        assert queries(client, LIST, params)[0] <= 1


@pytest.mark.django_db
def test_the_course_list_is_found_without_a_join_that_repeats_courses(term, time_machine):
    """A course with two sessions that both match a session filter is listed once."""
    time_machine.move_to(datetime.combine(TODAY, time(9)), tick=False)
    _bulk(term, 1)
    course = Course.objects.get()
    first = course.sessions.get()
    ScheduledSession.objects.create(
        course=course,
        number=2,
        starts_at=first.starts_at + timedelta(days=7),
        ends_at=first.ends_at + timedelta(days=7),
        online_link="https://meet.example.org/x",
        peer=first.peer,
        practitioner=first.practitioner,
    )
    html = visit(LIST, {"day": "2", "time": "morning"})
    assert "1 course match" in html and html.count(f'id="course-{course.pk}"') == 1


def test_the_user_signal_ignores_people_who_are_not_trainers(db):
    """Saving a student's name asks one question and empties nothing."""
    person = UserFactory()
    before = page_cache.public_version()
    person.full_name = "New Name"
    person.save()
    assert page_cache.public_version() == before
    assert not Trainer.objects.filter(user=person).exists()


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
@pytest.mark.django_db
def test_at_5000_courses_the_first_page_walks_the_partial_index_without_a_sort(term):
    """The plan PostgreSQL picks (EXPLAIN) for the list as the view asks for it: the first
    20 read in order from course_published_term_title, no DISTINCT (Unique or
    HashAggregate) and no sort of every row; its COUNT has no DISTINCT either."""
    from workshops.selectors import Filters, prospectus_courses

    _bulk(term, 5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE workshops_course")
    courses = prospectus_courses(term=term, filters=Filters()).prefetch_related(None)
    first_page = _plan(courses[:20])
    assert "course_published_term_title" in first_page
    for node in ("Unique", "HashAggregate", "Sort"):
        assert node not in first_page
    with CaptureQueriesContext(connection) as ctx:
        assert courses.count() == 5000
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + ctx.captured_queries[0]["sql"])
        count_plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Unique" not in count_plan and "HashAggregate" not in count_plan
