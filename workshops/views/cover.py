"""Cover when a trainer cannot come: the trainer's request, the manager's page to find and
invite cover (or record one-trainer delivery), the invitee's answer, the staying
trainer's private question, the manager's decision, and the cover trainer's view of the
session (plan and run-sheet to read and comment on, and the register)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from recovery_college.audit.models import AuditEvent
from recovery_college.audit.services import audit_record
from recovery_college.errors import DomainError
from recovery_college.forms import form_error_from, int_from

from .. import selectors
from ..forms_delivery import (
    CoverAnswerForm,
    CoverAskForm,
    CoverDecisionForm,
    CoverDeclarationForm,
)
from ..models import CoverInvitation
from ..permissions import can_arrange_cover, can_ask_for_cover
from ..selectors import cover as reads
from ..services import comment_add
from ..services import cover as cover_services


@login_required
def cover_ask(request, session_pk: int):
    """A trainer says they cannot come. No reason asked."""
    session = reads.session_for_cover(pk=session_pk)
    if not can_ask_for_cover(request.user, session):
        raise Http404
    form = CoverAskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cover_services.cover_request_create(
                session=session, user=request.user, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(
                request,
                "Thank you for letting us know. The college will arrange cover and tell you.",
            )
            return redirect("workshops:my-workshops")
    return render(request, "workshops/cover_ask.html", {"session": session, "form": form})


@login_required
@require_POST
def cover_withdraw(request, pk: int):
    cover_request = reads.cover_request_with_session(pk=pk)
    try:
        cover_services.cover_request_withdraw(cover_request=cover_request, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Noted: you can come after all.")
    if can_arrange_cover(request.user):
        return redirect("workshops:college-overview")
    return redirect("workshops:my-workshops")


def _detail_context(request, cover_request, **extra):
    if cover_request.note:
        audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=cover_request)
    candidates = (
        reads.cover_candidates(cover_request=cover_request)
        if cover_request.status == "open"
        else []
    )
    return {"cover_request": cover_request, "candidates": candidates, **extra}


@login_required
def cover_detail(request, pk: int):
    """Managers: the session, the note, suggested cover and the invitations so far."""
    cover_request = reads.cover_request_get(user=request.user, pk=pk)
    return render(request, "workshops/cover_detail.html", _detail_context(request, cover_request))


@login_required
@require_POST
def cover_invite(request, pk: int):
    cover_request = reads.cover_request_get(user=request.user, pk=pk)
    trainer = reads.trainer_to_invite(pk=int_from(request.POST, "trainer"))
    if trainer is None:
        messages.error(request, "Choose a trainer to invite.")
        return redirect("workshops:cover-detail", pk=pk)
    try:
        cover_services.cover_invite(cover_request=cover_request, user=request.user, trainer=trainer)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"{trainer.name} is invited to cover. We will tell you their answer."
        )
    return redirect("workshops:cover-detail", pk=pk)


@login_required
@require_POST
def cover_solo(request, pk: int):
    cover_request = reads.cover_request_get(user=request.user, pk=pk)
    try:
        cover_services.cover_record_solo(cover_request=cover_request, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "Recorded: one trainer delivered this session. The report counts it so."
        )
    return redirect("workshops:cover-detail", pk=pk)


@login_required
@require_POST
def cover_invitation_withdraw(request, pk: int):
    invitation = reads.cover_invitation_get_for(user=request.user, pk=pk)
    if not can_arrange_cover(request.user):
        raise Http404
    try:
        cover_services.cover_invitation_withdraw(invitation=invitation, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The invitation is withdrawn. You can invite someone else.")
    return redirect("workshops:cover-detail", pk=invitation.request_id)


@login_required
def cover_invitation(request, pk: int):
    """The invited trainer: yes (with the private question) or no."""
    invitation = reads.cover_invitation_get_for(user=request.user, pk=pk)
    if invitation.trainer.user_id != request.user.pk:
        raise Http404
    form = CoverAnswerForm(request.POST or None, other_name=invitation.staying.name)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        staying = invitation.staying
        try:
            answered = cover_services.cover_answer(
                invitation=invitation,
                user=request.user,
                accept=data["accept"] == "yes",
                answer=data["answer"],
                details=data["details"],
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _answered(answered, staying))
            return redirect("workshops:my-workshops")
    return render(
        request, "workshops/cover_invitation.html", {"invitation": invitation, "form": form}
    )


def _answered(invitation: CoverInvitation, staying) -> str:
    if invitation.status == CoverInvitation.Status.DECLINED:
        return "Thank you for letting us know. The college will ask someone else."
    if invitation.status == CoverInvitation.Status.ACCEPTED:
        return "Thank you: you are covering this session. The plan is in My workshops."
    if invitation.status == CoverInvitation.Status.NEEDS_DECISION:
        return "Thank you. A college manager will look at your answers and be in touch."
    return (
        f"Thank you. We are waiting for {staying.name} to answer one question, "
        "then we will confirm."
    )


@login_required
def cover_declare(request, pk: int):
    """The trainer who stays answers the private question about the invited cover."""
    invitation = reads.cover_invitation_get_for(user=request.user, pk=pk)
    if invitation.staying.user_id != request.user.pk:
        raise Http404
    existing = reads.cover_declaration_of(invitation=invitation, trainer=invitation.staying)
    initial = {"answer": existing.answer, "details": existing.details} if existing else None
    if existing:
        audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=existing)
    form = CoverDeclarationForm(
        request.POST or None, initial=initial, other_name=invitation.trainer.name
    )
    if request.method == "POST" and form.is_valid():
        try:
            cover_services.cover_declare(
                invitation=invitation,
                user=request.user,
                answer=form.cleaned_data["answer"],
                details=form.cleaned_data["details"],
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, "Thank you for answering. Only the college managers see it.")
            return redirect("workshops:my-workshops")
    return render(request, "workshops/cover_declare.html", {"invitation": invitation, "form": form})


@login_required
def cover_decide(request, pk: int):
    """Managers: both private answers, and a decision."""
    invitation = reads.cover_invitation_get_for(user=request.user, pk=pk)
    if not can_arrange_cover(request.user):
        raise Http404
    declarations = reads.cover_declarations_of(invitation=invitation)
    for declaration in declarations:
        audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=declaration)
    form = CoverDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cover_services.cover_decide(
                invitation=invitation,
                user=request.user,
                outcome=form.cleaned_data["outcome"],
                reasons=form.cleaned_data["reasons"],
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, "Your decision is recorded.")
            return redirect("workshops:cover-detail", pk=invitation.request_id)
    return render(
        request,
        "workshops/cover_decide.html",
        {"invitation": invitation, "declarations": declarations, "form": form},
    )


@login_required
def cover_session(request, pk: int):
    """The covered session for the cover trainer: the plan as a run-sheet (read only), the
    pair's comments with a box to add one, and the register."""
    cover_request = reads.cover_request_for_cover_trainer(user=request.user, pk=pk)
    session = cover_request.session
    course = session.course
    error = ""
    if request.method == "POST":
        try:
            comment_add(course=course, user=request.user, body=request.POST.get("body", ""))
        except DomainError as problem:
            error = problem.message
        else:
            messages.success(request, "Your comment is added. The pair can read it.")
            return redirect("workshops:cover-session", pk=pk)
    return render(
        request,
        "workshops/cover_session.html",
        {
            "cover_request": cover_request,
            "session": session,
            "course": course,
            **selectors.plan_editor(course=course, number=session.number),
            "comments": selectors.course_comments(course=course),
            "error": error,
            "typed": request.POST.get("body", ""),
        },
    )
