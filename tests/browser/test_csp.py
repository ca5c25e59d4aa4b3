"""The content security policy in Chromium: the harness reports a violation, and pages
that use htmx and print buttons run with none."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ..factories import ManagerFactory, open_course_make
from .conftest import CSP_LISTENER


def test_the_harness_reports_content_security_policy_violations(browser, axe):
    context = browser.new_context()
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.route(
        "http://csp.test/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": "default-src 'self'"},
            body='<html lang="en"><title>t</title><main><h1 style="color:red">Hi</h1>'
            "<script>document.title = 'x'</script></main></html>",
        ),
    )
    page.goto("http://csp.test/")
    axe.scan(page)
    context.close()
    csp = [problem for problem in axe.problems if "content security policy" in problem]
    assert any("style-src" in problem for problem in csp), axe.problems
    assert any("script-src" in problem for problem in csp), axe.problems


@pytest.mark.django_db(transaction=True)
def test_the_print_button_works_without_inline_code(page, axe, live_server):
    course = open_course_make(manager=ManagerFactory(), capacity=5, title="Calm")
    page.goto(reverse("workshops:prospectus") + "?print=1")
    expect(page.get_by_text(course.title).first).to_be_visible()
    axe.scan(page)
    page.evaluate("window.print = function () { window.__printed = true; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed === true")
    axe.assert_clean()
