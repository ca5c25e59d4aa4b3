"""Reads the trainers pages need, each with a fixed number of queries."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import (
    Agreement,
    AgreementConsent,
    AgreementVersion,
    ConflictDecision,
    Declaration,
    Pairing,
    Topic,
    Trainer,
)
from .models.agreements import sections_missing
from .permissions import (
    can_view_agreement,
    can_view_declaration,
    can_view_pairing,
    is_manager,
    pairings_visible_to,
)


def trainer_directory(
    *, kind: str | None = None, topic: Topic | None = None, paired: bool | None = None
) -> QuerySet[Trainer]:
    """The managers' trainer directory: kind, topic and whether the trainer has an active
    pairing. Three queries whatever the number of trainers."""
    active = Pairing.objects.filter(
        Q(peer=OuterRef("pk")) | Q(practitioner=OuterRef("pk")), status=Pairing.Status.ACTIVE
    )
    trainers = (
        Trainer.objects.select_related("user")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name")))
        .annotate(has_active_pairing=Exists(active))
        .order_by("kind", "user__full_name")
    )
    if kind:
        trainers = trainers.filter(kind=kind)
    if topic:
        trainers = trainers.filter(topics=topic)
    if paired is not None:
        trainers = trainers.filter(has_active_pairing=paired)
    return trainers


# --- Pairings -------------------------------------------------------------------------

# Why a proposed pairing has not started: for managers only. Trainers see one neutral
# status whatever the reason (SETTING_UP), so nothing they are shown depends on what the
# co-trainer declared, or on whether they have answered yet.
STAGE_LABELS = {
    "awaiting_declarations": "Waiting for declarations",
    "awaiting_decision": "Waiting for a manager's decision",
    "ready_to_start": "Ready for a manager to start",
    "active": "Active",
    "ended": "Ended",
    "withdrawn": "Withdrawn",
}
SETTING_UP = "setting_up"
SETTING_UP_LABEL = "The college is setting up this pairing"


# Figures other apps add to every pairing the lists and pages show, registered when they
# start (workshops adds `courses_taught`), so that trainers never imports them.
PAIRING_FIGURES: dict[str, Callable[[], object]] = {}


def pairing_figure_register(name: str, make: Callable[[], object]) -> None:
    """Annotate every pairing read here with `make()` (an ORM expression) as `name`."""
    PAIRING_FIGURES[name] = make


def _with_progress(pairings: QuerySet[Pairing]) -> QuerySet[Pairing]:
    """Annotate what list pages show, so they cost the same for 5 or 500 pairings."""
    current = AgreementVersion.objects.filter(
        agreement__pairing=OuterRef("pk"), number=OuterRef("agreement__version")
    )
    consents = (
        AgreementConsent.objects.filter(
            version__agreement__pairing=OuterRef("pk"),
            version__number=OuterRef("agreement__version"),
        )
        .values("version__agreement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return pairings.select_related("peer__user", "practitioner__user", "agreement").annotate(
        n_declared=Count("declarations", distinct=True),
        n_relationships=Count(
            "declarations", filter=~Q(declarations__answer="none"), distinct=True
        ),
        has_decision=Exists(ConflictDecision.objects.filter(pairing=OuterRef("pk"))),
        review_date=Subquery(current.values("review_date")[:1]),
        current_sections=Subquery(current.values("sections")[:1], output_field=JSONField()),
        n_consents=Subquery(consents[:1], output_field=IntegerField()),
        **{name: make() for name, make in PAIRING_FIGURES.items()},
    )


def pairing_stage(pairing: Pairing) -> str:
    """Where the pairing stands, with the reason a proposed one has not started: for
    managers (and services) only. Needs the annotations from _with_progress."""
    if pairing.status != Pairing.Status.PROPOSED:
        return pairing.status
    if pairing.n_declared < 2:
        return "awaiting_declarations"
    if pairing.n_relationships:
        return "awaiting_decision"
    return "ready_to_start"


@dataclass(frozen=True)
class AgreementStatus:
    code: str  # in_force | review_due | review_passed | incomplete | awaiting | not_open | closed
    label: str

    @property
    def in_force(self) -> bool:
        return self.code in ("in_force", "review_due")


def agreement_status(pairing: Pairing, *, today=None) -> AgreementStatus:
    """In force = every required heading of the current version is written, both
    trainers agreed that version and its review date has not passed. Needs the
    annotations from _with_progress (the current version's sections come with them, so
    judging completeness costs no query)."""
    today = today or timezone.localdate()
    if pairing.status in (Pairing.Status.ENDED, Pairing.Status.WITHDRAWN):
        return AgreementStatus("closed", f"Closed: the pairing is {pairing.status}")
    if pairing.status != Pairing.Status.ACTIVE:
        return AgreementStatus("not_open", "Opens when the pairing is active")
    if pairing.review_date and pairing.review_date < today:
        return AgreementStatus("review_passed", "Not in force: the review date has passed")
    if sections_missing(pairing.current_sections or []):
        return AgreementStatus("incomplete", "Not in force: some headings are not written yet")
    if (pairing.n_consents or 0) < 2:
        return AgreementStatus("awaiting", "Not in force: waiting for both trainers to agree")
    if pairing.review_date and (pairing.review_date - today).days <= 7:
        return AgreementStatus("review_due", "In force, due for review within a week")
    return AgreementStatus("in_force", "In force")


def _decorate(pairings, *, why: bool) -> list[Pairing]:
    """Add each pairing's stage, its label and its agreement's state. With why=False (a
    trainer is looking) a proposed pairing's stage is the neutral SETTING_UP whatever
    the reason, and the counts that could tell the reason are removed."""
    result = list(pairings)
    for pairing in result:
        pairing.stage = pairing_stage(pairing)
        pairing.stage_label = STAGE_LABELS[pairing.stage]
        if pairing.stage == "awaiting_declarations":
            pairing.stage_label += f" ({pairing.n_declared} of 2 answered)"
        pairing.agreement_state = agreement_status(pairing)
        if not why:
            if pairing.status == Pairing.Status.PROPOSED:
                pairing.stage, pairing.stage_label = SETTING_UP, SETTING_UP_LABEL
            for name in ("n_declared", "n_relationships", "has_decision"):
                delattr(pairing, name)
    return result


def pairing_list(*, user, status: str | None = None) -> list[Pairing]:
    pairings = _with_progress(Pairing.objects.filter(pairings_visible_to(user)))
    if status:
        pairings = pairings.filter(status=status)
    return _decorate(pairings.order_by("-start_date", "-id"), why=is_manager(user))


def pairing_list_for_trainer(*, trainer: Trainer) -> list[Pairing]:
    """The trainer's own pairings (My workshops), each with the neutral status while
    proposed."""
    pairings = _with_progress(
        Pairing.objects.filter(Q(peer=trainer) | Q(practitioner=trainer))
    ).annotate(
        my_declared=Exists(Declaration.objects.filter(pairing=OuterRef("pk"), trainer=trainer))
    )
    return _decorate(pairings.order_by("-start_date", "-id"), why=False)


def pairing_get_for(*, user, pk: int) -> Pairing:
    """One pairing the user may see, decorated like the lists (the reason a proposed
    pairing has not started for managers only); 404 otherwise."""
    pairing = get_object_or_404(
        _with_progress(Pairing.objects.filter(pairings_visible_to(user))), pk=pk
    )
    return _decorate([pairing], why=is_manager(user))[0]


def topics_all() -> QuerySet[Topic]:
    return Topic.objects.order_by("name")


def pairing_with_progress(*, pk: int) -> Pairing:
    """One pairing, decorated like the lists (its stage and agreement state), with no
    permission check: for services and other selectors that have checked already. Its
    stage says why a proposed pairing has not started: never show it to a trainer."""
    return _decorate([_with_progress(Pairing.objects.all()).get(pk=pk)], why=True)[0]


def pairing_together_since(pairing: Pairing) -> dict:
    """Continuity: every pairing of the same two people, and their days together."""
    history = Pairing.objects.filter(
        peer=pairing.peer_id,
        practitioner=pairing.practitioner_id,
        status__in=[Pairing.Status.ACTIVE, Pairing.Status.ENDED],
    ).order_by("start_date")
    history = list(history)
    return {
        "pairings": len(history),
        "first_start": history[0].start_date if history else None,
        "days": sum(p.days_together for p in history),
    }


# --- Agreements ------------------------------------------------------------------------


def agreement_versions(*, agreement: Agreement) -> list[AgreementVersion]:
    return list(
        agreement.versions.select_related("author")
        .prefetch_related(
            Prefetch("consents", queryset=AgreementConsent.objects.select_related("trainer__user"))
        )
        .annotate(n_consents=Count("consents"))
        .order_by("-number")
    )


def agreement_versions_pair(
    *, agreement: Agreement, old: int, new: int
) -> tuple[AgreementVersion | None, AgreementVersion | None]:
    """Two versions of the agreement by number (None for a number that does not exist),
    to compare: 1 query."""
    found = {v.number: v for v in agreement.versions.filter(number__in=[old, new])}
    return found.get(old), found.get(new)


def agreement_current(*, agreement: Agreement) -> AgreementVersion:
    return (
        agreement.versions.select_related("author")
        .prefetch_related(
            Prefetch("consents", queryset=AgreementConsent.objects.select_related("trainer__user"))
        )
        .get(number=F("agreement__version"))
    )


def agreement_current_sections(*, pairing_id: int | None) -> list[dict]:
    """The headings and texts of the pair's current co-working agreement ([] if none)."""
    agreement = Agreement.objects.filter(pairing_id=pairing_id).first() if pairing_id else None
    return agreement.current().sections if agreement else []


