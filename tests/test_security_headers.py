"""Security headers (issue 12): a content security policy with no inline code, a
Permissions-Policy, and `Cache-Control: private, no-store` on every answer to a logged-in
person unless the view chose its own."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from recovery_college.security import SecurityHeadersMiddleware

from .factories import open_course_make

NO_STORE = {"private", "no-store"}


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def _cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.django_db
def test_every_page_has_a_content_security_policy_without_inline_code(client):
    directives = _directives(client.get(reverse("home")))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["base-uri"] == "'self'"
    assert "unsafe-inline" not in str(directives) and "unsafe-eval" not in str(directives)


@pytest.mark.django_db
def test_error_pages_have_the_policy_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_every_page_has_a_permissions_policy(client, client_for, student):
    for response in (client.get(reverse("home")), client_for(student).get(reverse("home"))):
        policy = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in policy


@pytest.mark.django_db
def test_the_profile_is_not_stored_by_any_cache(client_for, student):
    response = client_for(student).get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert _cache_control(response) >= NO_STORE


@pytest.mark.django_db
def test_a_roster_page_and_its_csv_export_are_not_stored(client_for, manager):
    course = open_course_make(manager=manager)
    client = client_for(manager)
    for name in ("workshops:course-students", "workshops:course-students-csv"):
        response = client.get(reverse(name, args=[course.pk]))
        assert response.status_code == 200, name
        assert _cache_control(response) >= NO_STORE, name


@pytest.mark.django_db
def test_anonymous_public_pages_may_be_cached(client):
    response = client.get(reverse("workshops:prospectus"))
    assert response.status_code == 200
    assert "no-store" not in _cache_control(response)


def test_a_view_that_chose_its_cache_control_keeps_it():
    class LoggedIn:
        is_authenticated = True

    def view(request):
        response = HttpResponse("public calendar")
        response["Cache-Control"] = "public, max-age=300"
        return response

    request = RequestFactory().get("/")
    request.user = LoggedIn()
    response = SecurityHeadersMiddleware(view)(request)
    assert response["Cache-Control"] == "public, max-age=300"
    assert "camera=()" in response["Permissions-Policy"]
