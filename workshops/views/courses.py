from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from recovery_college.accounts.permissions import manager_or_404
from recovery_college.errors import DomainError
from recovery_college.forms import form_error_from, int_from

from .. import selectors, services
from ..errors import StaleEdit, WorkshopsError
from ..forms import CommentForm, CourseForm, CourseStartForm
from ..models import Course
from ..permissions import (
    can_comment,
    can_edit_course,
    can_message_students,
    can_publish,
    can_view_plan,
    is_manager,
)
from ..plain_language import check_fields, readability
from ..selectors.debriefs import course_changes_noted
from ..selectors.messages import RECENT_ON_COURSE_PAGE, course_messages
from .helpers import require_edit

GUIDED_FIELDS = ("title", "summary", "outcomes")
AGREE_AGAIN = (
    " You had both agreed this course, so you will both need to agree it again"
    " before it changes for students."
)


def _guidance(texts: dict) -> dict:
    """Plain-language guidance for the course's own words (it never blocks saving)."""
    texts = {name: texts.get(name) or "" for name in GUIDED_FIELDS}
    return {"jargon": check_fields(texts), "readability": readability(texts["summary"])}


def _course_texts(course) -> dict:
    return {name: getattr(course, name) for name in GUIDED_FIELDS}


@login_required
def course_list(request):
    user = request.user
    if is_manager(user):
        courses = selectors.course_list(user=user)
    elif user.is_trainer:
        courses = selectors.course_list_for_trainer(trainer=user.trainer_profile)
    else:
        raise Http404
    return render(
        request,
        "workshops/course_list.html",
        {
            "courses": courses,
            "templates": selectors.course_templates(),
        },
    )


@login_required
def course_create(request, pairing_pk: int):
    pairing = selectors.pairing_for_new_course(user=request.user, pk=pairing_pk)
    start = CourseStartForm(
        request.POST or None,
        templates=selectors.course_templates(),
        sources=selectors.course_list_for_trainer(trainer=request.user.trainer_profile),
        prefix="start",
    )
    form = CourseForm(request.POST or None)
    copying = request.POST.get("start-start_from") in ("template", "copy")
    if request.method == "POST" and start.is_valid() and (copying or form.is_valid()):
        try:
            if start.cleaned_data["start_from"] == "template":
                course = services.course_copy(
                    user=request.user, source=start.cleaned_data["template"], pairing=pairing
                )
            elif start.cleaned_data["start_from"] == "copy":
                course = services.course_copy(
                    user=request.user, source=start.cleaned_data["source"], pairing=pairing
                )
            else:
                course = services.course_create(
                    user=request.user, pairing=pairing, **form.details()
                )
        except WorkshopsError as error:
            form_error_from(start, error)
        else:
            messages.success(request, "Your draft course is ready. Plan its sessions together.")
            return redirect("workshops:course-detail", pk=course.pk)
    if copying:
        form = CourseForm()  # details come from the copy; don't show errors for them
    return render(
        request,
        "workshops/course_form.html",
        {"form": form, "start": start, "pairing": pairing, "creating": True},
    )


def _detail_context(request, course, comment_form=None) -> dict:
    me = course.pairing.trainer_for(request.user) if course.pairing_id else None
    signoff = selectors.course_signoff(course=course) if course.pairing_id else None
    working = course.working_copy()
    return {
        "course": course,
        "working": working,
        "live": signoff.live if signoff else None,
        "me": me,
        "can_edit": can_edit_course(request.user, course),
        "can_comment": can_comment(request.user, course),
        "is_manager": is_manager(request.user),
        "can_publish": not course.is_template and can_publish(request.user, course),
        "signoff": signoff,
        "i_agreed": bool(me and signoff and me.pk in signoff.agreed_ids),
        "balance": selectors.course_balance(course),
        "plans": selectors.course_plan_rows(course=course),
        "comments": selectors.course_comments(course=course),
        "comment_form": comment_form or CommentForm(course=course),
        "guidance": _guidance(_course_texts(working)),
        "changes_noted": course_changes_noted(course=course),
        "held_sessions": selectors.sessions_held(course=course),
        "course_messages": (
            course_messages(course=course, limit=RECENT_ON_COURSE_PAGE)
            if can_message_students(request.user, course)
            else None
        ),
    }


@login_required
def course_detail(request, pk: int):
    """The course's working page (plans, sign-off, comments): the pair and managers only,
    even once published. The public page of a published course is the prospectus's."""
    course = selectors.course_get_for(user=request.user, pk=pk)
    if not can_view_plan(request.user, course):
        raise Http404
    return render(request, "workshops/course_detail.html", _detail_context(request, course))


