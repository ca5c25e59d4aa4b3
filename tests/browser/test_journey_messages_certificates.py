"""A trainer messages a course's students and a student reads it on My courses; a student
who came to half the sessions downloads their certificate of attendance. axe-clean on
every page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recovery_college.notifications.models import OutboxMessage
from trainers.models import Trainer
from workshops.models import CourseMessage

from ..factories import (
    PASSWORD,
    AttendanceFactory,
    CourseFactory,
    EnrolmentFactory,
    ManagerFactory,
    PairingFactory,
    ScheduledSessionFactory,
    UserFactory,
    open_course_make,
)
from ..workshops.enrolment_support import enrolled, waiting

NOTE = "Please bring a notebook. We are in room 2 today."


def _log_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def _log_out(page):
    page.get_by_role("button", name="Log out").click()


@pytest.mark.django_db(transaction=True)
def test_a_trainer_messages_a_course_and_a_student_reads_it(page, axe):
    course = open_course_make(manager=ManagerFactory(), capacity=2, title="Finding calm")
    peer = course.pairing.peer
    peer.public_name_style, peer.public_name_other = Trainer.PublicName.OTHER, "Priya S."
    peer.save()
    holder, other = [e.student for e in enrolled(course, 2)]
    (queued,) = [e.student for e in waiting(course, 1)]

    _log_in(page, peer.user)
    page.goto(f"/courses/{course.pk}/")
    expect(page.get_by_role("heading", name="Messages to students")).to_be_visible()
    page.get_by_role("link", name="Message the students").click()
    expect(
        page.get_by_role("heading", level=1, name="Message the students of “Finding calm”")
    ).to_be_visible()
    expect(page.get_by_text("2 people hold places on this course.")).to_be_visible()
    axe.scan(page)

    page.get_by_role("button", name="Send the message").click()  # nothing typed
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_text(
        "Your message: Write your message to the students."
    )
    axe.scan(page)

    page.get_by_label("Your message").fill(NOTE)
    page.get_by_label("Also send it to people on the waiting list").check()
    form = page.locator("form", has=page.get_by_role("button", name="Send the message"))
    posted = {
        name: form.locator(f'input[name="{name}"]').input_value()
        for name in ("csrfmiddlewaretoken", "token")
    }
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_text("Your message was sent to 3 people.")).to_be_visible()
    sent = page.get_by_role("region", name="Messages sent")
    expect(sent.get_by_text(NOTE)).to_be_visible()
    expect(sent.get_by_text("sent to 3 people (including the waiting list)")).to_be_visible()
    axe.scan(page)
    assert CourseMessage.objects.get(course=course).recipient_count == 3
    to = sorted(
        OutboxMessage.objects.filter(subject="A message about “Finding calm”").values_list(
            "to", flat=True
        )
    )
    assert to == sorted(p.email for p in (holder, other, queued))

    # The same form sent again (a double click, or the browser retrying the request).
    again = page.request.post(
        f"/courses/{course.pk}/messages/",
        form={**posted, "body": NOTE, "include_waiting": "on"},
        headers={"Referer": page.url},
    )
    assert again.ok
    assert "That message was already sent to 3 people, so it was not sent again." in again.text()
    assert CourseMessage.objects.filter(course=course).count() == 1
    assert OutboxMessage.objects.filter(subject="A message about “Finding calm”").count() == 3

    _log_out(page)
    _log_in(page, holder)
    page.goto("/my-courses/")
    coming_up = page.locator("section").filter(has=page.get_by_role("heading", name="Coming up"))
    expect(coming_up.get_by_text(NOTE)).to_be_visible()
    expect(coming_up.get_by_text("From Priya S., Peer Trainer")).to_be_visible()
    axe.scan(page)
    axe.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_a_student_downloads_a_certificate(page, axe):
    pairing = PairingFactory(active=True)
    course = CourseFactory(published=True, pairing=pairing, title="Sleep and wellbeing")
    start = timezone.now() - timedelta(days=30)
    sessions = [
        ScheduledSessionFactory(
            course=course,
            starts_at=start + timedelta(weeks=n),
            ends_at=start + timedelta(weeks=n, hours=2),
        )
        for n in range(4)
    ]
    student = UserFactory(full_name="Nia Jones")
    place = EnrolmentFactory(course=course, student=student)
    for session in sessions[:2]:  # exactly half
        AttendanceFactory(enrolment=place, session=session)

    _log_in(page, student)
    page.get_by_role("link", name="My courses", exact=True).first.click()
    past = page.locator("section").filter(
        has=page.get_by_role("heading", name="Past and cancelled")
    )
    link = past.get_by_role(
        "link", name="Download your certificate of attendance for Sleep and wellbeing (PDF)"
    )
    expect(link).to_be_visible()
    axe.scan(page)

    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "certificate-sleep-and-wellbeing.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    page.goto(f"/enrolments/{place.pk}/certificate/")  # the printable certificate
    expect(page.get_by_role("heading", level=1, name="Certificate of attendance")).to_be_visible()
    expect(page.get_by_text("Nia Jones")).to_be_visible()
    axe.scan(page)
    axe.assert_clean()
