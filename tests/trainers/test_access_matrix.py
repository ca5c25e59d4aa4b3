"""Who gets what, on every page that shows a declaration, an agreement or the log.

Scenario: the Peer Trainer ("declarer") declared a treating relationship in a pairing
with the Practitioner Trainer ("co_trainer"). Anonymous people are asked to log in;
anyone else who may not know a private record exists gets 404."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

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


# --- No inference from statuses ---------------------------------------------------------
#
# Until a pairing is active, what each trainer is shown and emailed depends only on their
# own answer, never on the co-trainer's: a trainer who answered "none" sees the same
# whether the co-trainer has not answered, answered "none" too, or declared a
# relationship (and the co-trainer, likewise, whatever they answered). Only managers
# see why a pairing has not started.

NOISE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r"(/pairings|/declarations)/\d+/"), r"\1/N/"),
    (re.compile(r'(id|aria-labelledby)="pairing-\d+"'), r'\1="pairing-N"'),
]
DECLARED = "I supervised their care plan reviews on the early intervention team."


def _without_noise(html: str) -> str:
    for pattern, replacement in NOISE:
        html = pattern.sub(replacement, html)
    return html


def _trainer_pages(pairing) -> dict:
    """name -> url of each page a trainer may open for a proposed pairing (besides the
    form with their own answer, compared separately)."""
    return {
        "my workshops": reverse("workshops:my-workshops"),
        "pairing detail": reverse("trainers:pairing-detail", args=[pairing.pk]),
        "agreement": reverse("trainers:agreement-detail", args=[pairing.pk]),
        "agreement history": reverse("trainers:agreement-history", args=[pairing.pk]),
    }


def _what_each_trainer_gets(
    *, outcome, answerer, co_trainer, manager, client_for, mailoutbox, capture
) -> dict:
    """Propose a pairing; `answerer` answers "none"; the co-trainer answers as `outcome`
    says (None: not yet). Returns, per trainer, every page (noise removed) and every
    email they were sent. The pairing is deleted afterwards so the next outcome can
    propose the same two again."""
    from trainers.services import declaration_submit, pairing_propose

    mailoutbox.clear()
    with capture(execute=True):
        pairing = pairing_propose(
            proposed_by=manager,
            peer=answerer.trainer if answerer.trainer.kind == "peer" else co_trainer.trainer,
            practitioner=(
                co_trainer.trainer if answerer.trainer.kind == "peer" else answerer.trainer
            ),
            start_date=date(2027, 1, 4),
        )
        declaration_submit(pairing=pairing, user=answerer, answer="none")
        if outcome is not None:
            declaration_submit(
                pairing=pairing,
                user=co_trainer,
                answer=outcome,
                details=DECLARED if outcome != "none" else "",
            )
    seen = {}
    for name, user in (("answerer", answerer), ("co_trainer", co_trainer)):
        client = client_for(user)
        pages = {
            page: (response.status_code, _without_noise(response.content.decode()))
            for page, url in _trainer_pages(pairing).items()
            for response in [client.get(url)]
        }
        if name == "answerer":
            form = client.get(reverse("trainers:declaration-form", args=[pairing.pk]))
            pages["own answer"] = (form.status_code, _without_noise(form.content.decode()))
        emails = sorted(
            (m.subject, _without_noise(m.body)) for m in mailoutbox if user.email in m.to
        )
        seen[name] = {"pages": pages, "emails": emails}
    pairing.delete()
    return seen


@pytest.fixture
def outcomes(client_for, mailoutbox, django_capture_on_commit_callbacks, manager, time_machine):
    # The clock stands still, so no page differs by a timestamp crossing a minute.
    time_machine.move_to(datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)

    def run(answerer, co_trainer, *co_answers):
        return {
            answer: _what_each_trainer_gets(
                outcome=answer,
                answerer=answerer,
                co_trainer=co_trainer,
                manager=manager,
                client_for=client_for,
                mailoutbox=mailoutbox,
                capture=django_capture_on_commit_callbacks,
            )
            for answer in co_answers
        }

    return run


def _assert_same(first: dict, second: dict) -> None:
    assert first["emails"] == second["emails"]
    for page, (status, html) in first["pages"].items():
        other_status, other_html = second["pages"][page]
        assert (page, status) == (page, other_status)
        assert html == other_html, f"the {page} page differs"


@pytest.mark.django_db
@pytest.mark.parametrize("answerer_role", ["peer_trainer", "practitioner_trainer"])
@pytest.mark.parametrize("declared", ["i_treat", "treats_me", "other"])
def test_a_trainer_who_answered_none_gets_the_same_pages_and_emails_whatever_the_co_answered(
    answerer_role, declared, request, outcomes
):
    answerer = request.getfixturevalue(answerer_role)
    co_trainer = request.getfixturevalue(
        "practitioner_trainer" if answerer_role == "peer_trainer" else "peer_trainer"
    )
    seen = outcomes(answerer, co_trainer, None, "none", declared)
    _assert_same(seen["none"]["answerer"], seen[declared]["answerer"])
    _assert_same(seen[None]["answerer"], seen[declared]["answerer"])
    html = seen[declared]["answerer"]["pages"]["pairing detail"][1]
    assert "The college is setting up this pairing" in html
    assert DECLARED not in str(seen[declared]["answerer"])


@pytest.mark.django_db
@pytest.mark.parametrize("declared", ["i_treat", "other"])
def test_the_co_trainer_gets_the_same_pages_and_emails_whether_they_declared_or_not(
    declared, peer_trainer, practitioner_trainer, outcomes
):
    """Besides the form with their own answer, nothing they are shown or sent tells the
    other trainer's answer either (their pages say "you have answered", not what)."""
    seen = outcomes(peer_trainer, practitioner_trainer, "none", declared)
    _assert_same(seen["none"]["co_trainer"], seen[declared]["co_trainer"])


@pytest.mark.django_db
def test_the_trainers_status_hides_every_reason_a_pairing_has_not_started(
    peer_trainer, practitioner_trainer, outcomes
):
    seen = outcomes(peer_trainer, practitioner_trainer, None, "none", "other")
    for outcome in seen.values():
        for trainer in outcome.values():
            text = str(trainer)
            for reason in (
                "Waiting for a manager",
                "Waiting for declarations",
                "Ready for a manager",
                "of 2 answered",
                "We are waiting for an answer",
                "reviewing the pairing",
            ):
                assert reason not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "co_answer,label",
    [
        (None, "Waiting for declarations (1 of 2 answered)"),
        ("none", "Ready for a manager to start"),
        ("other", "Waiting for a manager&#x27;s decision"),
    ],
)
def test_managers_see_why_a_pairing_has_not_started(
    co_answer, label, pairing, peer_trainer, practitioner_trainer, manager, client_for
):
    from trainers.services import declaration_submit

    declaration_submit(pairing=pairing, user=peer_trainer, answer="none")
    if co_answer:
        declaration_submit(
            pairing=pairing, user=practitioner_trainer, answer=co_answer, details=DECLARED
        )
    for url in (
        reverse("trainers:pairing-detail", args=[pairing.pk]),
        reverse("trainers:pairing-list"),
    ):
        assert label in client_for(manager).get(url).content.decode()
