"""Cover when a trainer cannot come to a session.

A trainer says they cannot come (no reason asked; an optional note only managers read). A
manager invites one trainer of the same kind; the cover trainer and the trainer who stays
each answer the pairing's private conflict question about each other. When the invitee
has said yes and neither declared a relationship (or a manager decided to go ahead), the
session's trainer is swapped for that session only.

Locks: the course row first (`course_lock`), then the cover request and its invitations,
then the session: the course lock's documented order, extended. A partial unique
constraint allows one live invitation per request, so two managers inviting at once end
with one invitation and one cover. On PostgreSQL the session's exclusion constraints also
refuse a cover trainer who is teaching elsewhere at that time."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from recovery_college.accounts.models import User
from recovery_college.audit.models import AuditEvent
from recovery_college.audit.services import audit_record
from trainers.models import Declaration, Trainer

from ..errors import CoverAlreadyInvited, CoverNotNeeded, NotAllowed, ScheduleClash
from ..models import (
    CoverDecision,
    CoverDeclaration,
    CoverInvitation,
    CoverRequest,
    ScheduledSession,
)
from ..permissions import can_arrange_cover, can_ask_for_cover, is_manager
from ..selectors.cover import staying_trainer
from .delivery_notify import cover_notify
from .locking import course_lock


def trainer_clashes(*, trainer: Trainer, session: ScheduledSession) -> ScheduledSession | None:
    """Another live session the trainer teaches that overlaps this one."""
    from django.db.models import Q

    return (
        ScheduledSession.objects.filter(
            Q(peer=trainer) | Q(practitioner=trainer),
            cancelled=False,
            starts_at__lt=session.ends_at,
            ends_at__gt=session.starts_at,
        )
        .exclude(pk=session.pk)
        .select_related("course")
        .first()
    )


def cover_request_create(*, session: ScheduledSession, user: User, note: str = "") -> CoverRequest:
    """The trainer `user` cannot come to `session`. Managers are told (not why)."""
    if not can_ask_for_cover(user, session):
        raise NotAllowed("Only the session's trainers can say they cannot come.")
    if session.starts_at <= timezone.now():
        raise NotAllowed("This session has already started: please call the college instead.")
    trainer = user.trainer_profile
    with transaction.atomic():
        course_lock(course_id=session.course_id)
        session = ScheduledSession.objects.select_related("course").get(pk=session.pk)
        if session.cancelled or trainer.pk not in (session.peer_id, session.practitioner_id):
            raise NotAllowed("You are no longer teaching this session.")
        if CoverRequest.objects.filter(
            session=session, absent_trainer=trainer, status__in=CoverRequest.LIVE
        ).exists():
            raise NotAllowed("You have already told us you cannot come to this session.")
        cover_request = CoverRequest.objects.create(
            session=session, absent_trainer=trainer, note=(note or "").strip()
        )
        if cover_request.note:
            audit_record(actor=user, action=AuditEvent.Action.CREATE, obj=cover_request)
        cover_notify(cover_request=cover_request, event="needed")
    return cover_request


def cover_request_withdraw(*, cover_request: CoverRequest, user: User) -> CoverRequest:
    """The trainer can come after all (while no one has been arranged)."""
    with transaction.atomic():
        course_lock(course_id=cover_request.session.course_id)
        cover_request = CoverRequest.objects.select_for_update().get(pk=cover_request.pk)
        if cover_request.absent_trainer.user_id != user.pk and not is_manager(user):
            raise NotAllowed("Only the trainer who asked can withdraw this.")
        if cover_request.status != CoverRequest.Status.OPEN:
            raise CoverNotNeeded("Cover is already arranged: please talk to the college.")
        CoverInvitation.objects.filter(
            request=cover_request, status__in=CoverInvitation.LIVE
        ).update(status=CoverInvitation.Status.WITHDRAWN)
        cover_request.status = CoverRequest.Status.WITHDRAWN
        cover_request.resolved_at = timezone.now()
        cover_request.resolved_by = user
        cover_request.save(update_fields=["status", "resolved_at", "resolved_by"])
    return cover_request


def _open_request(cover_request: CoverRequest) -> CoverRequest:
    """Lock the course, then the request; refuse unless it still needs cover."""
    course_lock(course_id=cover_request.session.course_id)
    locked = (
        CoverRequest.objects.select_for_update(of=("self",))
        .select_related("session__course", "session__peer__user", "session__practitioner__user")
        .get(pk=cover_request.pk)
    )
    if locked.status != CoverRequest.Status.OPEN or locked.session.cancelled:
        raise CoverNotNeeded()
    return locked


def cover_invite(*, cover_request: CoverRequest, user: User, trainer: Trainer) -> CoverInvitation:
    """A manager invites `trainer` to cover. One live invitation per request."""
    if not can_arrange_cover(user):
        raise NotAllowed("Only college managers arrange cover.")
    with transaction.atomic():
        cover_request = _open_request(cover_request)
        session = cover_request.session
        staying = staying_trainer(cover_request)
        absent = cover_request.absent_trainer
        if trainer.kind != absent.kind:
            raise NotAllowed(
                f"Cover for a {absent.get_kind_display()} must be a {absent.get_kind_display()}."
            )
        if not trainer.is_active or trainer.pk in (staying.pk, absent.pk):
            raise NotAllowed("Choose another trainer: this one cannot cover this session.")
        clash = trainer_clashes(trainer=trainer, session=session)
        if clash is not None:
            raise ScheduleClash(
                f"{trainer.name} is teaching “{clash.course.title}” at that time.", field=None
            )
        if CoverInvitation.objects.filter(
            request=cover_request, status__in=CoverInvitation.LIVE
        ).exists():
            raise CoverAlreadyInvited()
        try:
            with transaction.atomic():
                invitation = CoverInvitation.objects.create(
                    request=cover_request, trainer=trainer, invited_by=user
                )
        except IntegrityError as error:  # the partial unique constraint: another manager won
            raise CoverAlreadyInvited() from error
        cover_notify(cover_request=cover_request, event="invited", invitation=invitation)
    return invitation


def cover_invitation_withdraw(*, invitation: CoverInvitation, user: User) -> CoverInvitation:
    if not can_arrange_cover(user):
        raise NotAllowed("Only college managers arrange cover.")
    with transaction.atomic():
        _open_request(invitation.request)
        invitation = CoverInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_live:
            raise NotAllowed("This invitation has already been answered.")
        invitation.status = CoverInvitation.Status.WITHDRAWN
        invitation.save(update_fields=["status"])
    return invitation


def _declare(invitation: CoverInvitation, trainer: Trainer, answer: str, details: str, user):
    details = (details or "").strip()
    if answer not in Declaration.Answer.values:
        raise NotAllowed("Choose one of the answers to the private question.", field="answer")
    if answer == Declaration.Answer.OTHER and not details:
        raise NotAllowed("Tell us a little about the relationship.", field="details")
    declaration, created = CoverDeclaration.objects.update_or_create(
        invitation=invitation, trainer=trainer, defaults={"answer": answer, "details": details}
    )
    audit_record(
        actor=user,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.CHANGE,
        obj=declaration,
    )


def _live_invitation(invitation: CoverInvitation) -> tuple[CoverRequest, CoverInvitation]:
    cover_request = _open_request(invitation.request)
    invitation = CoverInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != CoverInvitation.Status.INVITED:
        raise NotAllowed("This invitation is closed: the college has been told.")
    invitation.request = cover_request
    return cover_request, invitation


def cover_answer(
    *, invitation: CoverInvitation, user: User, accept: bool, answer: str = "", details: str = ""
) -> CoverInvitation:
    """The invitee says yes (answering the private question) or no."""
    if invitation.trainer.user_id != user.pk:
        raise NotAllowed("Only the invited trainer can answer this invitation.")
    with transaction.atomic():
        cover_request, invitation = _live_invitation(invitation)
        invitation.answered_at = timezone.now()
        if not accept:
            invitation.status = CoverInvitation.Status.DECLINED
            invitation.save(update_fields=["status", "answered_at"])
            cover_notify(cover_request=cover_request, event="declined", invitation=invitation)
            return invitation
        _declare(invitation, invitation.trainer, answer, details, user)
        invitation.said_yes = True
        invitation.save(update_fields=["said_yes", "answered_at"])
        _settle(cover_request, invitation, user)
    return invitation


def cover_declare(
    *, invitation: CoverInvitation, user: User, answer: str, details: str = ""
) -> CoverInvitation:
    """The trainer who stays answers the private question about the invited cover."""
    with transaction.atomic():
        cover_request, invitation = _live_invitation(invitation)
        staying = staying_trainer(cover_request)
        if staying.user_id != user.pk:
            raise NotAllowed("Only the trainer who is staying answers this question.")
        _declare(invitation, staying, answer, details, user)
        _settle(cover_request, invitation, user)
    return invitation


def _settle(cover_request: CoverRequest, invitation: CoverInvitation, user) -> None:
    """Once the invitee said yes and both answered: cover, or a manager's decision."""
    declarations = list(invitation.declarations.all())
    if not invitation.said_yes or len(declarations) < 2:
        return
    if any(d.declares_relationship for d in declarations):
        invitation.status = CoverInvitation.Status.NEEDS_DECISION
        invitation.save(update_fields=["status"])
        cover_notify(cover_request=cover_request, event="needs_decision", invitation=invitation)
        return
    _apply(cover_request, invitation, user)


