"""Browser harness: Playwright driving Debian's Chromium against pytest-django's
live_server, plus an axe-core scan. With REQUIRE_BROWSER=1 (CI) a missing browser fails
the run; elsewhere these tests are skipped with the reason shown."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Every page records the content security policy violations Chromium reports (an inline
# style or script, a blocked file); each axe scan reports them as problems too.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(
    event.effectiveDirective + " refused " + (event.blockedURI || "inline code") +
    " (" + (event.sourceFile || "the page") + ":" + event.lineNumber + ")"
  );
});
"""
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path():
    path = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if not Path(path).exists():
        message = (
            f"Chromium was not found at {path}. Install it (apt-get install chromium) "
            "or set CHROMIUM_PATH."
        )
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    settings.AXES_FAILURE_LIMIT = 50
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


class AxeScanner:
    """Scans each page it is given and remembers every serious or critical violation, and
    every content security policy violation the page reported (CSP_LISTENER)."""

    def __init__(self):
        self.axe = Axe()
        self.problems: list[str] = []
        self.scanned: list[str] = []

    def scan(self, page) -> None:
        results = self.axe.run(
            page,
            options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
        )
        self.scanned.append(page.url)
        for violation in page.evaluate("window.__cspViolations || []"):
            self.problems.append(f"{page.url}: content security policy: {violation}")
        for violation in results.response["violations"]:
            if violation["impact"] in BLOCKING_IMPACTS:
                targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
                self.problems.append(
                    f"{page.url}: [{violation['impact']}] {violation['id']}: "
                    f"{violation['help']} at {targets}"
                )

    def assert_clean(self) -> None:
        assert self.scanned, "no page was scanned"
        assert not self.problems, "Accessibility problems:\n" + "\n".join(self.problems)


@pytest.fixture
def axe():
    return AxeScanner()
