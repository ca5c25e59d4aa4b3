"""The session plan editor. Every action is a plain form POST that works without
JavaScript (it redirects back to the plan); with htmx it swaps the plan in place."""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template import Context, Template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from recovery_college.forms import int_from
from recovery_college.snapshot_pages import kept_while_unchanged
from trainers.selectors import agreement_current_sections

from .. import selectors, services
from ..errors import StaleEdit, WorkshopsError
from ..forms import PlanStartForm, SectionForm
from ..models import Section
from ..permissions import can_comment, can_edit_course, can_view_plan
from ..plain_language import check_fields
from .helpers import require_edit, url_maker

SECTION_TEXTS = ("title", "activity", "materials")
LEADS = dict(Section.Lead.choices)


def _plan_url(course, number: int, anchor: str = "") -> str:
    url = reverse("workshops:plan-edit", args=[course.pk, number])
    return f"{url}#{anchor}" if anchor else url


def _stale(course, base_version, current_version, message):
    compared = selectors.course_versions_compare(
        course=course, old=base_version, new=current_version
    )
    return {"message": message, "new": compared.new, "rows": compared.changed_rows}


# Stands where the course's version goes while the blank add-section form is drawn; no
# course is edited two thousand million times.
_VERSION_MARK = 2_000_000_001
_CRISPY = Template("{% load crispy_forms_tags %}{% crispy form %}")


def _blank_add_form_drawn() -> tuple[str, str]:
    """The add-section form as crispy draws it with nothing typed, cut where its version
    goes. Nothing else in it varies (labels, choices and defaults are fixed), so it is drawn
    once per process: crispy's templates were a fifth of the plan editor's time. A form
    with errors, or typed values to keep, is drawn by crispy each time."""
    form = SectionForm(
        prefix="add",
        initial={"version": _VERSION_MARK, "minutes": 15, "lead": Section.Lead.SHARED},
    )
    before, after = _CRISPY.render(Context({"form": form})).split(f'value="{_VERSION_MARK}"')
    return before, after


_blank_add_form_kept = functools.cache(_blank_add_form_drawn)


def _blank_add_form(version: int) -> SafeString:
    # Drawn afresh with DEBUG on, so an edited form template shows at once.
    before, after = (_blank_add_form_drawn if settings.DEBUG else _blank_add_form_kept)()
    return mark_safe(f'{before}value="{int(version)}"{after}')  # noqa: S308 - our own markup


def _context(
    request,
    course,
    number,
    *,
    add_form=None,
    edit_form=None,
    editing=None,
    stale=None,
    start_form=None,
    status="",
    focus="",
):
    data = selectors.plan_editor(course=course, number=number)
    if callable(focus):
        focus = focus(data["sections"])
    hits = check_fields(
        {f"{s.pk}": " \n".join(getattr(s, f) for f in SECTION_TEXTS) for s in data["sections"]}
    )
    for section in data["sections"]:
        section.jargon = hits.get(str(section.pk), [])
        # Made once here rather than by template filters (as `time:"H:i"` draws them).
        section.times = f"{section.starts_at:%H:%M}–{section.ends_at:%H:%M}"
        section.lead_label = LEADS.get(section.lead, section.lead)
    can_edit = can_edit_course(request.user, course)
    if can_edit:  # each section's buttons: reversed once, not three times per section
        move, edit, delete = (
            url_maker(f"workshops:section-{action}", course.pk)
            for action in ("move", "edit", "delete")
        )
        for section in data["sections"]:
            section.move_url = move(section.pk)
            section.edit_url = edit(section.pk)
            section.delete_url = delete(section.pk)
    version = course.version
    signoff = selectors.course_signoff(course=course) if course.pairing_id else None
    me = course.pairing.trainer_for(request.user) if course.pairing_id else None
    return {
        "course": course,
        **data,
        "can_edit": can_edit,
        "comments_url": reverse("workshops:course-detail", args=[course.pk]) + "#comments",
        "can_comment": can_comment(request.user, course),
        # A form that came back with errors, drawn with them; else the blank form's markup.
        "add_form": add_form,
        "blank_add_form": None if add_form else _blank_add_form(version),
        "start_form": start_form
        or PlanStartForm(initial={"version": version, "starts_at": data["plan"].starts_at}),
        "edit_form": edit_form,
        "signoff": signoff,
        # Whether the line offers "I agree": asked in this order, an agreed course reads
        # no sign-offs.
        "may_agree": bool(
            can_edit and signoff and not signoff.agreed and not (me and me.pk in signoff.agreed_ids)
        ),
        "status": status,
        "focus": focus,
        "editing": editing,
        "stale": stale,
    }


