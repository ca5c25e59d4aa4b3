"""Debriefs: a trainer files their own; the pair and managers read a session's debriefs.
Each support note shown is recorded in the audit log (who read which, never the text)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from recovery_college.audit.models import AuditEvent
from recovery_college.audit.services import audit_record
from recovery_college.errors import DomainError
from recovery_college.forms import form_error_from

from ..forms_delivery import DebriefForm
from ..selectors import debriefs as reads
from ..services import debriefs as debrief_services


@login_required
def debrief_edit(request, pk: int):
    debrief = reads.debrief_get_own(user=request.user, pk=pk)
    sections = list(debrief.sections.all())
    initial = None
    if debrief.submitted_at:
        initial = {
            "went_well": debrief.went_well,
            "change_next": debrief.change_next,
            "support_note": debrief.support_note,
            "support_readers": debrief.support_readers,
        }
    form = DebriefForm(request.POST or None, initial=initial, sections=sections)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            debrief_services.debrief_submit(
                debrief=debrief,
                user=request.user,
                leads=form.leads(),
                went_well=data["went_well"],
                change_next=data["change_next"],
                support_note=data["support_note"],
                support_readers=data["support_readers"],
            )
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, "Thank you: your debrief is filed.")
            return redirect("workshops:session-debriefs", session_pk=debrief.session_id)
    return render(
        request,
        "workshops/debrief_form.html",
        {
            "debrief": debrief,
            "session": debrief.session,
            "course": debrief.session.course,
            "form": form,
        },
    )


@login_required
def session_debriefs(request, session_pk: int):
    session = reads.session_get_for_debriefs(user=request.user, pk=session_pk)
    debriefs = reads.session_debriefs(user=request.user, session=session)
    for debrief in debriefs:
        if debrief.visible_support_note:
            audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=debrief)
    return render(
        request,
        "workshops/session_debriefs.html",
        {"session": session, "course": session.course, "debriefs": debriefs},
    )
