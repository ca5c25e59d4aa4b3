"""Who gets what, on every page that shows a declaration, an agreement or the log.

Scenario: the Peer Trainer ("declarer") declared a treating relationship in a pairing
with the Practitioner Trainer ("co_trainer"). Anonymous people are asked to log in;
anyone else who may not know a private record exists gets 404."""

import pytest
from django.urls import reverse

from recovery_college.audit.models import AuditEvent
from trainers.models import ConflictDecision, Declaration

from ..factories import PairingFactory

ROLES = ["anonymous", "student", "outsider", "co_trainer", "declarer", "manager"]
SECRET = "I was their care coordinator until 2023"

# (name, url builder, method, expected per role in ROLES order)
LOGIN = "login"
PROPOSED = [
    (
        "pairing detail",
        lambda s: reverse("trainers:pairing-detail", args=[s.pairing.pk]),
        "get",
        [LOGIN, 404, 404, 200, 200, 200],
    ),
    (
        "declarer's declaration",
        lambda s: reverse("trainers:declaration-detail", args=[s.declaration.pk]),
        "get",
        [LOGIN, 404, 404, 404, 200, 200],
    ),
    (
        # Each trainer may read and change their own answer until a manager acts, whatever
        # the co-trainer answered (closing it earlier would tell them something).
        "own declaration form while awaiting a decision",
        lambda s: reverse("trainers:declaration-form", args=[s.pairing.pk]),
        "get",
        [LOGIN, 404, 404, 200, 200, 404],
    ),
    (
        "decision form",
        lambda s: reverse("trainers:decision-form", args=[s.pairing.pk]),
        "get",
        [LOGIN, 404, 404, 404, 404, 200],
    ),
    (
        "agreement before activation",
        lambda s: reverse("trainers:agreement-detail", args=[s.pairing.pk]),
        "get",
        [LOGIN, 404, 404, 200, 200, 200],
    ),
    (
        "agreement edit before activation",
        lambda s: reverse("trainers:agreement-edit", args=[s.pairing.pk]),
        "get",
        [LOGIN, 404, 404, 404, 404, 404],
    ),
    ("audit log", lambda s: reverse("audit:log"), "get", [LOGIN, 404, 404, 404, 404, 200]),
    (
        "agreement template",
        lambda s: reverse("trainers:agreement-template"),
        "get",
        [LOGIN, 404, 404, 404, 404, 200],
    ),
]
ACTIVE = [
    (
        "agreement",
        lambda s: reverse("trainers:agreement-detail", args=[s.pairing.pk]),
        "get",
        [LOGIN, 404, 404, 200, 200, 200],
    ),
    (
        "agreement edit",
        lambda s: reverse("trainers:agreement-edit", args=[s.pairing.pk]),
        "get",
        [LOGIN, 404, 404, 200, 200, 404],
    ),
    (
        "agree",
        lambda s: reverse("trainers:agreement-consent", args=[s.pairing.pk]),
        "post",
        [LOGIN, 404, 404, 302, 302, 404],
    ),
    (
        "agreement history",
        lambda s: reverse("trainers:agreement-history", args=[s.pairing.pk]),
        "get",
        [LOGIN, 404, 404, 200, 200, 200],
    ),
    (
        "agreement diff",
        lambda s: reverse("trainers:agreement-diff", args=[s.pairing.pk]) + "?from=1&to=1",
        "get",
        [LOGIN, 404, 404, 200, 200, 200],
    ),
    (
        "agreement download",
        lambda s: reverse("trainers:agreement-download", args=[s.pairing.pk]),
        "get",
        [LOGIN, 404, 404, 200, 200, 200],
    ),
    (
        "declarer's declaration",
        lambda s: reverse("trainers:declaration-detail", args=[s.declaration.pk]),
        "get",
        [LOGIN, 404, 404, 404, 200, 200],
    ),
    (
        "declaration form once active",
        lambda s: reverse("trainers:declaration-form", args=[s.pairing.pk]),
        "get",
        [LOGIN, 404, 404, 302, 302, 404],
    ),
    (
        "pairing list",
        lambda s: reverse("trainers:pairing-list"),
        "get",
        [LOGIN, 403, 403, 403, 403, 200],
    ),
    (
        "trainer directory",
        lambda s: reverse("trainers:directory"),
        "get",
        [LOGIN, 403, 403, 403, 403, 200],
    ),
]


