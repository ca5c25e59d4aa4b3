from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from recovery_college.accounts.permissions import manager_required
from recovery_college.forms import form_error_from
from recovery_college.security import safe_next

from .. import selectors, services
from ..errors import TrainersError
from ..forms import PublicNameForm, TrainerInviteForm, TrainerManageForm, TrainerSelfForm
from ..models import Trainer
from ..services.invitations import trainer_has_pairings


@login_required
def public_name(request):
    """The trainer chooses how their name appears to the public (asked on accepting an
    invitation and at every visit to My workshops until answered)."""
    trainer = request.user.trainer_profile
    if trainer is None:
        raise PermissionDenied("Only trainers have a public name on the prospectus.")
    initial = {"style": trainer.public_name_style, "other": trainer.public_name_other}
    form = PublicNameForm(
        request.POST or None, trainer=trainer, initial=initial if trainer.public_name_chosen else {}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.trainer_public_name_choose(
                trainer=trainer,
                style=form.cleaned_data["style"],
                other=form.cleaned_data["other"],
            )
        except TrainersError as error:
            form_error_from(form, error)
        else:
            messages.success(
                request, f"Saved. The public pages show you as “{trainer.public_name}”."
            )
            return redirect(safe_next(request) or "trainers:profile-edit")
    return render(
        request,
        "trainers/public_name_form.html",
        {"form": form, "trainer": trainer, "next": safe_next(request)},
    )


@login_required
def profile_edit(request):
    trainer = request.user.trainer_profile
    if trainer is None:
        raise PermissionDenied("Only trainers have a trainer profile.")
    form = TrainerSelfForm(request.POST or None, instance=trainer)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "topics"}
        services.trainer_update(trainer=trainer, fields=fields, topics=form.cleaned_data["topics"])
        messages.success(request, "Your trainer profile is saved.")
        return redirect("workshops:my-workshops")
    return render(request, "trainers/trainer_profile_form.html", {"form": form, "trainer": trainer})


def _flag(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


@manager_required
def directory(request):
    kind = request.GET.get("kind") or None
    if kind not in (None, *Trainer.Kind.values):
        kind = None
    topics = list(selectors.topics_all())
    topic = next((t for t in topics if str(t.pk) == request.GET.get("topic")), None)
    paired = _flag(request.GET.get("paired"))
    trainers = list(selectors.trainer_directory(kind=kind, topic=topic, paired=paired))
    return render(
        request,
        "trainers/trainer_list.html",
        {
            "trainers": trainers,
            "topics": topics,
            "kinds": Trainer.Kind.choices,
            "filters": {"kind": kind, "topic": topic, "paired": request.GET.get("paired", "")},
        },
    )


@manager_required
def invite(request):
    form = TrainerInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            trainer = services.trainer_invite(invited_by=request.user, **form.cleaned_data)
        except TrainersError as error:
            form_error_from(form, error)
        else:
            messages.success(request, f"We have emailed an invitation to {trainer.user.email}.")
            return redirect("trainers:directory")
    return render(request, "trainers/trainer_invite.html", {"form": form})


@manager_required
def trainer_edit(request, pk: int):
    trainer = selectors.trainer_get(pk=pk)
    has_pairings = trainer_has_pairings(trainer)
    form = TrainerManageForm(request.POST or None, instance=trainer, has_pairings=has_pairings)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "topics"}
        try:
            services.trainer_update(
                trainer=trainer, fields=fields, topics=form.cleaned_data["topics"]
            )
        except TrainersError as error:
            form_error_from(form, error)
        else:
            messages.success(request, f"{trainer.name}'s profile is saved.")
            return redirect("trainers:directory")
    return render(request, "trainers/trainer_form.html", {"form": form, "trainer": trainer})
