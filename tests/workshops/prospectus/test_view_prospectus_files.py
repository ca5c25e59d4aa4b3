"""The whole term's PDF and the term calendar served from what was made once per change
(views/prospectus_files.py, views/pdf.py): ETag and Last-Modified with 304 for calendar
programs that poll, the printable page (never a 500) while the PDF is being made, one
render for a burst, and the next request after a change gets the new content."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from recovery_college.celery import app as celery_app
from workshops.models import Course, Term
from workshops.services import prospectus_files
from workshops.services.prospectus_cache import prospectus_changed, prospectus_version
from workshops.tasks import prospectus_file_render

from .support import pdf_text

PDF = reverse("workshops:prospectus-pdf")
ICS = reverse("workshops:prospectus-ics")


@pytest.fixture
def renders(monkeypatch):
    calls = []
    real = prospectus_files.render_and_keep

    def counting(**kwargs):
        calls.append(kwargs["kind"])
        return real(**kwargs)

    monkeypatch.setattr(prospectus_files, "render_and_keep", counting)
    return calls


@pytest.fixture
def short_wait(monkeypatch):
    monkeypatch.setattr("workshops.views.pdf.PDF_WAIT_SECONDS", 0.2)
    monkeypatch.setattr("workshops.views.prospectus_files.ICS_WAIT_SECONDS", 0.2)


# --- The calendar ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_calendar_carries_an_etag_and_last_modified_and_answers_304(client, catalogue):
    first = client.get(ICS)
    assert first.status_code == 200 and b"Sleep better" in first.content
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified == http_date(timezone.now().timestamp())
    assert first["Cache-Control"] == "public, no-cache"

    again = client.get(ICS, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert client.get(ICS, headers={"if-modified-since": modified}).status_code == 304
    assert client.get(ICS, headers={"if-none-match": '"something-else"'}).status_code == 200


@pytest.mark.django_db
def test_the_calendar_is_made_once_until_the_prospectus_changes(client, catalogue, renders):
    for _ in range(5):
        assert client.get(ICS).status_code == 200
    assert renders == ["ics"]


@pytest.mark.django_db
def test_after_a_change_the_next_calendar_request_gets_the_new_content(client, catalogue):
    etag = client.get(ICS)["ETag"]
    Course.objects.filter(title="Sleep better").update(title="Sleep well")
    prospectus_changed()
    response = client.get(ICS, headers={"if-none-match": etag})
    assert response.status_code == 200 and response["ETag"] != etag
    assert b"Sleep well" in response.content and b"Sleep better" not in response.content


@pytest.mark.django_db
def test_the_calendar_answers_while_another_render_of_it_is_slow(client, catalogue, short_wait):
    term = Term.objects.get(name="Spring 2027")
    prospectus_files.claim(kind="ics", term_id=term.pk, version=prospectus_version())
    response = client.get(ICS)  # made here without being kept, rather than waiting on
    assert response.status_code == 200 and b"Sleep better" in response.content


@pytest.mark.django_db
def test_the_calendar_answers_when_the_cache_is_down(client, catalogue, monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    down = RedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.5}})
    monkeypatch.setattr(prospectus_files, "cache", down)
    monkeypatch.setattr("workshops.services.prospectus_cache.cache", down)
    response = client.get(ICS)
    assert response.status_code == 200 and b"Sleep better" in response.content


# --- The whole term's PDF -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_pdf_carries_an_etag_and_answers_304(client, catalogue):
    first = client.get(PDF)
    assert "Sleep better" in pdf_text(first)
    again = client.get(PDF, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.django_db
def test_before_the_first_render_the_pdf_link_answers_the_printable_page(
    client, catalogue, short_wait, renders, monkeypatch
):
    """A worker runs (production) and the render is still under way."""
    queued = []
    celery_app.conf.task_always_eager = False  # tests/conftest.py puts it back
    monkeypatch.setattr(
        prospectus_file_render, "apply_async", lambda args, **kw: queued.append(tuple(args))
    )
    pages_made = []
    real_print_html = prospectus_files.print_html
    monkeypatch.setattr(
        prospectus_files,
        "print_html",
        lambda **kwargs: pages_made.append(1) or real_print_html(**kwargs),
    )
    responses = [client.get(PDF) for _ in range(20)]
    assert len(pages_made) == 1  # the printable page is kept briefly too
    assert {r.status_code for r in responses} == {200}
    page = responses[0].content.decode()
    assert responses[0]["Content-Type"].startswith("text/html")
    assert responses[0]["Cache-Control"] == "no-store"
    assert "The PDF file is being made" in page and 'lang="en-GB"' in page
    for title in ["Hearing voices", "Money worries", "Sleep better"]:
        assert title in page
    assert "Secret draft" not in page and "Garden Room, Oak House (step-free)" in page
    term = Term.objects.get(name="Spring 2027")
    assert queued == [("pdf", term.pk, prospectus_version())]  # one render for the burst
    assert renders == []  # none in the web process


@pytest.mark.django_db
def test_a_burst_while_the_pdf_is_being_made_starts_no_second_render(
    client, catalogue, short_wait, renders
):
    term = Term.objects.get(name="Spring 2027")
    version = prospectus_version()
    prospectus_files.claim(kind="pdf", term_id=term.pk, version=version)  # a render under way
    for _ in range(20):
        response = client.get(PDF)
        assert response.status_code == 200 and b"The PDF file is being made" in response.content
    assert renders == []
    prospectus_files.render_queued(kind="pdf", term_id=term.pk, version=version)  # it ends
    for _ in range(5):
        assert "Sleep better" in pdf_text(client.get(PDF))
    assert renders == ["pdf"]


@pytest.mark.django_db
def test_while_the_pdf_is_being_made_a_request_does_not_hold_its_worker_waiting(
    client, catalogue, monkeypatch
):
    term = Term.objects.get(name="Spring 2027")
    prospectus_files.claim(kind="pdf", term_id=term.pk, version=prospectus_version())

    def no_waiting(seconds):
        raise AssertionError(f"the request waited {seconds} s")

    monkeypatch.setattr(prospectus_files.time, "sleep", no_waiting)
    response = client.get(PDF)
    assert response.status_code == 200 and b"The PDF file is being made" in response.content


@pytest.mark.django_db
def test_after_a_change_the_next_pdf_has_the_new_content(client, catalogue, manager):
    from workshops.services import course_unpublish

    etag = client.get(PDF)["ETag"]
    course_unpublish(
        course=Course.objects.get(title="Money worries"), user=manager, reason="Trainer unwell"
    )
    response = client.get(PDF, headers={"if-none-match": etag})
    assert response["ETag"] != etag
    assert "Money worries" not in pdf_text(response)


@pytest.mark.django_db
def test_the_printable_page_while_waiting_names_nobody_who_asked(client_for, catalogue, short_wait):
    from ...factories import UserFactory

    term = Term.objects.get(name="Spring 2027")
    prospectus_files.claim(kind="pdf", term_id=term.pk, version=prospectus_version())
    person = UserFactory(full_name="Zebedee Quartermaine")
    page = client_for(person).get(PDF).content.decode()
    assert "The PDF file is being made" in page and "Quartermaine" not in page


@pytest.mark.django_db
def test_without_pango_the_whole_term_pdf_points_to_the_print_version(
    client, catalogue, monkeypatch
):
    import builtins

    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    response = client.get(PDF)
    assert response.status_code == 503
    assert "cannot make the prospectus as a PDF file" in response.content.decode()