def _apply(cover_request: CoverRequest, invitation: CoverInvitation, user) -> None:
    """Swap the session's trainer for this session only."""
    session = cover_request.session
    field = "peer" if session.peer_id == cover_request.absent_trainer_id else "practitioner"
    clash = trainer_clashes(trainer=invitation.trainer, session=session)
    if clash is not None:
        raise ScheduleClash(
            f"{invitation.trainer.name} is now teaching “{clash.course.title}” at that time."
        )
    try:
        with transaction.atomic():
            ScheduledSession.objects.filter(pk=session.pk).update(
                **{f"{field}_id": invitation.trainer_id}
            )
    except IntegrityError as error:  # PostgreSQL's exclusion constraint
        raise ScheduleClash(f"{invitation.trainer.name} is teaching elsewhere then.") from error
    invitation.status = CoverInvitation.Status.ACCEPTED
    invitation.save(update_fields=["status"])
    cover_request.status = CoverRequest.Status.COVERED
    cover_request.cover_trainer = invitation.trainer
    cover_request.resolved_at = timezone.now()
    cover_request.resolved_by = user if user is not None and user.is_authenticated else None
    cover_request.save(update_fields=["status", "cover_trainer", "resolved_at", "resolved_by"])
    cover_notify(cover_request=cover_request, event="arranged", invitation=invitation)


