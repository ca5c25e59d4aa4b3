from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from recovery_college.accounts.permissions import manager_or_404
from recovery_college.audit.models import AuditEvent
from recovery_college.audit.services import audit_record
from recovery_college.forms import form_error_from, int_from

from .. import selectors, services
from ..diff import version_diff
from ..errors import StaleEdit, TrainersError
from ..forms import AgreementForm, TemplateHeadingFormSet
from ..models import AgreementTemplate
from ..permissions import can_edit_agreement
from ..selectors import agreement_or_404


def _context(request, agreement, **extra):
    pairing = selectors.pairing_get_for(user=request.user, pk=agreement.pairing_id)
    return {
        "agreement": agreement,
        "pairing": pairing,
        "me": pairing.trainer_for(request.user),
        "can_edit": can_edit_agreement(request.user, agreement),
        **extra,
    }


@login_required
def agreement_detail(request, pk: int):
    agreement = agreement_or_404(request.user, pk)
    current = selectors.agreement_current(agreement=agreement)
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=agreement)
    context = _context(request, agreement, current=current)
    agreed_by = {consent.trainer_id for consent in current.consents.all()}
    context["agreed_by"] = agreed_by
    context["i_agreed"] = context["me"] is not None and context["me"].pk in agreed_by
    # Required headings not written yet: listed with links to their boxes; the Agree
    # button is not offered until there are none.
    context["missing"] = current.missing
    return render(request, "trainers/agreement_detail.html", context)


def _prompts() -> dict:
    return {h["heading"]: h.get("prompt", "") for h in AgreementTemplate.load().headings}


@login_required
def agreement_edit(request, pk: int):
    agreement = agreement_or_404(request.user, pk)
    if not can_edit_agreement(request.user, agreement):
        raise Http404
    current = selectors.agreement_current(agreement=agreement)
    form = AgreementForm(request.POST or None, version=current, prompts=_prompts())
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_edit(
                agreement=agreement,
                user=request.user,
                base_version=form.cleaned_data["base_version"],
                texts=form.texts(),
                review_date=form.cleaned_data["review_date"],
            )
        except StaleEdit as error:
            # Keep every word typed; show what the co-trainer changed; let the next save
            # build on the newest version.
            base, theirs = selectors.agreement_versions_pair(
                agreement=agreement,
                old=form.cleaned_data["base_version"],
                new=error.current_version,
            )
            stale = {
                "message": error.message,
                "theirs": theirs,
                "diff": version_diff(base, theirs) if base else None,
            }
            data = _merge_stale(request.POST, form, base, theirs)
            form = AgreementForm(data, version=theirs, prompts=_prompts())
            form.is_valid()
            form.add_error(None, error.message)
        except TrainersError as error:
            form_error_from(form, error)
        else:
            messages.success(request, "Your changes are saved as a new version.")
            return redirect("trainers:agreement-detail", pk=pk)
    return render(
        request,
        "trainers/agreement_form.html",
        _context(request, agreement, form=form, current=current, stale=stale),
    )


def _merge_stale(posted, form, base, theirs):
    """Rebuild the form after a stale save: boxes the person changed keep what they typed;
    boxes they left as they found them take the co-trainer's newer text, so saving again
    cannot quietly undo the co-trainer's change."""
    data = posted.copy()
    data["base_version"] = str(theirs.number)
    base_texts = [s["text"] for s in base.sections] if base else []
    for index, section in enumerate(theirs.sections):
        name = f"section_{index}"
        typed = form.cleaned_data.get(name, "")
        untouched = index < len(base_texts) and typed.strip() == base_texts[index].strip()
        if untouched:
            data[name] = section["text"]
    if base and form.cleaned_data.get("review_date") == base.review_date:
        data["review_date"] = theirs.review_date.isoformat()
    return data


@login_required
@require_POST
def agreement_consent(request, pk: int):
    agreement = agreement_or_404(request.user, pk)
    if not can_edit_agreement(request.user, agreement):
        raise Http404
    version = int_from(request.POST, "version")
    if version is None:
        messages.error(request, "Something went wrong with that form. Please try again.")
        return redirect("trainers:agreement-detail", pk=pk)
    try:
        services.agreement_consent(agreement=agreement, user=request.user, version=version)
    except TrainersError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"You have agreed version {version}.")
    return redirect("trainers:agreement-detail", pk=pk)


@login_required
def agreement_history(request, pk: int):
    agreement = agreement_or_404(request.user, pk)
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=agreement)
    return render(
        request,
        "trainers/agreement_history.html",
        _context(request, agreement, versions=selectors.agreement_versions(agreement=agreement)),
    )


@login_required
def agreement_diff(request, pk: int):
    agreement = agreement_or_404(request.user, pk)
    new_number = int_from(request.GET, "to", agreement.version)
    old_number = int_from(request.GET, "from", max(new_number - 1, 1))
    old, new = selectors.agreement_versions_pair(
        agreement=agreement, old=old_number, new=new_number
    )
    if old is None or new is None:
        messages.error(request, "There is no such version. Choose two versions from the list.")
        return redirect("trainers:agreement-history", pk=pk)
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=agreement)
    return render(
        request,
        "trainers/agreement_diff.html",
        _context(
            request,
            agreement,
            old=old,
            new=new,
            diff=version_diff(old, new),
        ),
    )


@login_required
def agreement_download(request, pk: int):
    agreement = agreement_or_404(request.user, pk)
    current = selectors.agreement_current(agreement=agreement)
    audit_record(actor=request.user, action=AuditEvent.Action.DOWNLOAD, obj=agreement)
    text = render_to_string(
        "trainers/agreement_download.txt",
        {"agreement": agreement, "pairing": agreement.pairing, "current": current},
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="co-working-agreement-{pk}-v{current.number}.txt"'
    )
    return response


@manager_or_404
def template_edit(request):
    template = AgreementTemplate.load()
    formset = TemplateHeadingFormSet(request.POST or None, initial=template.headings, prefix="h")
    if request.method == "POST" and formset.is_valid():
        headings = [
            form.cleaned_data
            for form in formset
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            services.agreement_template_update(user=request.user, headings=headings)
        except TrainersError as error:
            formset._non_form_errors = formset.error_class([error.message])
        else:
            messages.success(request, "The template is saved. New pairings start from it.")
            return redirect("trainers:agreement-template")
    return render(request, "trainers/agreement_template_form.html", {"formset": formset})
