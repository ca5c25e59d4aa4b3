"""The page a visitor gets from *Download the prospectus as a PDF file* while the whole
term's PDF is still being made (templates/workshops/print/prospectus.html): the same
courses, axe-clean, no content security policy problem, and its link back works."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from recovery_college.celery import app as celery_app
from workshops import selectors as reads
from workshops.services import prospectus_files
from workshops.services.prospectus_cache import prospectus_version
from workshops.tasks import prospectus_file_render


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--allow-production", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.django_db(transaction=True)
def test_while_the_pdf_is_made_the_visitor_gets_the_printable_page(demo, page, axe, monkeypatch):
    celery_app.conf.task_always_eager = False  # a worker would make it (tests/conftest.py)
    monkeypatch.setattr(prospectus_file_render, "apply_async", lambda *args, **kwargs: None)
    monkeypatch.setattr("workshops.views.pdf.PDF_WAIT_SECONDS", 0.2)
    term = reads.term_current()
    prospectus_files.claim(kind="pdf", term_id=term.pk, version=prospectus_version())

    response = page.goto(reverse("workshops:prospectus-pdf"))
    assert response.status == 200
    expect(page.get_by_role("status")).to_contain_text("The PDF file is being made")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Recovery College prospectus: {term.name}"
    )
    assert page.get_by_role("heading", level=2).count() == len(
        reads.prospectus_courses(term=term, filters=reads.Filters())
    )
    axe.scan(page)
    axe.assert_clean()
    page.get_by_role("link", name="Back to the prospectus").click()
    expect(page.get_by_role("heading", name="Prospectus", exact=False).first).to_be_visible()