# Active trainers of each kind, as plain scalar queries: the College page reads them inside
# its one query of counts (workshops/selectors/college.py), where the ORM would build each
# aggregate afresh on every load, at more CPU than the count costs. Their parameters are
# TRAINER_COUNT_PARAMS.
TRAINER_COUNT_SQL = {
    "peer_count": "SELECT COUNT(*) FROM trainers_trainer t"
    " WHERE t.is_active AND t.kind = %(trainer_peer)s",
    "practitioner_count": "SELECT COUNT(*) FROM trainers_trainer t"
    " WHERE t.is_active AND t.kind = %(trainer_practitioner)s",
}
TRAINER_COUNT_PARAMS = {
    "trainer_peer": Trainer.Kind.PEER.value,
    "trainer_practitioner": Trainer.Kind.PRACTITIONER.value,
}


def trainer_name_sql(trainer_id: str) -> str:
    """A trainer's full name as a scalar subquery, for plain SQL where `trainer_id` is the
    column holding the trainer's id (e.g. "p.peer_id"): the College page's reads name
    trainers this way rather than joining two more tables per trainer."""
    return (
        "(SELECT tu.full_name FROM trainers_trainer tt"  # noqa: S608 - a column name of ours
        f" JOIN accounts_user tu ON tu.id = tt.user_id WHERE tt.id = {trainer_id})"
    )


