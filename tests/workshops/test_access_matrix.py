"""Who gets what on every course and plan page: anonymous people are asked to log in;
anyone else who may not see a draft gets 404."""

import pytest
from django.urls import reverse

from workshops.models import Course
from workshops.services import course_create

ROLES = ["anonymous", "student", "outsider", "peer", "practitioner", "manager"]
LOGIN = "login"


def _course_url(name, *extra):
    return lambda c: reverse(f"workshops:{name}", args=[c.pk, *extra])


def _section_url(name):
    def build(course):
        section = course.plans.get(number=1).sections.first()
        return reverse(f"workshops:{name}", args=[course.pk, section.pk])

    return build


# (name, url builder, method, data builder, expected per role in ROLES order)
PAGES = [
    ("course page", _course_url("course-detail"), "get", None, [LOGIN, 404, 404, 200, 200, 200]),
    ("details form", _course_url("course-edit"), "get", None, [LOGIN, 404, 404, 200, 200, 404]),
    ("plan editor", _course_url("plan-edit", 1), "get", None, [LOGIN, 404, 404, 200, 200, 200]),
    ("run-sheet", _course_url("run-sheet", 1), "get", None, [LOGIN, 404, 404, 200, 200, 200]),
    ("history", _course_url("course-history"), "get", None, [LOGIN, 404, 404, 200, 200, 200]),
    (
        "compare",
        lambda c: _course_url("course-compare")(c) + "?from=1&to=1",
        "get",
        None,
        [LOGIN, 404, 404, 200, 200, 200],
    ),
    (
        "section edit form",
        _section_url("section-edit"),
        "get",
        None,
        [LOGIN, 404, 404, 200, 200, 404],
    ),
    (
        "add section",
        _course_url("section-add", 1),
        "post",
        lambda c: {
            "add-title": "New",
            "add-minutes": 10,
            "add-lead": "shared",
            "add-version": c.version,
        },
        [LOGIN, 404, 404, 302, 302, 404],
    ),
    (
        "move section",
        _section_url("section-move"),
        "post",
        lambda c: {"version": c.version, "direction": "down"},
        [LOGIN, 404, 404, 302, 302, 404],
    ),
    (
        "delete section",
        _section_url("section-delete"),
        "post",
        lambda c: {"version": c.version},
        [LOGIN, 404, 404, 302, 302, 404],
    ),
    (
        "plan start",
        _course_url("plan-start", 1),
        "post",
        lambda c: {"version": c.version, "starts_at": "09:30"},
        [LOGIN, 404, 404, 302, 302, 404],
    ),
    (
        "agree",
        _course_url("course-agree"),
        "post",
        lambda c: {"version": c.version},
        [LOGIN, 404, 404, 302, 302, 404],
    ),
    (
        "comment",
        _course_url("comment-add"),
        "post",
        lambda c: {"body": "Looks good"},
        [LOGIN, 404, 404, 302, 302, 302],
    ),
    (
        "restore",
        _course_url("course-restore"),
        "post",
        lambda c: {"version": c.version, "restore": 1},
        [LOGIN, 404, 404, 302, 302, 404],
    ),
    (
        "save as template",
        _course_url("course-template"),
        "post",
        None,
        [LOGIN, 404, 404, 404, 404, 302],
    ),
]


@pytest.fixture
def people(student, outsider_trainer, peer_trainer, practitioner_trainer, manager):
    return {
        "anonymous": None,
        "student": student,
        "outsider": outsider_trainer,
        "peer": peer_trainer,
        "practitioner": practitioner_trainer,
        "manager": manager,
    }


@pytest.fixture
def draft(active_pairing, peer_trainer):
    course = course_create(
        user=peer_trainer,
        pairing=active_pairing,
        title="Coping with stress",
        summary="A friendly course.",
        outcomes="Know more",
        audience="Anyone",
        topic=None,
        format="in_person",
        session_count=1,
        session_minutes=60,
    )
    assert course.status == Course.Status.DRAFT
    return course


def _cases():
    for name, url, method, data, expected in PAGES:
        for role, status in zip(ROLES, expected, strict=True):
            yield pytest.param(url, method, data, role, status, id=f"{name}-{role}")


@pytest.mark.django_db
@pytest.mark.parametrize("url,method,data,role,expected", list(_cases()))
def test_access(url, method, data, role, expected, people, draft, client_for):
    client = client_for(people[role])
    response = getattr(client, method)(url(draft), data(draft) if data else None)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected
    if role in ("student", "outsider", "anonymous"):
        assert "Coping with stress" not in response.content.decode()


def test_the_matrix_covers_every_role_on_every_page():
    assert len(ROLES) * len(PAGES) == 90


@pytest.mark.django_db
def test_nobody_outside_the_pair_finds_a_draft_in_a_course_list(client_for, draft, people):
    assert client_for(people["student"]).get(reverse("workshops:course-list")).status_code == 404
    outsider = client_for(people["outsider"]).get(reverse("workshops:course-list"))
    assert outsider.status_code == 200
    assert "Coping with stress" not in outsider.content.decode()
    html = client_for(people["manager"]).get(reverse("workshops:course-list")).content.decode()
    assert "Coping with stress" in html


@pytest.mark.django_db
def test_a_published_courses_working_page_stays_private(draft, people, client_for):
    """Comments, sign-offs and plans are the pair's working space even after publishing."""
    from workshops.models import Comment

    Comment.objects.create(course=draft, author=people["peer"], body="Internal note")
    Course.objects.filter(pk=draft.pk).update(status=Course.Status.PUBLISHED)
    for role in ("student", "outsider"):
        response = client_for(people[role]).get(reverse("workshops:course-detail", args=[draft.pk]))
        assert response.status_code == 404
        assert "Internal note" not in response.content.decode()
