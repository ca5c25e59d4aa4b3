"""Who gets what on the cover, debrief and report pages. Cover notes, private answers and
support notes are health information: anonymous people are asked to log in; anyone not
named gets 404, so they learn nothing exists."""

import pytest
from django.urls import reverse

from workshops.models import ScheduledSession
from workshops.services.cover import cover_invite, cover_request_create
from workshops.services.debriefs import debrief_open

from .delivery_support import peer

ROLES = ["anonymous", "student", "outsider", "peer", "practitioner", "cover", "manager"]
LOGIN = "login"
NOTE = "Hospital appointment"


@pytest.fixture
def case(open_course, peer_trainer, manager):
    session = ScheduledSession.objects.get(course=open_course, number=1)
    request = cover_request_create(session=session, user=peer_trainer, note=NOTE)
    cover = peer("Cover Peer")
    invitation = cover_invite(cover_request=request, user=manager, trainer=cover)
    debrief, _ = debrief_open(session=session, trainer=peer_trainer.trainer)
    return {
        "session": session,
        "request": request,
        "invitation": invitation,
        "debrief": debrief,
        "cover": cover.user,
    }


PAGES = [
    (
        "cannot come",
        lambda c: reverse("workshops:cover-ask", args=[c["session"].pk]),
        [LOGIN, 404, 404, 200, 200, 404, 404],
    ),
    (
        "cover page",
        lambda c: reverse("workshops:cover-detail", args=[c["request"].pk]),
        [LOGIN, 404, 404, 404, 404, 404, 200],
    ),
    (
        "invitation",
        lambda c: reverse("workshops:cover-invitation", args=[c["invitation"].pk]),
        [LOGIN, 404, 404, 404, 404, 200, 404],
    ),
    (
        "staying trainer's question",
        lambda c: reverse("workshops:cover-declare", args=[c["invitation"].pk]),
        [LOGIN, 404, 404, 404, 200, 404, 404],
    ),
    (
        "decision",
        lambda c: reverse("workshops:cover-decide", args=[c["invitation"].pk]),
        [LOGIN, 404, 404, 404, 404, 404, 200],
    ),
    (
        "debrief form",
        lambda c: reverse("workshops:debrief-edit", args=[c["debrief"].pk]),
        [LOGIN, 404, 404, 200, 404, 404, 404],
    ),
    (
        "session debriefs",
        lambda c: reverse("workshops:session-debriefs", args=[c["session"].pk]),
        [LOGIN, 404, 404, 200, 200, 404, 200],
    ),
    ("report", lambda c: reverse("workshops:report"), [LOGIN, 404, 404, 404, 404, 404, 200]),
    (
        "report CSV",
        lambda c: reverse("workshops:report-csv"),
        [LOGIN, 404, 404, 404, 404, 404, 200],
    ),
    (
        "report print",
        lambda c: reverse("workshops:report-print"),
        [LOGIN, 404, 404, 404, 404, 404, 200],
    ),
]


@pytest.fixture
def people(student, outsider_trainer, peer_trainer, practitioner_trainer, manager, case):
    return {
        "anonymous": None,
        "student": student,
        "outsider": outsider_trainer,
        "peer": peer_trainer,
        "practitioner": practitioner_trainer,
        "cover": case["cover"],
        "manager": manager,
    }


def _cases():
    for name, url, expected in PAGES:
        for role, status in zip(ROLES, expected, strict=True):
            yield pytest.param(url, role, status, id=f"{name}-{role}")


@pytest.mark.django_db
@pytest.mark.parametrize("url,role,expected", list(_cases()))
def test_access(url, role, expected, people, case, client_for):
    response = client_for(people[role]).get(url(case))
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected
    if role != "manager":
        assert NOTE not in response.content.decode()


def test_the_matrix_covers_every_role_on_every_page():
    assert len(ROLES) * len(PAGES) == 70


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "student", "outsider", "peer", "cover"])
def test_only_managers_download_the_report_pdf(role, people, client_for):
    response = client_for(people[role]).get(reverse("workshops:report-pdf"))
    assert response.status_code == (302 if role == "anonymous" else 404)
