"""Retake the README's screenshots from a running demo college.

make run                                  # in one terminal
.venv/bin/python docs/take_screenshots.py # in another (BASE_URL=http://127.0.0.1:8000)
ONLY=delivery .venv/bin/python docs/take_screenshots.py   # only issue 14's (cover, report)
"""

import os
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
OUT = Path(__file__).resolve().parent / "screenshots"
PASSWORD = "demo-college-2026"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def log_in(page, email):
    page.goto(f"{BASE_URL}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


CLIP_TOP = {"x": 0, "y": 0, "width": 1200, "height": 420}


def delivery(browser):
    """Issue 14: cover, debriefs and the co-production report."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    log_in(page, "manager@demo.example.org")
    page.goto(f"{BASE_URL}/college/")
    page.screenshot(path=OUT / "college-needs-cover.png", clip=CLIP_TOP)
    page.get_by_role("link", name=re.compile("^Find cover")).first.click()
    page.screenshot(path=OUT / "cover-find.png", full_page=True)
    page.goto(f"{BASE_URL}/college/report/")
    page.get_by_label("Term", exact=True).select_option(index=1)  # last term: the richest history
    page.get_by_role("button", name="Show").click()
    page.screenshot(path=OUT / "report.png")
    page.locator("section[aria-labelledby='leads-title']").screenshot(path=OUT / "report-leads.png")
    page.locator("section[aria-labelledby^='pairing-']").nth(1).screenshot(
        path=OUT / "report-pairing-shift.png"
    )
    page.get_by_role("link", name="Printable term report for commissioners").click()
    page.emulate_media(media="print")
    page.screenshot(path=OUT / "report-print.png", full_page=True)
    page.emulate_media(media="screen")
    page.goto(f"{BASE_URL}/courses/")
    page.get_by_role("button", name="Log out").click()
    log_in(page, "priya.nair@demo.example.org")
    page.get_by_role("link", name="My workshops").first.click()
    page.screenshot(path=OUT / "my-workshops-todo.png")
    page.get_by_role("link", name=re.compile("^File your debrief")).first.click()
    page.screenshot(path=OUT / "debrief-form.png", full_page=True)
    page.get_by_role("button", name="Log out").click()
    page.goto(f"{BASE_URL}/prospectus/")
    page.get_by_role("link", name="Understanding depression").click()
    page.screenshot(path=OUT / "course-public-cover.png")
    page.close()


def main():
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        if os.environ.get("ONLY") == "delivery":  # retake only issue 14's screenshots
            delivery(browser)
            return
        page = browser.new_page(viewport={"width": 1200, "height": 760})
        page.goto(BASE_URL + "/")
        page.screenshot(path=OUT / "home.png")
        page.goto(BASE_URL + "/prospectus/")
        page.screenshot(path=OUT / "prospectus.png")

        page.goto(f"{BASE_URL}/accounts/signup/")
        page.get_by_label("Your name").fill("Nia Jones")
        page.get_by_label("Email address").fill("lucy.bennett@demo.example.org")
        page.get_by_label("Create a password").fill("short")
        page.get_by_role("button", name="Create account").click()
        page.screenshot(path=OUT / "signup-errors.png", full_page=True)

        log_in(page, "manager@demo.example.org")
        page.goto(f"{BASE_URL}/college/")
        page.screenshot(path=OUT / "college.png", full_page=True)
        page.goto(f"{BASE_URL}/trainers/pairings/")
        page.screenshot(path=OUT / "pairing-list.png", full_page=True)
        page.get_by_role("link", name=re.compile("Tom Kowalski")).click()
        page.get_by_role("link", name="Review and decide").click()
        page.screenshot(path=OUT / "pairing-decision.png", full_page=True)
        page.get_by_role("button", name="Log out").click()

        log_in(page, "aisha.rahman@demo.example.org")
        page.get_by_role("link", name="Open the co-working agreement").click()
        page.screenshot(path=OUT / "agreement.png", full_page=True)
        page.get_by_role("link", name="My workshops").first.click()
        page.get_by_role("link", name="Sleep and wellbeing").click()
        page.screenshot(path=OUT / "course.png", full_page=True)
        page.get_by_role("link", name="Session 1", exact=True).click()
        page.screenshot(path=OUT / "plan-editor.png", full_page=True)

        # Issue 11: a published course with a change waiting for both trainers to agree.
        page.get_by_role("link", name="My workshops").first.click()
        course_link = page.locator('a[href$="/"][href^="/courses/"]')
        course_link.filter(has_text="Understanding psychosis").last.click()
        page.locator("#pending").scroll_into_view_if_needed()
        page.screenshot(path=OUT / "pending-changes.png", full_page=True)
        page.goto(f"{BASE_URL}/trainers/me/public-name/")
        page.screenshot(path=OUT / "public-name.png", full_page=True)

        page.get_by_role("button", name="Log out").click()

        # Issue 5 and 6: a course's public page with places, a student's courses, and the
        # managers' view of a full course with its waiting list.
        page.goto(f"{BASE_URL}/prospectus/")
        page.get_by_role("link", name="Anxiety: first steps").click()
        page.screenshot(path=OUT / "course-public.png", full_page=True)
        log_in(page, "lucy.bennett@demo.example.org")
        page.goto(f"{BASE_URL}/my-courses/")
        page.screenshot(path=OUT / "my-courses.png", full_page=True)
        page.get_by_role("link", name="Understanding psychosis").first.click()
        page.screenshot(path=OUT / "enrolment.png", full_page=True)
        page.get_by_role("button", name="Log out").click()
        log_in(page, "manager@demo.example.org")
        page.goto(f"{BASE_URL}/college/")
        page.get_by_role("link", name="Understanding psychosis").click()
        page.screenshot(path=OUT / "course-students.png", full_page=True)
        page.goto(f"{BASE_URL}/college/?term=any&q=state+benefits")  # last term's course
        page.get_by_role("link", name="Understanding state benefits").click()
        page.get_by_role("link", name="Feedback").click()
        page.screenshot(path=OUT / "course-feedback.png", full_page=True)

        phone = browser.new_page(viewport={"width": 375, "height": 740})
        phone.goto(BASE_URL + "/")
        phone.get_by_role("button", name="Show or hide the menu").click()
        phone.wait_for_timeout(600)  # let the menu finish opening
        phone.screenshot(path=OUT / "home-phone.png")
        delivery(browser)
        browser.close()


if __name__ == "__main__":
    main()
