from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workshops.models import Comment, Section
from workshops.services import course_create, section_add, section_update


@pytest.fixture
def course(active_pairing, peer_trainer):
    return course_create(
        user=peer_trainer,
        pairing=active_pairing,
        title="Coping with stress",
        summary="A friendly course about stress.",
        outcomes="Know more",
        audience="Anyone",
        topic=None,
        format="in_person",
        session_count=2,
        session_minutes=60,
    )


def _plan_url(course, number=1):
    return reverse("workshops:plan-edit", args=[course.pk, number])


def _add(course, user, n, **overrides):
    plan = course.plans.get(number=1)
    for i in range(n):
        course.refresh_from_db()
        section_add(
            plan=plan,
            user=user,
            base_version=course.version,
            **{
                "title": f"Part {i}",
                "minutes": 5,
                "activity": "",
                "materials": "",
                "lead": "peer",
                **overrides,
            },
        )
    course.refresh_from_db()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_plan_editor_costs_the_same_for_5_and_100_sections(
    client_for, course, peer_trainer, practitioner_trainer
):
    client = client_for(peer_trainer)
    _add(course, peer_trainer, 4)
    section = Section.objects.filter(plan__course=course).last()
    Comment.objects.create(course=course, section=section, author=practitioner_trainer, body="Nice")
    client.get(_plan_url(course))  # first visit creates the college settings row
    with_5 = _queries(client, _plan_url(course))
    _add(course, peer_trainer, 95)
    assert Section.objects.filter(plan__number=1, plan__course=course).count() == 100
    assert _queries(client, _plan_url(course)) == with_5
    # 11: the session, the user and their roles; the course with its pair; the plans; the
    # sections with their comment counts; the college's threshold; the booking; the
    # glossary; and, for the line saying who has agreed this draft, the sign-offs and the
    # pair's names (a course whose live version is current needs neither: 9).
    assert with_5 == 11


@pytest.mark.django_db
def test_the_plan_of_a_course_live_at_its_current_version_reads_no_sign_offs(
    client_for, course, peer_trainer, practitioner_trainer
):
    course.live_version = course.version  # as when both agreed it and it went live
    course.save(update_fields=["live_version"])
    client = client_for(peer_trainer)
    client.get(_plan_url(course))  # first visit creates the college settings row
    html = client.get(_plan_url(course)).content.decode()
    assert "<strong>Agreed by both</strong>" in html and "I agree version" not in html
    # The 11 of a draft (see above) less the sign-offs and the pair's names.
    assert _queries(client, _plan_url(course)) == 9


@pytest.mark.django_db
def test_the_plan_shows_an_agenda_from_the_start_time(client_for, course, peer_trainer):
    _add(course, peer_trainer, 1, title="Breathing together", minutes=20)
    response = client_for(peer_trainer).get(_plan_url(course))
    sections = response.context["sections"]
    assert [(s.title, s.starts_at) for s in sections] == [
        ("Welcome and setting the scene", time(10, 0)),
        ("Breathing together", time(10, 15)),
    ]
    assert response.context["total_minutes"] == 35
    assert "The plan is 25 minutes shorter than the session." in response.content.decode()


@pytest.mark.django_db
def test_a_longer_plan_than_the_session_is_warned_about(client_for, course, peer_trainer):
    _add(course, peer_trainer, 1, minutes=60)
    html = client_for(peer_trainer).get(_plan_url(course)).content.decode()
    assert "The plan is 15 minutes longer than the session." in html


