"""Logged-in pages given again while nothing in the database has changed
(recovery_college/snapshot_pages.py).

The mechanism's rules are tested on small views of this module's own URLconf, which count
their runs; the pages that use it (My courses, the plan editor, the College page) are
tested for what people would notice: another person's change shows on the next request.
Only PostgreSQL has a snapshot to read, and a test's usual transaction hides its own
writes from it, so these tests commit (transaction=True)."""

import re
import time

import pytest
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.views.decorators.http import require_POST

from recovery_college import snapshot_pages
from recovery_college.snapshot_pages import database_snapshot, kept_while_unchanged
from trainers.models import Topic

from .factories import EnrolmentFactory, ManagerFactory, PairingFactory, UserFactory, make_course

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

runs: list[str] = []


def _page(request):
    """What a page shows: who asked, a form token, the messages, how many runs so far."""
    runs.append(request.path)
    shown = " ".join(str(m) for m in messages.get_messages(request))
    return HttpResponse(
        f"<p>{request.user.pk}</p><input name=csrfmiddlewaretoken value={get_token(request)}>"
        f"<p>messages: {shown}</p><p>run {len(runs)}</p>"
    )


@login_required
@kept_while_unchanged
def counted(request):
    return _page(request)


@login_required
@kept_while_unchanged
def writes_session(request):
    request.session["seen"] = time.time()
    return _page(request)


@login_required
@kept_while_unchanged
def sets_cookie(request):
    response = _page(request)
    response.set_cookie("chosen", "1")
    return response


@login_required
@kept_while_unchanged
def not_found(request):
    runs.append(request.path)
    return HttpResponse("gone", status=404)


@login_required
def say_hello(request):
    messages.info(request, "Hello there")  # kept in the message cookie: nothing written
    return redirect("/counted/")


@require_POST
def posted(request):
    return HttpResponse("posted")


urlpatterns = [
    path("counted/", counted),
    path("writes-session/", writes_session),
    path("sets-cookie/", sets_cookie),
    path("not-found/", not_found),
    path("say-hello/", say_hello),
    path("posted/", posted),
    path("", include("recovery_college.urls")),
]


@pytest.fixture(autouse=True)
def _fresh():
    runs.clear()
    snapshot_pages.memory.clear()
    yield
    snapshot_pages.memory.clear()


@pytest.fixture
def browser(client_for):
    """A logged-in browser that holds a CSRF cookie, as one has after its first form."""
    client = client_for(UserFactory(full_name="Sam Student"))
    client.get("/counted/")
    runs.clear()
    return client


def _ran(client, url, **headers) -> bool:
    before = len(runs)
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 404)
    return len(runs) > before


pytestmark.append(pytest.mark.urls(__name__))