class Scenario:
    def __init__(self, *, active: bool, people: dict):
        self.people = people
        declarer, co_trainer = people["declarer"].trainer, people["co_trainer"].trainer
        self.pairing = PairingFactory(peer=declarer, practitioner=co_trainer)
        self.declaration = Declaration.objects.create(
            pairing=self.pairing, trainer=declarer, answer="treats_me", details=SECRET
        )
        Declaration.objects.create(pairing=self.pairing, trainer=co_trainer, answer="none")
        if active:
            ConflictDecision.objects.create(
                pairing=self.pairing,
                outcome="proceed",
                support_contact="Dr Lowe",
                reasons="Discussed with both.",
                decided_by=people["manager"],
            )
            self.pairing.status = "active"
            self.pairing.save()


@pytest.fixture
def people(student, outsider_trainer, peer_trainer, practitioner_trainer, manager):
    return {
        "anonymous": None,
        "student": student,
        "outsider": outsider_trainer,
        "co_trainer": practitioner_trainer,
        "declarer": peer_trainer,
        "manager": manager,
    }


def _cases(table, active):
    for name, url, method, expected in table:
        for role, status in zip(ROLES, expected, strict=True):
            yield pytest.param(active, url, method, role, status, id=f"{name}-{role}")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "active,url,method,role,expected",
    [*_cases(PROPOSED, False), *_cases(ACTIVE, True)],
)
def test_access(active, url, method, role, expected, people, client_for):
    scenario = Scenario(active=active, people=people)
    client = client_for(people[role])
    data = {"version": 1} if method == "post" else None
    response = getattr(client, method)(url(scenario), data)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected
    if role != "declarer" and role != "manager":
        assert SECRET not in response.content.decode()


def test_the_matrix_covers_every_role_on_every_page():
    assert len(ROLES) * (len(PROPOSED) + len(ACTIVE)) == 108


@pytest.mark.django_db
def test_the_co_trainer_never_sees_the_declaration_on_any_page_they_can_open(people, client_for):
    scenario = Scenario(active=True, people=people)
    client = client_for(people["co_trainer"])
    pages = [
        reverse("workshops:my-workshops"),
        reverse("trainers:pairing-detail", args=[scenario.pairing.pk]),
        reverse("trainers:agreement-detail", args=[scenario.pairing.pk]),
        reverse("trainers:agreement-history", args=[scenario.pairing.pk]),
        reverse("trainers:agreement-download", args=[scenario.pairing.pk]),
    ]
    for page in pages:
        html = client.get(page).content.decode()
        assert SECRET not in html
        assert "treating clinician" not in html


@pytest.mark.django_db
def test_reading_a_declaration_is_logged_without_its_content(people, client_for):
    scenario = Scenario(active=False, people=people)
    client_for(people["manager"]).get(
        reverse("trainers:declaration-detail", args=[scenario.declaration.pk])
    )
    event = AuditEvent.objects.get(action="view", object_type="declaration")
    assert (event.actor, event.object_id) == (people["manager"], scenario.declaration.pk)
    assert SECRET not in str(list(AuditEvent.objects.values()))


@pytest.mark.django_db
def test_refused_requests_are_not_logged_as_views(people, client_for):
    scenario = Scenario(active=True, people=people)
    client_for(people["co_trainer"]).get(
        reverse("trainers:declaration-detail", args=[scenario.declaration.pk])
    )
    assert not AuditEvent.objects.filter(object_type="declaration", action="view").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "viewname,action",
    [
        ("trainers:agreement-detail", "view"),
        ("trainers:agreement-history", "view"),
        ("trainers:agreement-diff", "view"),
        ("trainers:agreement-download", "download"),
    ],
)
def test_every_agreement_read_is_logged(viewname, action, people, client_for):
    scenario = Scenario(active=True, people=people)
    client_for(people["declarer"]).get(reverse(viewname, args=[scenario.pairing.pk]))
    event = AuditEvent.objects.get(object_type="agreement")
    assert (event.action, event.actor) == (action, people["declarer"])
