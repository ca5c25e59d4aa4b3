"""Managers' changes after publishing: taking a course off the prospectus, cancelling it
or one of its sessions. Each asks why; the people affected are emailed the reason."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from recovery_college.accounts.permissions import manager_or_404
from recovery_college.errors import DomainError
from recovery_college.forms import form_error_from

from .. import selectors, services
from ..forms import ReasonForm
from ..models import Course


def _reason_page(request, course, *, action, title, intro, button, done, done_url):
    """A change after publishing that asks why (the people affected are emailed it):
    `action(reason)` does it; then `done` is shown and the page goes to `done_url`."""
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data["reason"])
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(request, done)
            return redirect(done_url)
    holders = selectors.course_live_enrolment_count(course)
    return render(
        request,
        "workshops/reason_form.html",
        {
            "course": course,
            "form": form,
            "title": title,
            "intro": intro,
            "button": button,
            "holders": holders,
        },
    )


@manager_or_404
def course_unpublish(request, pk: int):
    course = selectors.course_get_for(user=request.user, pk=pk)
    if course.status != Course.Status.PUBLISHED:
        raise Http404
    return _reason_page(
        request,
        course,
        action=lambda reason: services.course_unpublish(
            course=course, user=request.user, reason=reason
        ),
        title=f"Take “{course.title}” off the prospectus",
        intro="The course leaves the prospectus and nobody new can enrol. Students keep "
        "their places and waiting-list positions, and are told why.",
        button="Take it off the prospectus",
        done=f"“{course.title}” is off the prospectus.",
        done_url=reverse("workshops:course-detail", args=[course.pk]),
    )


@manager_or_404
def course_cancel(request, pk: int):
    course = selectors.course_get_for(user=request.user, pk=pk)
    if course.is_template or course.status in (Course.Status.CANCELLED, Course.Status.ARCHIVED):
        raise Http404
    return _reason_page(
        request,
        course,
        action=lambda reason: services.course_cancel(
            course=course, user=request.user, reason=reason
        ),
        title=f"Cancel “{course.title}”",
        intro="Every session still to come is cancelled, every place and waiting-list entry "
        "ends, and the students and both trainers are emailed the reason. Sessions that "
        "have happened keep their registers. This cannot be undone.",
        button="Cancel the course",
        done=f"“{course.title}” is cancelled. Everyone affected is told.",
        done_url=reverse("workshops:course-detail", args=[course.pk]),
    )


@manager_or_404
def session_cancel(request, pk: int, number: int):
    course = selectors.course_get_for(user=request.user, pk=pk)
    session = selectors.course_session(course=course, number=number)
    return _reason_page(
        request,
        course,
        action=lambda reason: services.session_cancel(
            course=course, user=request.user, number=number, reason=reason
        ),
        title=f"Cancel session {number} of “{course.title}”",
        intro=f"Session {number} on {timezone.localtime(session.starts_at):%A %-d %B at %H:%M} "
        "is cancelled. The students holding places and both trainers are emailed the reason. "
        "You can schedule it again afterwards.",
        button="Cancel the session",
        done=f"Session {number} is cancelled. Everyone affected is told.",
        done_url=reverse("workshops:course-schedule", args=[course.pk]),
    )