@login_required
def course_edit(request, pk: int):
    course = selectors.course_get_for(user=request.user, pk=pk)
    require_edit(request.user, course)
    form = CourseForm(request.POST or None, instance=course.working_copy())
    stale = None
    if request.method == "POST" and form.is_valid():
        base = form.cleaned_data.get("version") or course.version
        try:
            services.course_details_update(
                course=course, user=request.user, base_version=base, **form.details()
            )
        except StaleEdit as error:
            stale = _stale_context(course, base, error)
            data = request.POST.copy()
            data["version"] = str(error.current_version)
            course.refresh_from_db()
            form = CourseForm(data, instance=course.working_copy())
            form.is_valid()
            form.add_error(None, error.message)
        except WorkshopsError as error:
            form_error_from(form, error)
        else:
            text = "The course details are saved."
            if selectors.version_was_agreed(course=course, version=course.version):
                text += AGREE_AGAIN
            messages.success(request, text)
            return redirect("workshops:course-detail", pk=course.pk)
    guidance = _guidance(form.data if form.is_bound else _course_texts(course.working_copy()))
    return render(
        request,
        "workshops/course_form.html",
        {"form": form, "course": course, "stale": stale, "guidance": guidance},
    )


def _stale_context(course, base_version: int, error: StaleEdit) -> dict:
    compared = selectors.course_versions_compare(
        course=course, old=base_version, new=error.current_version
    )
    return {"message": error.message, "new": compared.new, "rows": compared.changed_rows}


@login_required
@require_POST
def course_agree(request, pk: int):
    course = selectors.course_get_for(user=request.user, pk=pk)
    require_edit(request.user, course)
    try:
        services.course_agree(
            course=course, user=request.user, version=int_from(request.POST, "version", 0)
        )
    except WorkshopsError as error:
        messages.error(request, error.message)
    else:
        course.refresh_from_db()
        if course.status == Course.Status.AGREED:
            messages.success(request, "You have both agreed this course.")
        else:
            messages.success(request, "You have agreed this version. Waiting for your co-trainer.")
    return redirect("workshops:course-detail", pk=pk)


@login_required
@require_POST
def comment_add(request, pk: int):
    course = selectors.course_get_for(user=request.user, pk=pk)
    if not can_comment(request.user, course):
        raise Http404
    form = CommentForm(request.POST, course=course)
    if form.is_valid():
        try:
            services.comment_add(
                course=course,
                user=request.user,
                body=form.cleaned_data["body"],
                section=form.cleaned_data.get("section"),
            )
        except WorkshopsError as error:
            form_error_from(form, error)
        else:
            messages.success(request, "Your comment is added.")
            return redirect(f"{course_url(course)}#comments")
    return render(request, "workshops/course_detail.html", _detail_context(request, course, form))


def course_url(course) -> str:
    from django.urls import reverse

    return reverse("workshops:course-detail", args=[course.pk])


@login_required
def course_history(request, pk: int):
    course = selectors.course_get_for(user=request.user, pk=pk)
    if course.status == Course.Status.PUBLISHED and not (
        is_manager(request.user) or can_comment(request.user, course)
    ):
        raise Http404  # the public sees the published course, not its working history
    return render(
        request,
        "workshops/course_history.html",
        {
            "course": course,
            "changes": selectors.course_history(course=course),
            "can_edit": can_edit_course(request.user, course),
        },
    )


@login_required
def course_compare(request, pk: int):
    course = selectors.course_get_for(user=request.user, pk=pk)
    if not (is_manager(request.user) or can_comment(request.user, course)):
        raise Http404
    new_v = int_from(request.GET, "to", course.version)
    old_v = int_from(request.GET, "from", max(new_v - 1, 1))
    compared = selectors.course_versions_compare(course=course, old=old_v, new=new_v)
    if not compared.found:
        messages.error(request, "There is no such version. Choose two versions from the list.")
        return redirect("workshops:course-history", pk=pk)
    return render(
        request,
        "workshops/course_compare.html",
        {
            "course": course,
            "old": compared.old,
            "new": compared.new,
            "rows": compared.rows,
            "can_edit": can_edit_course(request.user, course),
        },
    )


@login_required
@require_POST
def course_restore(request, pk: int):
    course = selectors.course_get_for(user=request.user, pk=pk)
    require_edit(request.user, course)
    version = int_from(request.POST, "restore", 0)
    try:
        services.course_restore(
            course=course,
            user=request.user,
            base_version=int_from(request.POST, "version", 0),
            version=version,
        )
    except StaleEdit:
        messages.error(
            request,
            "The course changed while you were looking at its history. Check the latest "
            "changes, then restore again if you still want to.",
        )
        return redirect("workshops:course-history", pk=pk)
    except WorkshopsError as error:
        messages.error(request, error.message)
        return redirect("workshops:course-history", pk=pk)
    text = f"Version {version} is restored as a new version."
    if selectors.version_was_agreed(course=course, version=course.version):
        text += AGREE_AGAIN
    messages.success(request, text)
    return redirect("workshops:course-detail", pk=pk)


@manager_or_404
@require_POST
def course_save_template(request, pk: int):
    course = selectors.course_get_for(user=request.user, pk=pk)
    template = services.course_template_save(user=request.user, source=course)
    messages.success(request, f"“{template.title}” is saved as a college template.")
    return redirect("workshops:course-list")


@login_required
@require_POST
def course_discard(request, pk: int):
    """Either trainer drops the changes waiting for agreement: back to the live version."""
    course = selectors.course_get_for(user=request.user, pk=pk)
    require_edit(request.user, course)
    try:
        services.course_changes_discard(
            course=course, user=request.user, base_version=int_from(request.POST, "version", 0)
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"The changes are discarded: the course is back to version {course.live_version}, "
            "which students see.",
        )
    return redirect("workshops:course-detail", pk=pk)
