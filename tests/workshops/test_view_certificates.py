"""Attendance certificates (workshops:certificate, the PDF, and workshops:certificate-print):
only the student themself, only once earned; everyone else 404 and the student 403
saying why when not earned yet; bad ids; the PDF is a PDF naming the student, the course,
its dates and both trainers as publicly named; the printable fallback; the link on My
courses shows only when it is earned."""

import builtins
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from trainers.models import Trainer
from workshops.services.prospectus_cache import pdf_render_slots_hold

from ..factories import UserFactory
from .certificate_support import after_the_course, course_with_students, registers

MY_COURSES = reverse("workshops:my-courses")


def pdf_url(place):
    return reverse("workshops:certificate", args=[place.pk])


def print_url(place):
    return reverse("workshops:certificate-print", args=[place.pk])


@pytest.fixture
def finished(time_machine, manager, active_pairing):
    """A four-session course that has run: Ann came to 2 (exactly half: earned), Ben to 1
    (not earned). The Peer Trainer shows another name publicly."""
    peer = active_pairing.peer
    peer.public_name_style, peer.public_name_other = Trainer.PublicName.OTHER, "Priya S."
    peer.save()
    ann, ben = UserFactory(full_name="Ann Ash"), UserFactory(full_name="Ben Birch")
    course, (ann_place, ben_place) = course_with_students(
        time_machine, manager=manager, students=[ann, ben], pairing=active_pairing
    )
    after_the_course(time_machine, course)
    registers(course, manager=manager, came={ann_place: {1, 2}, ben_place: {3}})
    return ann_place, ben_place


@pytest.mark.django_db
def test_the_student_downloads_a_pdf_naming_them_the_course_its_dates_and_trainers(
    client_for, finished
):
    ann_place, _ = finished
    response = client_for(ann_place.student).get(pdf_url(ann_place))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="certificate-finding-calm.pdf"'
    assert response.content.startswith(b"%PDF")
    text = " ".join(PdfReader(BytesIO(response.content)).pages[0].extract_text().split())
    assert "Certificate of attendance" in text
    assert "Ann Ash" in text and "Finding calm" in text
    assert "came to 2 of 4 sessions" in text
    assert "Priya S." in text and "Peer Trainer" in text and "Practitioner Trainer" in text
    assert "Pat Peer" not in text  # the peer's full name is not what they show publicly
    assert len(PdfReader(BytesIO(response.content)).pages) == 1


@pytest.mark.django_db
def test_the_printable_certificate_has_the_same_words(client_for, finished):
    ann_place, _ = finished
    html = client_for(ann_place.student).get(print_url(ann_place)).content.decode()
    assert "Ann Ash" in html and "Priya S." in html and "from " in html
    assert "Download it as a PDF file" in html


@pytest.mark.django_db
def test_below_the_threshold_the_student_is_told_why(client_for, finished):
    _, ben_place = finished
    client = client_for(ben_place.student)
    for url in (pdf_url(ben_place), print_url(ben_place)):
        response = client.get(url)
        assert response.status_code == 403
        assert "The register shows you at 1 of 4." in response.content.decode()


@pytest.mark.django_db
def test_anonymous_people_are_asked_to_log_in(client, finished):
    response = client.get(pdf_url(finished[0]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who",
    ["another_student", "peer_trainer", "practitioner_trainer", "outsider_trainer", "manager"],
)
def test_nobody_else_may_download_a_students_certificate(client_for, finished, who, request):
    ann_place, ben_place = finished
    user = ben_place.student if who == "another_student" else request.getfixturevalue(who)
    client = client_for(user)
    assert client.get(pdf_url(ann_place)).status_code == 404
    assert client.get(print_url(ann_place)).status_code == 404


@pytest.mark.django_db
def test_an_id_that_does_not_exist_is_404(client_for, finished):
    client = client_for(finished[0].student)
    assert client.get("/enrolments/999999/certificate.pdf").status_code == 404
    assert client.get("/enrolments/abc/certificate.pdf").status_code == 404
    assert client.get("/enrolments/99999999999999999999/certificate/").status_code == 404


@pytest.mark.django_db
def test_when_no_pdf_can_be_made_the_student_gets_the_printable_one(
    client_for, finished, monkeypatch
):
    ann_place, _ = finished
    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    response = client_for(ann_place.student).get(pdf_url(ann_place))

    assert response.status_code == 503
    html = response.content.decode()
    assert "cannot make your certificate as a PDF file" in html
    assert f'href="{print_url(ann_place)}"' in html


@pytest.mark.django_db
def test_when_every_render_slot_is_busy_the_student_gets_the_printable_one(client_for, finished):
    ann_place, _ = finished
    pdf_render_slots_hold()
    response = client_for(ann_place.student).get(pdf_url(ann_place))
    assert response.status_code == 503
    assert print_url(ann_place) in response.content.decode()


@pytest.mark.django_db
def test_my_courses_links_to_the_certificate_only_when_it_is_earned(client_for, finished):
    ann_place, ben_place = finished
    ann = client_for(ann_place.student).get(MY_COURSES).content.decode()
    ben = client_for(ben_place.student).get(MY_COURSES).content.decode()

    assert "Download your certificate of attendance for Finding calm (PDF)" in ann
    assert pdf_url(ann_place) in ann
    assert "certificate" not in ben.lower()


@pytest.mark.django_db
def test_no_link_before_the_course_has_run(client_for, time_machine, manager):
    student = UserFactory()
    course, (place,) = course_with_students(time_machine, manager=manager, students=[student])
    html = client_for(student).get(MY_COURSES).content.decode()
    assert "certificate" not in html.lower()
    assert client_for(student).get(pdf_url(place)).status_code == 403
