"""The prospectus as a PDF (/prospectus.pdf): the published courses really are in the file,
the filters and ?term= apply, nothing is fetched over the network, and without Pango the
page says so and points to the print version."""

import builtins
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workshops.models import Term
from workshops.services.prospectus_cache import prospectus_changed
from workshops.views.pdf import static_url_fetcher

from ...factories import PairingFactory
from .support import TODAY, bulk, pdf_text, publish

URL = reverse("workshops:prospectus-pdf")


@pytest.mark.django_db
def test_the_pdf_has_every_published_course_and_no_draft(client, catalogue, caplog):
    response = client.get(URL)
    assert response["Content-Disposition"] == 'attachment; filename="prospectus-spring-2027.pdf"'
    text = pdf_text(response)
    assert "Recovery College prospectus: Spring 2027" in text
    for title in ["Hearing voices", "Money worries", "Sleep better"]:
        assert title in text
    assert "Secret draft" not in text
    assert "Garden Room, Oak House (step-free)" in text
    # The print CSS came from our static files: the site's footer and navigation are gone,
    # and so are the screen-only links and buttons.
    assert "planned and taught together by Peer and Practitioner Trainers" not in text
    assert "Skip to main content" not in text and "Log in" not in text
    assert "Back to the prospectus" not in text and "Download" not in text
    assert not [r for r in caplog.records if "Failed to load" in r.getMessage()]


@pytest.mark.django_db
def test_the_topic_filter_leaves_the_other_courses_out(client, catalogue):
    text = pdf_text(client.get(URL, {"topic": catalogue.pk}))
    assert "Sleep better" in text
    assert "Hearing voices" not in text and "Money worries" not in text


@pytest.mark.django_db
def test_term_picks_another_published_term(client, catalogue, rooms):
    summer = Term.objects.create(
        name="Summer 2027",
        starts_on=TODAY + timedelta(days=100),
        ends_on=TODAY + timedelta(days=170),
        enrolment_opens_on=TODAY + timedelta(days=80),
    )
    publish(
        PairingFactory(active=True),
        summer,
        title="Walking together",
        room=rooms["step_free"],
        day_offset=110,
    )
    response = client.get(URL, {"term": summer.pk})
    assert response["Content-Disposition"] == 'attachment; filename="prospectus-summer-2027.pdf"'
    text = pdf_text(response)
    assert "Walking together" in text and "Sleep better" not in text
    # A term with nothing published is not offered: the current term is used.
    empty = Term.objects.create(
        name="Autumn 2027",
        starts_on=TODAY + timedelta(days=200),
        ends_on=TODAY + timedelta(days=260),
        enrolment_opens_on=TODAY + timedelta(days=180),
    )
    assert "Sleep better" in pdf_text(client.get(URL, {"term": empty.pk}))


@pytest.mark.django_db
def test_with_no_published_term_there_is_no_pdf(client):
    assert client.get(URL).status_code == 404


@pytest.mark.django_db
def test_without_pango_it_says_so_and_points_to_the_print_version(client, catalogue, monkeypatch):
    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    response = client.get(URL, {"topic": catalogue.pk})
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "The PDF is not available" in html
    assert "cannot make the prospectus as a PDF file" in html
    term = Term.objects.get(name="Spring 2027")
    print_link = (
        f'href="{reverse("workshops:prospectus")}?topic={catalogue.pk}&amp;term={term.pk}'
        '&amp;print=1"'
    )
    assert print_link in html and "printable version of the prospectus" in html


@pytest.mark.django_db
def test_the_pages_link_to_the_pdf_with_their_term_and_filters(client, catalogue):
    term = Term.objects.get(name="Spring 2027")
    prospectus = reverse("workshops:prospectus")
    html = client.get(prospectus).content.decode()
    assert f'href="{URL}?term={term.pk}">Download the prospectus as a PDF file</a>' in html
    params = {"topic": catalogue.pk, "q": "a b/c", "access": "step_free_access", "print": "1"}
    html = client.get(prospectus, params).content.decode()
    assert (
        f'href="{URL}?term={term.pk}&amp;q=a%20b%2Fc&amp;topic={catalogue.pk}'
        '&amp;access=step_free_access">Download the courses that match as a PDF file</a>'
    ) in html


def test_the_url_fetcher_serves_static_files_and_refuses_everything_else():
    fetch = static_url_fetcher("http://testserver/")
    css = fetch("http://testserver/static/css/print.css")
    assert b".print-course" in css.read() and css.content_type == "text/css"
    for url in [
        "https://cdn.example.org/static/css/print.css",
        "http://testserver/media/photo.jpg",
        "http://testserver/static/css/missing.css",
        "http://testserver/static/%2e%2e/recovery_college/settings.py",
        "http://testserver/static//etc/passwd",
        "file:///etc/passwd",
    ]:
        with pytest.raises(ValueError):
            fetch(url)


def _queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_pdf_costs_the_same_queries_for_3_and_30_courses(client, term, rooms, time_machine):
    time_machine.move_to(datetime.combine(TODAY, time(9)), tick=False)
    bulk(term, rooms["step_free"], 3)
    with_3 = _queries(client)
    bulk(term, rooms["step_free"], 27)
    prospectus_changed()  # as publishing through the services does (the PDF is cached)
    response = client.get(URL)
    text = pdf_text(response)
    assert all(f"Course {i:04}" in text for i in range(27))
    prospectus_changed()  # measure a render, not the cached PDF
    assert _queries(client) == with_3
    assert _queries(client, {"time": "morning", "q": "Course"}) == with_3
    assert with_3 <= 6


@pytest.mark.django_db
def test_downloading_the_pdf_keeps_a_pending_message_for_the_next_page(client, catalogue):
    from ...factories import UserFactory

    client.force_login(UserFactory())
    # Any action that leaves a message and redirects; the person downloads the PDF first.
    client.post(reverse("workshops:calendar-feed-reset"))
    assert client.get(reverse("workshops:prospectus-pdf")).status_code == 200
    page = client.get(reverse("workshops:my-courses")).content.decode()
    assert "Your calendar address is ready" in page