# Every live pairing with what the College page counts: how many answers are declared,
# the current agreement version's review date, consents and sections, and, for an
# agreement past its review date (the only ones the page names), the two names. Plain
# SQL: the ORM's version (_with_progress) groups over declarations and builds three
# subqueries afresh on every load, at several times the CPU the query costs.
_LIVE_PAIRINGS_SQL = f"""
    SELECT p.id, p.status,
           CASE WHEN v.review_date < %(today)s THEN {trainer_name_sql("p.peer_id")} END,
           CASE WHEN v.review_date < %(today)s THEN {trainer_name_sql("p.practitioner_id")} END,
           (SELECT COUNT(*) FROM trainers_declaration d WHERE d.pairing_id = p.id),
           v.review_date,
           (SELECT COUNT(*) FROM trainers_agreementconsent c WHERE c.version_id = v.id),
           v.sections
    FROM trainers_pairing p
    LEFT JOIN trainers_agreement a ON a.pairing_id = p.id
    LEFT JOIN trainers_agreementversion v ON v.agreement_id = a.id AND v.number = a.version
    WHERE p.status IN (%(proposed)s, %(active)s)
"""  # noqa: S608 - trainer_name_sql writes our own column names


@dataclass
class _LivePairing:
    """A row of _LIVE_PAIRINGS_SQL with the attributes agreement_status reads, so the
    College page judges agreements by the same rules as every other page. The sections
    (JSON) are decoded only if asked for: not for a pairing that is only proposed, nor for
    an agreement past its review date."""

    pk: int
    status: str
    peer_name: str | None  # the names only past the review date
    practitioner_name: str | None
    n_declared: int
    review_date: date | None
    n_consents: int
    sections_json: str | list | None

    @property
    def current_sections(self) -> list[dict]:
        # PostgreSQL's jsonb comes as text (Django turns psycopg's decoding off), as SQLite's.
        sections = self.sections_json
        return json.loads(sections) if isinstance(sections, str) else sections or []


