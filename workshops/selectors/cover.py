"""Reads for cover: what needs cover, who could cover, and who is covering (the public
page names them; it never says why)."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from trainers.models import Declaration, Trainer

from ..models import Course, CoverDeclaration, CoverInvitation, CoverRequest, ScheduledSession
from ..permissions import can_arrange_cover

_REQUEST_RELATED = (
    "session__course",
    "session__room__venue",
    "session__peer__user",
    "session__practitioner__user",
    "absent_trainer__user",
    "cover_trainer__user",
)


def _with_invitations(requests):
    return requests.select_related(*_REQUEST_RELATED).prefetch_related(
        Prefetch(
            "invitations",
            queryset=CoverInvitation.objects.select_related("trainer__user").order_by(
                "-created_at", "-id"
            ),
        )
    )


def staying_trainer(cover_request: CoverRequest) -> Trainer:
    session = cover_request.session
    if session.peer_id == cover_request.absent_trainer_id:
        return session.practitioner
    return session.peer


def _decorate(cover_request: CoverRequest) -> CoverRequest:
    cover_request.staying = staying_trainer(cover_request)
    invitations = list(cover_request.invitations.all())
    cover_request.live_invitation = next((i for i in invitations if i.is_live), None)
    cover_request.invitation_list = invitations
    return cover_request


def cover_requests_open() -> list[CoverRequest]:
    """Sessions still to come (or today's) that need cover, soonest first, for the College
    page: each with its session and course, the absent trainer and `live_invitation` (its
    trainer's name with it). 1 query, 2 when there are any. Only what the page shows is
    joined and read: the query is compiled on every load of the page, rows or none."""
    since = timezone.now() - timezone.timedelta(hours=12)
    requests = (
        CoverRequest.objects.filter(
            status=CoverRequest.Status.OPEN,
            session__cancelled=False,
            session__starts_at__gte=since,
        )
        .select_related("session__course", "absent_trainer")
        # What the page shows of them, rather than every column of three tables.
        .only(
            "session__number",
            "session__starts_at",
            "session__course__title",
            "absent_trainer__kind",
        )
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=CoverInvitation.objects.select_related("trainer__user").order_by(
                    "-created_at", "-id"
                ),
            )
        )
        .order_by("session__starts_at", "id")
    )
    for cover_request in requests:
        invitations = cover_request.invitations.all()
        cover_request.live_invitation = next((i for i in invitations if i.is_live), None)
    return list(requests)


def cover_request_get(*, user, pk: int) -> CoverRequest:
    """A cover request with its invitations, for managers (404 for everyone else)."""
    if not can_arrange_cover(user):
        raise Http404
    return _decorate(get_object_or_404(_with_invitations(CoverRequest.objects.all()), pk=pk))


def cover_request_for_cover_trainer(*, user, pk: int) -> CoverRequest:
    """The covered session, for the trainer covering it (and managers)."""
    cover_request = get_object_or_404(
        CoverRequest.objects.select_related(*_REQUEST_RELATED),
        pk=pk,
        status=CoverRequest.Status.COVERED,
    )
    trainer = user.trainer_profile if user.is_authenticated else None
    if not (can_arrange_cover(user) or (trainer and trainer.pk == cover_request.cover_trainer_id)):
        raise Http404
    cover_request.staying = staying_trainer(cover_request)
    return cover_request


def cover_candidates(*, cover_request: CoverRequest) -> list[Trainer]:
    """Trainers who could cover: the same kind as the absent trainer, active, teaching no
    other session at that time, not either of the session's trainers, not already turned
    it down, and with no relationship declared with the trainer who stays (in a pairing
    with them, decided or waiting, or in an earlier cover): 1 query."""
    session = cover_request.session
    staying = staying_trainer(cover_request)
    clash = ScheduledSession.objects.filter(
        Q(peer=OuterRef("pk")) | Q(practitioner=OuterRef("pk")),
        cancelled=False,
        starts_at__lt=session.ends_at,
        ends_at__gt=session.starts_at,
    )
    with_staying = Q(pairing__peer=staying, pairing__practitioner=OuterRef("pk")) | Q(
        pairing__practitioner=staying, pairing__peer=OuterRef("pk")
    )
    declared = Declaration.objects.filter(with_staying).exclude(answer=Declaration.Answer.NONE)
    cover_declared = CoverDeclaration.objects.filter(
        Q(trainer=OuterRef("pk"), invitation__request__session__peer=staying)
        | Q(trainer=OuterRef("pk"), invitation__request__session__practitioner=staying)
        | Q(trainer=staying, invitation__trainer=OuterRef("pk"))
    ).exclude(answer=Declaration.Answer.NONE)
    declined = CoverInvitation.objects.filter(
        request_id=cover_request.pk,
        trainer=OuterRef("pk"),
        status=CoverInvitation.Status.DECLINED,
    )
    return list(
        Trainer.objects.filter(
            kind=cover_request.absent_trainer.kind, is_active=True, user__is_active=True
        )
        .exclude(pk__in=[staying.pk, cover_request.absent_trainer_id])
        .exclude(Exists(clash))
        .exclude(Exists(declared))
        .exclude(Exists(cover_declared))
        .exclude(Exists(declined))
        .select_related("user")
        .order_by("user__full_name")
    )


def cover_invitation_get_for(*, user, pk: int) -> CoverInvitation:
    """An invitation, for the invited trainer, the trainer who stays, and managers."""
    invitation = get_object_or_404(
        CoverInvitation.objects.select_related(
            "trainer__user", *(f"request__{r}" for r in _REQUEST_RELATED)
        ),
        pk=pk,
    )
    invitation.staying = staying_trainer(invitation.request)
    trainer = user.trainer_profile if user.is_authenticated else None
    allowed = can_arrange_cover(user) or (
        trainer is not None and trainer.pk in (invitation.trainer_id, invitation.staying.pk)
    )
    if not allowed:
        raise Http404
    return invitation


def cover_declaration_of(*, invitation: CoverInvitation, trainer) -> CoverDeclaration | None:
    return CoverDeclaration.objects.filter(invitation=invitation, trainer=trainer).first()


def cover_declarations_of(*, invitation: CoverInvitation) -> list[CoverDeclaration]:
    return list(invitation.declarations.select_related("trainer__user"))


def cover_lines(*, course: Course) -> list[CoverRequest]:
    """The covered sessions of a course still running, for its public page: 1 query."""
    return list(
        CoverRequest.objects.filter(
            session__course=course,
            status=CoverRequest.Status.COVERED,
            session__cancelled=False,
        )
        .select_related("session", "cover_trainer__user")
        .order_by("session__number")
    )


def cover_for_trainer(*, trainer: Trainer) -> dict:
    """A trainer's cover to-dos: invitations to answer, private questions to answer as the
    trainer who stays, sessions they are covering, and their own requests: 4 queries."""
    now = timezone.now()
    invitations = list(
        CoverInvitation.objects.filter(trainer=trainer, status=CoverInvitation.Status.INVITED)
        .select_related("request__session__course")
        .order_by("request__session__starts_at")
    )
    answered = CoverDeclaration.objects.filter(invitation=OuterRef("pk"), trainer=trainer)
    questions = list(
        CoverInvitation.objects.filter(status=CoverInvitation.Status.INVITED)
        .filter(Q(request__session__peer=trainer) | Q(request__session__practitioner=trainer))
        .exclude(request__absent_trainer=trainer)
        .exclude(Exists(answered))
        .select_related("trainer__user", "request__session__course")
    )
    covering = list(
        CoverRequest.objects.filter(
            cover_trainer=trainer,
            status=CoverRequest.Status.COVERED,
            session__starts_at__gte=now - timezone.timedelta(days=1),
        ).select_related("session__course")
    )
    asked = {
        r.session_id: r
        for r in CoverRequest.objects.filter(
            absent_trainer=trainer, status__in=CoverRequest.LIVE, session__starts_at__gte=now
        )
    }
    return {
        "cover_invitations": invitations,
        "cover_questions": questions,
        "covering": covering,
        "cover_asked": asked,
    }


def session_for_cover(*, pk: int) -> ScheduledSession:
    """A session with its course and room, for asking for cover (404 otherwise)."""
    return get_object_or_404(
        ScheduledSession.objects.select_related("course", "room__venue"), pk=pk
    )


def cover_request_with_session(*, pk: int) -> CoverRequest:
    """A cover request with its session and the trainer who cannot come (404 otherwise);
    the service checks who may act on it."""
    return get_object_or_404(
        CoverRequest.objects.select_related("session", "absent_trainer"), pk=pk
    )


def trainer_to_invite(*, pk: int | None) -> Trainer | None:
    return Trainer.objects.filter(pk=pk).first() if pk is not None else None