def test_the_same_request_with_nothing_written_is_answered_without_the_view(browser):
    first = browser.get("/counted/")
    second = browser.get("/counted/")
    assert runs == ["/counted/"]
    assert second.content == first.content
    # The rest of the stack still ran: the security headers are on the kept answer too.
    assert second["Cache-Control"] == first["Cache-Control"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_kept_answer_costs_the_middleware_and_one_small_query(browser):
    browser.get("/counted/")
    with CaptureQueriesContext(connection) as queries:
        browser.get("/counted/")
    sql = [q["sql"] for q in queries.captured_queries]
    assert runs == ["/counted/"]
    assert any("pg_current_snapshot" in s for s in sql)
    assert len(sql) == 4, sql  # the session, the user, their roles, the snapshot


def test_any_write_anywhere_makes_the_view_run_again(browser):
    assert _ran(browser, "/counted/")
    Topic.objects.create(name="Sleep")  # nothing this page shows, but the database changed
    assert _ran(browser, "/counted/")
    assert not _ran(browser, "/counted/")


def test_an_answer_is_kept_for_a_few_seconds_at_most(browser, settings):
    settings.LOGGED_IN_PAGES_SECONDS = 0.05
    assert _ran(browser, "/counted/")
    assert not _ran(browser, "/counted/")
    time.sleep(0.06)
    assert _ran(browser, "/counted/")


def test_another_browser_of_the_same_person_gets_its_own_page(browser):
    user = browser.get("/counted/").wsgi_request.user
    other = Client()
    other.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    other.get("/counted/")  # its own CSRF cookie, from its own first page
    runs.clear()
    Topic.objects.create(name="A write, so both start afresh")
    assert _ran(browser, "/counted/")
    assert _ran(other, "/counted/")  # another session: never the first browser's answer


def test_another_person_never_gets_someone_elses_page(browser, client_for):
    browser.get("/counted/")
    someone = client_for(UserFactory())
    someone.get("/counted/")
    mine, theirs = browser.get("/counted/"), someone.get("/counted/")
    assert mine.content != theirs.content
    assert f"<p>{someone.session['_auth_user_id']}</p>".encode() in theirs.content


def test_after_logging_out_the_page_is_not_given(browser):
    browser.get("/counted/")
    browser.logout()
    response = browser.get("/counted/")
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_form_token_on_a_kept_page_still_posts(client_for):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    client.get("/counted/")
    runs.clear()
    client.get("/counted/")
    kept = client.get("/counted/")
    assert runs == ["/counted/"]
    token = re.search(rb"csrfmiddlewaretoken value=(\w+)", kept.content).group(1).decode()
    assert client.post("/posted/", {"csrfmiddlewaretoken": token}).status_code == 200


def test_a_browser_without_a_csrf_cookie_is_not_kept_an_answer(client_for):
    client = client_for(UserFactory())
    client.cookies.pop("csrftoken", None)
    response = client.get("/counted/")
    assert response.cookies["csrftoken"]  # the page's forms made one
    client.cookies.pop("csrftoken")
    assert _ran(client, "/counted/")
    assert len(runs) == 2


def test_a_waiting_message_is_shown_and_not_kept(browser):
    browser.get("/counted/")
    shown = browser.get("/say-hello/", follow=True)
    assert b"messages: Hello there" in shown.content
    assert runs == ["/counted/", "/counted/"]  # the message made the view run
    again = browser.get("/counted/")
    assert b"Hello there" not in again.content


def test_a_view_that_changes_the_session_or_sets_a_cookie_is_not_kept(browser):
    assert _ran(browser, "/writes-session/")
    Topic.objects.create(name="Start afresh")
    assert _ran(browser, "/sets-cookie/")
    assert _ran(browser, "/sets-cookie/")


def test_only_a_200_is_kept(browser):
    assert _ran(browser, "/not-found/")
    assert _ran(browser, "/not-found/")


def test_htmx_requests_are_kept_apart_from_whole_pages(browser):
    assert _ran(browser, "/counted/")
    assert _ran(browser, "/counted/", HX_Request="true")
    assert not _ran(browser, "/counted/", HX_Request="true")
    assert not _ran(browser, "/counted/")


def test_inside_a_transaction_the_view_always_runs(browser):
    with transaction.atomic():
        assert database_snapshot() is None
        assert _ran(browser, "/counted/")
        assert _ran(browser, "/counted/")


def test_without_postgresql_the_view_always_runs(browser, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert database_snapshot() is None
    assert _ran(browser, "/counted/")
    assert _ran(browser, "/counted/")


def test_turned_off_the_view_always_runs(browser, settings):
    settings.LOGGED_IN_PAGES_MEMORY_BYTES = 0
    assert _ran(browser, "/counted/")
    assert _ran(browser, "/counted/")


def test_memory_stays_within_its_bound(browser, settings):
    size = len(browser.get("/counted/?n=0").content)
    settings.LOGGED_IN_PAGES_MEMORY_BYTES = size * 5 // 2  # room for two of these pages
    for n in range(1, 7):
        browser.get(f"/counted/?n={n}")
    assert 0 < snapshot_pages.memory.bytes_kept <= size * 5 // 2
    assert len(snapshot_pages.memory) == 2
    assert not _ran(browser, "/counted/?n=6")  # the most recent is kept
    assert _ran(browser, "/counted/?n=1")  # the oldest went first


# --- The pages that use it: another person's change shows on the next request ---------


@pytest.mark.urls("recovery_college.urls")
def test_my_courses_shows_a_new_place_at_once(client_for):
    enrolment = EnrolmentFactory(course__title="Sleeping well")
    client = client_for(enrolment.student)
    url = reverse("workshops:my-courses")
    client.get(url)
    assert b"Sleeping well" in client.get(url).content
    EnrolmentFactory(student=enrolment.student, course__title="Managing anxiety")
    assert b"Managing anxiety" in client.get(url).content


@pytest.mark.urls("recovery_college.urls")
def test_the_college_page_shows_a_newly_published_course_at_once(client_for):
    manager = ManagerFactory()
    first = EnrolmentFactory(course__title="Sleeping well").course
    client = client_for(manager)
    url = reverse("workshops:college-overview") + f"?term={first.term_id}"
    client.get(url)
    assert b"Sleeping well" in client.get(url).content
    EnrolmentFactory(course__title="Hearing voices", course__term=first.term)
    assert b"Hearing voices" in client.get(url).content


@pytest.mark.urls("recovery_college.urls")
def test_the_plan_editor_shows_the_other_trainers_edit_at_once(client_for):
    pairing = PairingFactory(active=True)
    peer, practitioner = pairing.peer.user, pairing.practitioner.user
    course = make_course(pairing, peer, session_count=1)
    url = reverse("workshops:plan-edit", args=[course.pk, 1])
    mine, theirs = client_for(peer), client_for(practitioner)
    mine.get(url)
    mine.get(url)
    page = theirs.get(url)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1)
    added = theirs.post(
        reverse("workshops:section-add", args=[course.pk, 1]),
        {
            "csrfmiddlewaretoken": token.decode(),
            "add-version": course.version,
            "add-title": "Breathing together",
            "add-minutes": 10,
            "add-lead": "shared",
        },
    )
    assert added.status_code == 302
    assert b"Breathing together" in mine.get(url).content


@pytest.mark.urls("recovery_college.urls")
def test_a_kept_staff_page_counts_the_idle_log_out_from_now(client_for, monkeypatch):
    from django.utils import timezone

    client = client_for(ManagerFactory())
    url = reverse("workshops:college-overview")
    client.get(url)
    first = client.get(url)  # the page as made; kept
    idle = re.compile(rb'data-idle-timeout="(\d+)"')
    left = int(idle.search(first.content).group(1))
    later = timezone.now() + timezone.timedelta(seconds=5)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with CaptureQueriesContext(connection) as queries:
        kept = client.get(url)
    assert not any("workshops_course" in q["sql"] for q in queries.captured_queries)
    assert int(idle.search(kept.content).group(1)) in (left - 5, left - 6)