def college_trainer_summary() -> dict:
    """Pairings by stage and agreements not in force, for the managers' College page: one
    query (the trainers' counts are TRAINER_COUNT_SQL)."""
    today = timezone.localdate()
    params = {
        "proposed": Pairing.Status.PROPOSED.value,
        "active": Pairing.Status.ACTIVE.value,
        "today": connection.ops.adapt_datefield_value(today),  # SQLite stores dates as text
    }
    with connection.cursor() as cursor:
        cursor.execute(_LIVE_PAIRINGS_SQL, params)
        pairings = [_LivePairing(*row) for row in cursor.fetchall()]
    stages = {"active": 0, "awaiting_declarations": 0, "awaiting_decision": 0}
    not_in_force = 0
    review_passed = []
    for pairing in pairings:
        if pairing.status == Pairing.Status.PROPOSED:
            # As pairing_stage, except that a pairing ready to start waits for a manager
            # too (it needs their decision): all that tells them apart is both answers.
            stages["awaiting_declarations" if pairing.n_declared < 2 else "awaiting_decision"] += 1
            continue
        stages["active"] += 1
        state = agreement_status(pairing, today=today)
        not_in_force += not state.in_force
        if state.code == "review_passed":
            review_passed.append(pairing)
    return {
        "pairing_counts": stages,
        "agreements_not_in_force": not_in_force,
        # Active pairings whose agreement's review date has passed, oldest first, each
        # with `pk`, `peer_name` and `practitioner_name`.
        "agreements_review_passed": sorted(review_passed, key=lambda p: (p.review_date, p.pk)),
    }


# --- One object the user may see (404 otherwise), for views ----------------------------


def pairing_or_404(user, pk: int) -> Pairing:
    pairing = get_object_or_404(
        Pairing.objects.select_related("peer__user", "practitioner__user"), pk=pk
    )
    if not can_view_pairing(user, pairing):
        raise Http404
    return pairing


def declaration_or_404(user, pk: int) -> Declaration:
    declaration = get_object_or_404(
        Declaration.objects.select_related(
            "trainer__user", "pairing__peer__user", "pairing__practitioner__user"
        ),
        pk=pk,
    )
    if not can_view_declaration(user, declaration):
        raise Http404
    return declaration


def agreement_or_404(user, pairing_pk: int) -> Agreement:
    agreement = get_object_or_404(
        Agreement.objects.select_related("pairing__peer__user", "pairing__practitioner__user"),
        pairing_id=pairing_pk,
    )
    if not can_view_agreement(user, agreement):
        raise Http404
    return agreement


def declaration_of(*, pairing: Pairing, trainer: Trainer | None) -> Declaration | None:
    """The trainer's own answer for the pairing, if they have given one."""
    if trainer is None:
        return None
    return Declaration.objects.filter(pairing=pairing, trainer=trainer).first()


def declarations_of(*, pairing: Pairing) -> list[Declaration]:
    """Both answers, for managers only (each reading is logged by the caller)."""
    return list(Declaration.objects.filter(pairing=pairing).select_related("trainer__user"))


def conflict_decision_of(*, pairing: Pairing) -> ConflictDecision | None:
    return ConflictDecision.objects.filter(pairing=pairing).first()


def trainer_get(*, pk: int) -> Trainer:
    return get_object_or_404(Trainer.objects.select_related("user"), pk=pk)


def topic_list_with_counts() -> QuerySet[Topic]:
    """Every topic with how many trainers and courses carry it."""
    return Topic.objects.annotate(
        n_trainers=Count("trainers", distinct=True), n_courses=Count("course", distinct=True)
    ).order_by("name")


def topic_get(*, pk: int) -> Topic:
    return get_object_or_404(Topic, pk=pk)
