from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from recovery_college.accounts.permissions import manager_or_404, manager_required
from recovery_college.audit.models import AuditEvent
from recovery_college.audit.services import audit_record
from recovery_college.forms import form_error_from

from .. import selectors, services
from ..errors import TrainersError
from ..forms import DecisionForm, DeclarationForm, PairingEndForm, PairingForm
from ..models import Pairing
from ..permissions import can_declare, is_manager
from ..selectors import declaration_or_404, pairing_or_404


@manager_required
def pairing_list(request):
    status = request.GET.get("status") or None
    if status not in (None, *Pairing.Status.values):
        status = None
    return render(
        request,
        "trainers/pairing_list.html",
        {
            "pairings": selectors.pairing_list(user=request.user, status=status),
            "status": status,
            "statuses": Pairing.Status.choices,
        },
    )


@manager_required
def pairing_create(request):
    form = PairingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pairing = services.pairing_propose(proposed_by=request.user, **form.cleaned_data)
        except TrainersError as error:
            form_error_from(form, error)
        else:
            messages.success(
                request,
                f"Pairing proposed. We have asked {pairing.peer.name} and "
                f"{pairing.practitioner.name} the conflict-of-interest question.",
            )
            return redirect("trainers:pairing-detail", pk=pairing.pk)
    return render(request, "trainers/pairing_form.html", {"form": form})


@login_required
def pairing_detail(request, pk: int):
    pairing = selectors.pairing_get_for(user=request.user, pk=pk)
    me = pairing.trainer_for(request.user)
    my_declaration = selectors.declaration_of(pairing=pairing, trainer=me)
    decision = selectors.conflict_decision_of(pairing=pairing)
    context = {
        "pairing": pairing,
        "me": me,
        "co_trainer": pairing.co_trainer_of(me) if me else None,
        "my_declaration": my_declaration,
        "decision": decision,
        "continuity": selectors.pairing_together_since(pairing),
        "is_manager": is_manager(request.user),
        "can_declare": can_declare(request.user, pairing),
    }
    if context["is_manager"]:
        # Managers see who has answered and links to read each declaration (each reading
        # is logged); the answers themselves are not on this page.
        answered = {d.trainer_id: d for d in selectors.declarations_of(pairing=pairing)}
        context["declaration_rows"] = [(t, answered.get(t.pk)) for t in pairing.trainers]
    return render(request, "trainers/pairing_detail.html", context)


@login_required
def declaration_form(request, pk: int):
    """The trainer's own, private answer for this pairing."""
    pairing = pairing_or_404(request.user, pk)
    me = pairing.trainer_for(request.user)
    if me is None:
        raise Http404
    existing = selectors.declaration_of(pairing=pairing, trainer=me)
    if not can_declare(request.user, pairing):
        if existing is None:
            raise Http404
        return redirect("trainers:declaration-detail", pk=existing.pk)
    form = DeclarationForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_submit(
                pairing=pairing,
                user=request.user,
                answer=form.cleaned_data["answer"],
                details=form.cleaned_data.get("details", ""),
            )
        except TrainersError as error:
            form_error_from(form, error)
        else:
            messages.success(request, "Thank you. Your answer is saved and kept private.")
            return redirect("trainers:pairing-detail", pk=pairing.pk)
    elif existing is not None and request.method == "GET":
        audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=existing)
    return render(
        request,
        "trainers/declaration_form.html",
        {"form": form, "pairing": pairing, "co_trainer": pairing.co_trainer_of(me)},
    )


@login_required
def declaration_detail(request, pk: int):
    declaration = declaration_or_404(request.user, pk)
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=declaration)
    return render(request, "trainers/declaration_detail.html", {"declaration": declaration})


@manager_or_404
def decision_form(request, pk: int):
    pairing = selectors.pairing_get_for(user=request.user, pk=pk)
    if pairing.stage != "awaiting_decision":
        messages.info(request, "This pairing does not need a decision now.")
        return redirect("trainers:pairing-detail", pk=pairing.pk)
    declarations = selectors.declarations_of(pairing=pairing)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conflict_decide(pairing=pairing, manager=request.user, **form.cleaned_data)
        except TrainersError as error:
            form_error_from(form, error)
        else:
            messages.success(
                request, "Your decision is recorded and both trainers are told the outcome."
            )
            return redirect("trainers:pairing-detail", pk=pairing.pk)
    for declaration in declarations:  # this page shows both answers: each view is logged
        audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=declaration)
    return render(
        request,
        "trainers/decision_form.html",
        {"form": form, "pairing": pairing, "declarations": declarations},
    )


@manager_or_404
@require_POST
def pairing_start(request, pk: int):
    """A manager starts a pairing in which both answered and nobody declared anything."""
    pairing = pairing_or_404(request.user, pk)
    try:
        services.pairing_start(pairing=pairing, manager=request.user)
    except TrainersError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The pairing has started. Both trainers have been told.")
    return redirect("trainers:pairing-detail", pk=pairing.pk)


@manager_required
def pairing_end(request, pk: int):
    pairing = pairing_or_404(request.user, pk)
    if pairing.status != Pairing.Status.ACTIVE:
        messages.info(request, "Only an active pairing can be ended.")
        return redirect("trainers:pairing-detail", pk=pairing.pk)
    form = PairingEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pairing_end(pairing=pairing, manager=request.user, **form.cleaned_data)
        except TrainersError as error:
            form_error_from(form, error)
        else:
            messages.success(request, "The pairing has ended. Its history is kept.")
            return redirect("trainers:pairing-detail", pk=pairing.pk)
    return render(request, "trainers/pairing_end.html", {"form": form, "pairing": pairing})
