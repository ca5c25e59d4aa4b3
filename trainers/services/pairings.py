from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from recovery_college.accounts.models import MANAGERS_GROUP, User
from recovery_college.audit.models import AuditEvent
from recovery_college.audit.services import audit_record
from recovery_college.notifications.services import email_queue_template

from ..errors import (
    CannotStart,
    DecisionNotNeeded,
    DeclarationClosed,
    DeclarationKept,
    InvalidPairing,
    NotAllowed,
)
from ..models import ConflictDecision, Declaration, Pairing, Trainer
from ..permissions import can_manage_pairings
from .agreements import agreement_create
from .notify import email_pair


def pairing_propose(
    *,
    proposed_by: User,
    peer: Trainer,
    practitioner: Trainer,
    start_date: date,
    end_date: date | None = None,
) -> Pairing:
    """Propose a pairing. Both trainers are then asked, privately, about conflicts."""
    if peer.pk == practitioner.pk:
        raise InvalidPairing("A trainer cannot be paired with themselves.", field="practitioner")
    if peer.kind != Trainer.Kind.PEER:
        raise InvalidPairing(f"{peer.name} is not a Peer Trainer.", field="peer")
    if practitioner.kind != Trainer.Kind.PRACTITIONER:
        raise InvalidPairing(
            f"{practitioner.name} is not a Practitioner Trainer.", field="practitioner"
        )
    if not (peer.is_active and practitioner.is_active):
        raise InvalidPairing("Both trainers must be active to be paired.")
    if end_date and end_date < start_date:
        raise InvalidPairing("The end date must be on or after the start date.", field="end_date")
    live_twice = InvalidPairing(
        f"{peer.name} and {practitioner.name} already have a proposed or active pairing. "
        "End it before starting another."
    )
    try:
        with transaction.atomic():
            if Pairing.objects.filter(
                peer=peer, practitioner=practitioner, status__in=Pairing.LIVE
            ).exists():
                raise live_twice
            pairing = Pairing.objects.create(
                peer=peer,
                practitioner=practitioner,
                start_date=start_date,
                end_date=end_date,
                proposed_by=proposed_by,
            )
            agreement_create(pairing=pairing)
            email_pair(
                pairing=pairing,
                subject="A new co-trainer pairing: one private question for you",
                template="pairing_proposed",
                key=f"pairing-proposed:{pairing.pk}",
            )
    except IntegrityError as error:  # a concurrent proposal of the same two people
        raise live_twice from error
    return pairing


def declaration_submit(
    *, pairing: Pairing, user: User, answer: str, details: str = ""
) -> Declaration:
    """Record (or change) one trainer's private answer. When both have answered, the
    managers are asked to act: to start the pairing when neither declared a relationship,
    otherwise to decide on it. The pairing never starts by itself, so neither trainer
    can learn from its state what the co-trainer answered; until a manager acts both see
    the same neutral status.

    A trainer may change their answer while the pairing is proposed, except that a
    declared relationship cannot be taken back here (a manager must look at it)."""
    details = (details or "").strip()
    if answer not in Declaration.Answer.values:
        raise NotAllowed("Choose one of the answers.")
    if answer == Declaration.Answer.OTHER and not details:
        raise NotAllowed("Tell us a little about the relationship.")
    with transaction.atomic():
        pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
        trainer = pairing.trainer_for(user)
        if trainer is None:
            raise NotAllowed("Only the two trainers in a pairing answer for it.")
        if not pairing.declarations_open():
            raise DeclarationClosed()
        earlier = Declaration.objects.filter(pairing=pairing, trainer=trainer).first()
        if earlier and earlier.declares_relationship and answer == Declaration.Answer.NONE:
            raise DeclarationKept()
        declaration, created = Declaration.objects.update_or_create(
            pairing=pairing, trainer=trainer, defaults={"answer": answer, "details": details}
        )
        audit_record(
            actor=user,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.CHANGE,
            obj=declaration,
        )
        _after_declarations(pairing)
    return declaration


def _has_decision(pairing: Pairing) -> bool:
    return ConflictDecision.objects.filter(pairing=pairing).exists()


