"""Rolling a term's courses into another term (managers): choose the term and which
courses, read the preview (new dates, clashes, ended pairings, copies already made),
then confirm in one POST."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from recovery_college.accounts.permissions import manager_required
from recovery_college.errors import DomainError
from recovery_college.forms import form_error_from

from .. import services
from ..forms_rollover import RolloverForm
from ..selectors import rollover as reads
from ..selectors import venues as term_reads


def _done_messages(request, plan) -> None:
    copied = [item for item in plan.to_copy if item.copy is not None]
    if not copied:
        messages.info(
            request,
            f"Nothing was copied: the courses chosen are already in {plan.target.name} "
            "or need a new pairing.",
        )
        return
    messages.success(
        request,
        f"{len(copied)} course{'s' if len(copied) != 1 else ''} copied into "
        f"{plan.target.name} as drafts. Both trainers of each are emailed to agree "
        f"{'them' if len(copied) != 1 else 'it'} again.",
    )
    for item in copied:
        for session in item.clashes:
            messages.warning(
                request, f"“{item.copy.title}” session {session.number}: {session.clash}"
            )


@manager_required
def term_rollover(request, pk: int):
    source = term_reads.term_get(pk=pk)
    targets = reads.rollover_targets(source=source)
    pairings, topics = reads.rollover_filters(source=source)
    if request.method == "POST":
        data = request.POST
    else:
        data = request.GET if "target" in request.GET else None
    form = RolloverForm(
        data,
        source=source,
        targets=targets,
        pairings=pairings,
        topics=topics,
        course_ids=reads.rollover_course_ids(source=source) if request.method == "POST" else [],
    )
    plan = None
    if data is not None and form.is_valid():
        target = form.cleaned_data["target"]
        query = urlencode(
            {
                "target": target.pk,
                "pairing": form.cleaned_data["pairing"] or "",
                "topic": form.cleaned_data["topic"] or "",
            }
        )
        if request.method == "POST":
            try:
                done = services.term_rollover(
                    user=request.user,
                    source=source,
                    target=target,
                    course_ids=form.cleaned_data["course"],
                )
            except DomainError as error:
                form_error_from(form, error)
            else:
                _done_messages(request, done)
                return redirect(reverse("workshops:term-rollover", args=[source.pk]) + "?" + query)
        courses = reads.rollover_source_courses(
            source=source,
            pairing_id=form.cleaned_data["pairing"],
            topic_id=form.cleaned_data["topic"],
        )
        try:
            plan = reads.rollover_plan(source=source, target=target, courses=courses)
        except DomainError as error:
            form_error_from(form, error)
    ticked = (
        set(form.cleaned_data.get("course") or [])
        if request.method == "POST" and hasattr(form, "cleaned_data")
        else None
    )
    return render(
        request,
        "workshops/term_rollover.html",
        {"source": source, "form": form, "plan": plan, "ticked": ticked},
    )