@pytest.mark.django_db
def test_adding_a_section_with_htmx_returns_the_plan_in_place(client_for, course, peer_trainer):
    response = client_for(peer_trainer).post(
        reverse("workshops:section-add", args=[course.pk, 1]),
        {
            "add-title": "Grounding",
            "add-minutes": 10,
            "add-lead": "peer",
            "add-version": course.version,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="plan-body"')
    assert "Grounding" in html and 'data-status="“Grounding” is added."' in html


@pytest.mark.django_db
def test_adding_a_section_without_javascript_redirects_back_to_it(client_for, course, peer_trainer):
    response = client_for(peer_trainer).post(
        reverse("workshops:section-add", args=[course.pk, 1]),
        {
            "add-title": "Grounding",
            "add-minutes": 10,
            "add-lead": "peer",
            "add-version": course.version,
        },
    )
    section = Section.objects.get(title="Grounding")
    assert response["Location"] == _plan_url(course) + f"#section-{section.pk}"


@pytest.mark.django_db
def test_a_section_with_no_title_or_minutes_is_refused_and_kept(client_for, course, peer_trainer):
    response = client_for(peer_trainer).post(
        reverse("workshops:section-add", args=[course.pk, 1]),
        {
            "add-title": "",
            "add-minutes": 0,
            "add-lead": "peer",
            "add-activity": "Typed words",
            "add-version": course.version,
        },
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert "A section lasts between 1 and 480 minutes." in html
    assert "Typed words</textarea>" in html
    assert not Section.objects.filter(activity="Typed words").exists()


@pytest.mark.django_db
def test_a_stale_section_save_is_refused_showing_the_change_and_keeping_the_text(
    client_for, course, peer_trainer, practitioner_trainer
):
    section = course.plans.get(number=1).sections.get()
    typed_at = course.version
    section_update(
        section=section,
        user=peer_trainer,
        base_version=typed_at,
        title="Hello and ground rules",
        minutes=15,
        activity="",
        materials="",
        lead="shared",
    )
    prefix = f"s{section.pk}"
    response = client_for(practitioner_trainer).post(
        reverse("workshops:section-edit", args=[course.pk, section.pk]),
        {
            f"{prefix}-title": "My own title",
            f"{prefix}-minutes": 20,
            f"{prefix}-lead": "shared",
            f"{prefix}-version": typed_at,
        },
    )
    html = response.content.decode()
    assert "Your co-trainer changed this course while you were working on it" in html
    assert "Hello and ground rules" in html  # their change, shown
    assert 'value="My own title"' in html  # our typing, kept
    section.refresh_from_db()
    assert section.title == "Hello and ground rules"
    course.refresh_from_db()  # the re-shown form builds on the newest version
    assert f'name="{prefix}-version" value="{course.version}"' in html


@pytest.mark.django_db
def test_jargon_in_a_section_gets_a_friendly_suggestion(client_for, course, peer_trainer):
    _add(course, peer_trainer, 1, title="Psychoeducation", activity="We discuss comorbidities.")
    html = client_for(peer_trainer).get(_plan_url(course)).content.decode()
    assert "Plain-language tip" in html
    assert "“Psychoeducation”: you could say" in html
    assert "“comorbidities”: you could say" in html


@pytest.mark.django_db
def test_the_run_sheet_lists_times_leads_and_agreement_reminders(client_for, course, peer_trainer):
    agreement = course.pairing.agreement
    version = agreement.versions.get(number=1)
    version.sections[0]["text"] = "We talk after every session."
    version.save()
    html = (
        client_for(peer_trainer)
        .get(reverse("workshops:run-sheet", args=[course.pk, 1]))
        .content.decode()
    )
    assert "10:00–10:15" in html and "Welcome and setting the scene" in html
    assert "We talk after every session." in html
    assert 'media="print"' in html


@pytest.mark.django_db
def test_managers_see_the_plan_but_no_editing_controls(client_for, course, manager):
    html = client_for(manager).get(_plan_url(course)).content.decode()
    assert "Welcome and setting the scene" in html
    assert "Add a section" not in html and "Move down" not in html


# Issue 12, cause 10: a refusal other than a stale version (a move "sideways", a course
# cancelled or locked mid-edit) shows the plan with the message, never a 500.
def _positions(course):
    return list(
        Section.objects.filter(plan__course=course, plan__number=1)
        .order_by("position")
        .values_list("title", flat=True)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [False, True])
def test_moving_a_section_sideways_is_refused_and_nothing_moves(
    htmx, client_for, course, peer_trainer
):
    _add(course, peer_trainer, 2)
    course.refresh_from_db()
    before = _positions(course)
    section = Section.objects.get(plan__course=course, title="Part 1")
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client_for(peer_trainer).post(
        reverse("workshops:section-move", args=[course.pk, section.pk]),
        {"direction": "sideways", "version": course.version},
        **headers,
    )
    assert response.status_code == 200
    assert "Move a section up or down." in response.content.decode()
    assert _positions(course) == before


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["add", "delete", "move", "start"])
def test_a_course_locked_mid_edit_shows_the_plan_with_the_reason(action, rf, course, peer_trainer):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    from workshops.errors import CourseLocked
    from workshops.views import plans

    _add(course, peer_trainer, 1)
    request = rf.post("/")
    request.user, request.htmx = peer_trainer, False
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    course.refresh_from_db()
    extra = {
        "add": {"add_form": None},
        "delete": {},
        "move": {},
        "start": {"start_form": None},
    }[action]
    response = plans._refused(request, course, 1, CourseLocked(), base=course.version, **extra)
    assert response.status_code == 200
    assert CourseLocked.message in response.content.decode()
