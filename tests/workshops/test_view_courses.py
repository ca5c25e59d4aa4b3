"""The course pages (workshops/views/courses.py): starting a course blank, from a copy or
from a college template; editing its details, where a schedule change to a course
students signed up for is refused plainly and what was typed is kept."""

import pytest
from django.urls import reverse

from workshops.models import Course
from workshops.services import course_create, course_details_update, course_template_save

from ..factories import fresh
from .course_support import SCHEDULE_REFUSED
from .enrolment_support import TITLE

DETAILS = {
    "title": "Coping with stress",
    "summary": "A friendly course about stress. You can just listen.",
    "outcomes": "Know what stress is\nTry two ways to cope",
    "audience": "Anyone",
    "format": "in_person",
    "session_count": 2,
    "session_minutes": 90,
}


def _create_url(pairing):
    return reverse("workshops:course-create", args=[pairing.pk])


@pytest.mark.django_db
def test_a_trainer_creates_a_blank_course(client_for, active_pairing, peer_trainer):
    response = client_for(peer_trainer).post(
        _create_url(active_pairing), {"start-start_from": "blank", **DETAILS}
    )
    course = Course.objects.get()
    assert response["Location"] == reverse("workshops:course-detail", args=[course.pk])
    assert (course.status, course.version, course.plans.count()) == ("draft", 1, 2)


@pytest.mark.django_db
def test_bad_details_are_refused_and_kept(client_for, active_pairing, peer_trainer):
    response = client_for(peer_trainer).post(
        _create_url(active_pairing),
        {"start-start_from": "blank", **DETAILS, "session_count": 0, "title": ""},
    )
    html = response.content.decode()
    assert "A course has between 1 and 12 sessions." in html
    assert "A friendly course about stress." in html
    assert not Course.objects.exists()


@pytest.mark.django_db
def test_a_course_starts_from_a_college_template(client_for, active_pairing, peer_trainer, manager):
    source = course_create(user=peer_trainer, pairing=active_pairing, topic=None, **DETAILS)
    template = course_template_save(user=manager, source=source)
    response = client_for(peer_trainer).post(
        _create_url(active_pairing),
        {"start-start_from": "template", "start-template": template.pk},
    )
    copy = Course.objects.exclude(pk__in=[source.pk, template.pk]).get()
    assert response.status_code == 302
    assert (copy.title, copy.plans.count(), copy.pairing) == (
        "Coping with stress",
        2,
        active_pairing,
    )


@pytest.mark.django_db
def test_choosing_a_template_without_naming_one_is_explained(
    client_for, active_pairing, peer_trainer
):
    response = client_for(peer_trainer).post(
        _create_url(active_pairing), {"start-start_from": "template"}
    )
    assert "Choose the template to start from." in response.content.decode()
    assert not Course.objects.exists()


@pytest.mark.django_db
def test_only_the_pair_can_start_a_course(client_for, active_pairing, outsider_trainer, manager):
    for user in (outsider_trainer, manager):
        assert client_for(user).get(_create_url(active_pairing)).status_code == 404


@pytest.mark.django_db
def test_a_stale_details_save_keeps_the_typed_text_and_shows_the_change(
    client_for, active_pairing, peer_trainer, practitioner_trainer
):
    course = course_create(user=peer_trainer, pairing=active_pairing, topic=None, **DETAILS)
    opened_at = course.version
    course_details_update(
        course=course,
        user=peer_trainer,
        base_version=opened_at,
        topic=None,
        **{**DETAILS, "title": "Stress: what helps"},
    )
    response = client_for(practitioner_trainer).post(
        reverse("workshops:course-edit", args=[course.pk]),
        {**DETAILS, "summary": "My rewritten summary", "version": opened_at},
    )
    html = response.content.decode()
    assert "Your co-trainer changed this course" in html
    assert "Stress: what helps" in html
    assert "My rewritten summary</textarea>" in html
    course.refresh_from_db()
    assert course.summary == DETAILS["summary"]


@pytest.mark.django_db
def test_the_course_page_scores_the_summary_and_flags_jargon(
    client_for, active_pairing, peer_trainer
):
    course = course_create(
        user=peer_trainer,
        pairing=active_pairing,
        topic=None,
        **{**DETAILS, "summary": "Psychoeducation about comorbidity and CBT."},
    )
    html = (
        client_for(peer_trainer)
        .get(reverse("workshops:course-detail", args=[course.pk]))
        .content.decode()
    )
    assert "on the Flesch reading-ease scale (aim for 60 or more)" in html
    assert "“Psychoeducation”: you could say" in html


@pytest.mark.django_db
def test_agreeing_through_the_page_then_both_makes_it_agreed(
    client_for, active_pairing, peer_trainer, practitioner_trainer
):
    course = course_create(user=peer_trainer, pairing=active_pairing, topic=None, **DETAILS)
    url = reverse("workshops:course-agree", args=[course.pk])
    client_for(peer_trainer).post(url, {"version": course.version})
    course.refresh_from_db()
    assert course.status == "draft"
    response = client_for(practitioner_trainer).post(url, {"version": course.version}, follow=True)
    course.refresh_from_db()
    assert course.status == "agreed"
    assert "You have both agreed this course." in response.content.decode()


@pytest.mark.django_db
def test_a_restore_from_the_history_page_is_a_new_version(client_for, active_pairing, peer_trainer):
    course = course_create(user=peer_trainer, pairing=active_pairing, topic=None, **DETAILS)
    course_details_update(
        course=course,
        user=peer_trainer,
        base_version=1,
        topic=None,
        **{**DETAILS, "title": "Changed"},
    )
    client_for(peer_trainer).post(
        reverse("workshops:course-restore", args=[course.pk]), {"version": 2, "restore": 1}
    )
    course.refresh_from_db()
    assert (course.title, course.version) == ("Coping with stress", 3)
    history = (
        client_for(peer_trainer)
        .get(reverse("workshops:course-history", args=[course.pk]))
        .content.decode()
    )
    assert "Restored version 1" in history


@pytest.mark.django_db
def test_the_course_form_refuses_a_schedule_change_plainly_and_keeps_what_was_typed(
    open_course, client_for, peer_trainer
):
    course = fresh(open_course)
    typed = {
        "title": "My retyped title",
        "summary": "My rewritten summary",
        "outcomes": course.outcomes,
        "audience": course.audience,
        "topic": "",
        "format": course.format,
        "session_count": 3,
        "session_minutes": course.session_minutes,
        "version": course.version,
    }

    response = client_for(peer_trainer).post(
        reverse("workshops:course-edit", args=[course.pk]), typed
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert SCHEDULE_REFUSED in html
    assert "My retyped title" in html
    assert "My rewritten summary</textarea>" in html
    assert response.context["form"]["session_count"].value() == "3"
    course = fresh(open_course)
    assert (course.title, course.session_count) == (TITLE, 2)