def cover_decide(
    *, invitation: CoverInvitation, user: User, outcome: str, reasons: str
) -> CoverDecision:
    """A manager's decision where a relationship was declared: go ahead, or withdraw."""
    if not can_arrange_cover(user):
        raise NotAllowed("Only college managers decide on a declared relationship.")
    reasons = (reasons or "").strip()
    if outcome not in CoverDecision.Outcome.values:
        raise NotAllowed("Choose whether to go ahead.", field="outcome")
    if not reasons:
        raise NotAllowed("Write down the reasons for your decision.", field="reasons")
    with transaction.atomic():
        cover_request = _open_request(invitation.request)
        invitation = CoverInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != CoverInvitation.Status.NEEDS_DECISION:
            raise NotAllowed("This invitation does not need a decision.")
        decision = CoverDecision.objects.create(
            invitation=invitation, outcome=outcome, reasons=reasons, decided_by=user
        )
        audit_record(actor=user, action=AuditEvent.Action.DECIDE, obj=decision)
        if outcome == CoverDecision.Outcome.PROCEED:
            _apply(cover_request, invitation, user)
        else:
            invitation.status = CoverInvitation.Status.WITHDRAWN
            invitation.save(update_fields=["status"])
    return decision


def cover_record_solo(*, cover_request: CoverRequest, user: User) -> CoverRequest:
    """No cover: the manager records that one trainer delivered the session, so it is
    never counted as co-delivered."""
    if not can_arrange_cover(user):
        raise NotAllowed("Only college managers record how a session was delivered.")
    with transaction.atomic():
        cover_request = _open_request(cover_request)
        CoverInvitation.objects.filter(
            request=cover_request, status__in=CoverInvitation.LIVE
        ).update(status=CoverInvitation.Status.WITHDRAWN)
        cover_request.status = CoverRequest.Status.SOLO
        cover_request.resolved_at = timezone.now()
        cover_request.resolved_by = user
        cover_request.save(update_fields=["status", "resolved_at", "resolved_by"])
    return cover_request


def cover_end_for_moved(*, session: ScheduledSession) -> int:
    """A session moved to another time goes back to the course's pair (the scheduling
    service puts both back on it): any request for cover and any cover arranged for the
    old time end, and a cover trainer is told. Runs inside the move's transaction, after
    the course lock. The trainer who could not come can ask again for the new time."""
    ended = 0
    for cover_request in CoverRequest.objects.select_for_update().filter(
        session=session, status__in=[CoverRequest.Status.OPEN, CoverRequest.Status.COVERED]
    ):
        CoverInvitation.objects.filter(
            request=cover_request, status__in=CoverInvitation.LIVE
        ).update(status=CoverInvitation.Status.WITHDRAWN)
        was_covered = cover_request.status == CoverRequest.Status.COVERED
        cover_request.status = CoverRequest.Status.WITHDRAWN
        cover_request.resolved_at = timezone.now()
        cover_request.save(update_fields=["status", "resolved_at"])
        if was_covered:
            cover_notify(cover_request=cover_request, event="ended")
        ended += 1
    return ended
