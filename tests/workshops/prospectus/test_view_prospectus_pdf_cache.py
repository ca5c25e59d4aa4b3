"""The prospectus PDF is rendered once and cached until the prospectus changes, and at
most PROSPECTUS_PDF_RENDERS are rendered at once: over the cap a friendly 503 points to
the print version while the rest of the site answers normally
(workshops/views/pdf.py, workshops/services/prospectus_cache.py)."""

import pytest
import weasyprint
from django.urls import reverse

from workshops.models import Course
from workshops.services import page_cache, prospectus_cache
from workshops.services.prospectus_cache import pdf_render_slots_hold, prospectus_changed

from ...factories import UserFactory
from .support import pdf_text

URL = reverse("workshops:prospectus-pdf")


@pytest.fixture
def renders(monkeypatch):
    """Counts real renders (each still runs WeasyPrint in full)."""
    calls = []
    real = weasyprint.HTML.write_pdf

    def counting(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counting)
    return calls


@pytest.mark.django_db
def test_many_downloads_render_the_pdf_once(client, catalogue, renders):
    for _ in range(5):
        assert client.get(URL).status_code == 200
    assert len(renders) == 1


@pytest.mark.django_db
def test_each_set_of_filters_is_cached_on_its_own(client, catalogue, renders):
    client.get(URL)
    client.get(URL, {"q": "sleep"})
    client.get(URL, {"q": "sleep"})
    assert len(renders) == 2


@pytest.mark.django_db
def test_until_the_prospectus_changes_the_cached_pdf_is_served(client, catalogue):
    client.get(URL)
    Course.objects.filter(title="Sleep better").update(title="Sleep well")  # no service
    assert "Sleep better" in pdf_text(client.get(URL))


@pytest.mark.django_db
def test_a_change_to_the_prospectus_renders_the_pdf_afresh(client, catalogue):
    client.get(URL)
    Course.objects.filter(title="Sleep better").update(title="Sleep well")
    prospectus_changed()  # what every service that changes the prospectus calls
    text = pdf_text(client.get(URL))
    assert "Sleep well" in text and "Sleep better" not in text


@pytest.mark.django_db
def test_taking_a_course_off_the_prospectus_renders_the_pdf_afresh(client, catalogue, manager):
    from workshops.services import course_unpublish

    client.get(URL)
    course_unpublish(
        course=Course.objects.get(title="Money worries"), user=manager, reason="Trainer unwell"
    )
    assert "Money worries" not in pdf_text(client.get(URL))


@pytest.mark.django_db
def test_over_the_render_cap_the_pdf_answers_a_friendly_page(client, catalogue):
    pdf_render_slots_hold()  # two renders in progress elsewhere
    response = client.get(URL, {"topic": "", "q": "voices"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "Lots of people are downloading the PDF right now" in page
    assert "print=1" in page and "printable version" in page


@pytest.mark.django_db
def test_over_the_render_cap_the_prospectus_answers_normally(client, catalogue):
    pdf_render_slots_hold()
    for _ in range(20):
        client.get(URL)
    response = client.get(reverse("workshops:prospectus"))
    assert response.status_code == 200
    assert "Sleep better" in response.content.decode()


@pytest.mark.django_db
def test_a_cached_pdf_is_served_while_every_render_slot_is_taken(client, catalogue):
    client.get(URL)
    pdf_render_slots_hold()
    assert "Sleep better" in pdf_text(client.get(URL))


@pytest.mark.django_db
def test_a_render_frees_its_slot(client, catalogue):
    client.get(URL)
    assert len(pdf_render_slots_hold()) == 2  # both slots were free again


@pytest.mark.django_db
def test_the_shared_pdf_carries_nothing_of_who_asked_first(client_for, catalogue):
    person = UserFactory(full_name="Zebedee Quartermaine")
    response = client_for(person).get(URL)
    assert "Quartermaine" not in pdf_text(response)


def test_the_version_goes_up_on_every_change(db):
    before = prospectus_cache.prospectus_version()
    prospectus_changed()
    assert prospectus_cache.prospectus_version() > before


@pytest.mark.django_db
def test_a_cache_that_is_down_does_not_fail_a_change_to_the_prospectus(monkeypatch, caplog):
    from django.core.cache.backends.redis import RedisCache

    # A real Redis client pointed at a port nothing listens on: every call fails at once.
    down = RedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.5}})
    monkeypatch.setattr(prospectus_cache, "cache", down)
    monkeypatch.setattr(page_cache, "cache", down)  # where the version bump is made

    prospectus_changed()  # the change that called it goes through

    assert "cached prospectus PDFs may be stale" in caplog.text