def _after_declarations(pairing: Pairing) -> None:
    """Once both have answered, ask every manager to act (only managers are told why).
    Each email goes once per pairing and kind (a changed answer may need the other)."""
    declarations = list(Declaration.objects.filter(pairing=pairing))
    if len(declarations) < 2:
        return
    if any(d.declares_relationship for d in declarations):
        kind, subject = "needs-decision", "A pairing needs your decision"
    else:
        kind, subject = "ready", "A pairing is ready to start"
    for manager in _managers():
        email_queue_template(
            to=manager.email,
            subject=subject,
            template=f"pairing_{kind.replace('-', '_')}",
            context={"pairing": pairing, "manager": manager},
            idempotency_key=f"pairing-{kind}:{pairing.pk}:{manager.pk}",
        )


def _activate(pairing: Pairing) -> None:
    pairing.status = Pairing.Status.ACTIVE
    pairing.activated_at = timezone.now()
    pairing.save(update_fields=["status", "activated_at"])
    email_pair(
        pairing=pairing,
        subject="Your pairing is active",
        template="pairing_active",
        key=f"pairing-active:{pairing.pk}",
    )


def pairing_start(*, pairing: Pairing, manager: User) -> Pairing:
    """A manager starts a proposed pairing in which both trainers answered and neither
    declared a relationship (where one was declared, conflict_decide is the way)."""
    if not can_manage_pairings(manager):
        raise NotAllowed("Only a college manager can start a pairing.")
    with transaction.atomic():
        pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
        declarations = list(Declaration.objects.filter(pairing=pairing))
        if pairing.status != Pairing.Status.PROPOSED:
            raise CannotStart("Only a proposed pairing can be started.")
        if len(declarations) < 2:
            raise CannotStart(
                "Both trainers need to answer the private question before the pairing starts."
            )
        if any(d.declares_relationship for d in declarations):
            raise CannotStart(
                "A relationship was declared, so record a decision on this pairing instead."
            )
        _activate(pairing)
    return pairing


def _managers():
    return User.objects.filter(
        Q(groups__name=MANAGERS_GROUP) | Q(is_superuser=True), is_active=True
    ).distinct()


def conflict_decide(
    *, pairing: Pairing, manager: User, outcome: str, support_contact: str, reasons: str
) -> ConflictDecision:
    """A manager's decision on a pairing where a relationship was declared."""
    support_contact, reasons = support_contact.strip(), reasons.strip()
    if not can_manage_pairings(manager):
        raise NotAllowed("Only a college manager can decide on a pairing.")
    if outcome not in ConflictDecision.Outcome.values:
        raise NotAllowed("Choose whether the pairing goes ahead.")
    if not reasons:
        raise NotAllowed("Give the reasons for the decision.")
    if outcome == ConflictDecision.Outcome.PROCEED and not support_contact:
        raise NotAllowed("Name an independent support contact for the pair.")
    with transaction.atomic():
        pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
        declarations = list(Declaration.objects.filter(pairing=pairing))
        if (
            pairing.status != Pairing.Status.PROPOSED
            or _has_decision(pairing)
            or len(declarations) < 2
            or not any(d.declares_relationship for d in declarations)
        ):
            raise DecisionNotNeeded()
        decision = ConflictDecision.objects.create(
            pairing=pairing,
            outcome=outcome,
            support_contact=support_contact if outcome == "proceed" else "",
            reasons=reasons,
            decided_by=manager,
        )
        audit_record(actor=manager, action=AuditEvent.Action.DECIDE, obj=decision)
        if outcome == ConflictDecision.Outcome.PROCEED:
            _activate(pairing)
        else:
            pairing.status = Pairing.Status.WITHDRAWN
            pairing.save(update_fields=["status"])
            email_pair(
                pairing=pairing,
                subject="A proposed pairing will not go ahead",
                template="pairing_withdrawn",
                key=f"pairing-withdrawn:{pairing.pk}",
            )
    return decision


def pairing_end(*, pairing: Pairing, manager: User, end_date: date) -> Pairing:
    if not can_manage_pairings(manager):
        raise NotAllowed("Only a college manager can end a pairing.")
    with transaction.atomic():
        pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
        if pairing.status != Pairing.Status.ACTIVE:
            raise InvalidPairing("Only an active pairing can be ended.")
        if end_date < pairing.start_date:
            raise InvalidPairing(
                "The end date must be on or after the start date "
                f"({pairing.start_date:%-d %B %Y}).",
                field="end_date",
            )
        pairing.status = Pairing.Status.ENDED
        pairing.end_date = end_date
        pairing.save(update_fields=["status", "end_date"])
    return pairing