def _render(request, course, number, **kwargs):
    template = "workshops/partials/plan_body.html" if request.htmx else "workshops/plan_edit.html"
    return render(request, template, _context(request, course, number, **kwargs))


@login_required
@kept_while_unchanged  # inside the permission check, which runs every time
def plan_edit(request, pk: int, number: int):
    course = selectors.course_for_plan(user=request.user, pk=pk)
    if not can_view_plan(request.user, course):
        raise Http404
    return render(request, "workshops/plan_edit.html", _context(request, course, number))


AGREE_AGAIN = (
    " You had both agreed this course, so you will both need to agree it again"
    " (the change is saved)."
)


def _heading(section_pk) -> str:
    return f"section-title-{section_pk}"


def _after(request, course, number, message, anchor="", focus=""):
    """After a change: with htmx, the plan again, marked with where focus goes next
    (`data-focus`, ids tried in turn) and what the live region says (`data-status`);
    without, a redirect to the plan with a message."""
    before = course.version
    course.refresh_from_db()
    if course.version != before and selectors.version_was_agreed(course=course, version=before):
        message += AGREE_AGAIN
    if request.htmx:
        return _render(request, course, number, status=message, focus=focus)
    messages.success(request, message)
    return redirect(_plan_url(course, number, anchor))


def _refused(request, course, number, error, **kwargs):
    course.refresh_from_db()
    base = kwargs.pop("base", None)
    if isinstance(error, StaleEdit):
        kwargs["stale"] = _stale(course, base, error.current_version, error.message)
    else:
        kwargs["stale"] = {"message": error.message, "rows": []}
    return _render(request, course, number, status=error.message, **kwargs)


def _retyped(form, version):
    """The same typed values, now based on the latest version."""
    data = form.data.copy()
    data[form.add_prefix("version")] = str(version)
    again = SectionForm(data, prefix=form.prefix)
    again.is_valid()
    return again


@login_required
@require_POST
def section_add(request, pk: int, number: int):
    course = selectors.course_get_for(user=request.user, pk=pk)
    require_edit(request.user, course)
    plan = selectors.plan_get(course=course, number=number)
    form = SectionForm(request.POST, prefix="add")
    if not form.is_valid():
        return _render(request, course, number, add_form=form)
    try:
        section = services.section_add(
            plan=plan,
            user=request.user,
            base_version=form.cleaned_data["version"],
            **form.fields_for_service(),
        )
    except WorkshopsError as error:
        course.refresh_from_db()
        return _refused(
            request,
            course,
            number,
            error,
            base=form.cleaned_data["version"],
            add_form=_retyped(form, course.version),
        )
    return _after(
        request,
        course,
        number,
        f"“{section.title}” is added.",
        f"section-{section.pk}",
        focus=_heading(section.pk),
    )


def _section(course, section_pk):
    return selectors.section_get(course=course, pk=section_pk)


@login_required
def section_edit(request, pk: int, section_pk: int):
    course = selectors.course_get_for(user=request.user, pk=pk)
    require_edit(request.user, course)
    section = _section(course, section_pk)
    number = section.plan.number
    prefix = f"s{section.pk}"
    if request.method != "POST":
        form = SectionForm(instance=section, initial={"version": course.version}, prefix=prefix)
        if request.htmx:
            return render(
                request,
                "workshops/partials/section_form_row.html",
                {
                    "course": course,
                    "section": section,
                    "form": form,
                    "row_focus": form["title"].id_for_label,
                    "row_status": f"Editing “{section.title}”.",
                },
            )
        return render(
            request,
            "workshops/section_form.html",
            {"course": course, "section": section, "form": form},
        )
    form = SectionForm(request.POST, instance=Section(plan=section.plan), prefix=prefix)
    if not form.is_valid():
        if request.htmx:
            first_error = next((n for n in form.fields if n in form.errors), "title")
            return _render(
                request,
                course,
                number,
                edit_form=form,
                editing=section.pk,
                status="There is a problem with the section: " + form.errors[first_error][0],
                focus=form[first_error].id_for_label,
            )
        return render(
            request,
            "workshops/section_form.html",
            {"course": course, "section": section, "form": form},
        )
    try:
        services.section_update(
            section=section,
            user=request.user,
            base_version=form.cleaned_data["version"],
            **form.fields_for_service(),
        )
    except WorkshopsError as error:
        course.refresh_from_db()
        retyped = _retyped(form, course.version)
        if request.htmx:
            return _refused(
                request,
                course,
                number,
                error,
                base=form.cleaned_data["version"],
                edit_form=retyped,
                editing=section.pk,
            )
        stale = (
            _stale(course, form.cleaned_data["version"], error.current_version, error.message)
            if isinstance(error, StaleEdit)
            else {"message": error.message, "rows": []}
        )
        return render(
            request,
            "workshops/section_form.html",
            {"course": course, "section": section, "form": retyped, "stale": stale},
        )
    return _after(
        request,
        course,
        number,
        "The section is saved.",
        f"section-{section.pk}",
        focus=_heading(section.pk),
    )


@login_required
@require_POST
def section_delete(request, pk: int, section_pk: int):
    course = selectors.course_get_for(user=request.user, pk=pk)
    require_edit(request.user, course)
    section = _section(course, section_pk)
    number, title, position = section.plan.number, section.title, section.position
    base = _version(request)
    try:
        services.section_delete(section=section, user=request.user, base_version=base)
    except WorkshopsError as error:
        return _refused(request, course, number, error, base=base)

    def next_section(sections):
        """The section that took its place, else the one before it, else the list."""
        after = [s for s in sections if s.position >= position]
        nearest = after[0] if after else (sections[-1] if sections else None)
        return _heading(nearest.pk) if nearest else "plan-sections-title"

    return _after(
        request,
        course,
        number,
        f"“{title}” is deleted. You can bring it back from the history.",
        focus=next_section,
    )


@login_required
@require_POST
def section_move(request, pk: int, section_pk: int):
    course = selectors.course_get_for(user=request.user, pk=pk)
    require_edit(request.user, course)
    section = _section(course, section_pk)
    number = section.plan.number
    base = _version(request)
    direction = request.POST.get("direction", "")
    try:
        services.section_move(
            section=section, user=request.user, base_version=base, direction=direction
        )
    except WorkshopsError as error:
        return _refused(request, course, number, error, base=base)
    # Focus stays on the same button while the section can move that way again, else its
    # heading.
    return _after(
        request,
        course,
        number,
        f"“{section.title}” moved {direction}.",
        f"section-{section.pk}",
        focus=f"move-{direction}-{section.pk} {_heading(section.pk)}",
    )


@login_required
@require_POST
def plan_start(request, pk: int, number: int):
    course = selectors.course_get_for(user=request.user, pk=pk)
    require_edit(request.user, course)
    plan = selectors.plan_get(course=course, number=number)
    form = PlanStartForm(request.POST)
    if not form.is_valid():
        return _render(request, course, number, start_form=form)
    try:
        services.plan_update(
            plan=plan,
            user=request.user,
            base_version=form.cleaned_data["version"],
            starts_at=form.cleaned_data["starts_at"],
        )
    except WorkshopsError as error:
        return _refused(request, course, number, error, base=form.cleaned_data["version"])
    return _after(
        request,
        course,
        number,
        "The start time is saved. Times are updated.",
        focus="plan-sections-title",
    )


def _version(request) -> int:
    return int_from(request.POST, "version", 0)


@login_required
def run_sheet(request, pk: int, number: int):
    course = selectors.course_get_for(user=request.user, pk=pk)
    if not can_view_plan(request.user, course):
        raise Http404
    data = selectors.plan_editor(course=course, number=number)
    reminders = agreement_current_sections(pairing_id=course.pairing_id)
    return render(
        request,
        "workshops/run_sheet.html",
        {"course": course, **data, "reminders": [r for r in reminders if r["text"]]},
    )
