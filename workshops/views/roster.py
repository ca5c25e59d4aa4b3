"""The course's people, for its trainers and managers: the register, the sign-in sheet,
who is enrolled and waiting (with CSV export), feedback results; and managers' changes
after publishing (taking a course off the prospectus, cancelling it or a session)."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from recovery_college.accounts.permissions import manager_or_404

from .. import enrolment_reads, selectors, services
from ..errors import WorkshopsError
from ..forms import ReasonForm
from ..models import Attendance, Course, Enrolment, ScheduledSession
from ..permissions import can_see_goal, can_see_roster, is_manager
from .helpers import form_error_from


def _roster_course(request, pk: int) -> Course:
    course = selectors.course_get_for(user=request.user, pk=pk)
    if not can_see_roster(request.user, course):
        raise Http404
    return course


def _with_privacy(user, enrolments) -> None:
    """Goals only where the viewer may see them (the trainers, when the student shared)."""
    for enrolment in enrolments:
        enrolment.visible_goal = enrolment.goal if can_see_goal(user, enrolment) else ""


def course_students(request, pk: int):
    """Enrolled, offers outstanding, waiting, and attendance per session."""
    course = _roster_course(request, pk)
    roster = enrolment_reads.course_roster(course=course)
    for group in (roster.enrolled, roster.offered, roster.waiting):
        for enrolment in group:
            enrolment.course = course  # the permission checks need no extra query
        _with_privacy(request.user, group)
    return render(
        request,
        "workshops/course_students.html",
        {
            "course": course,
            "roster": roster,
            "is_manager": is_manager(request.user),
            "session_rows": [(s, roster.came[s.pk], roster.missed[s.pk]) for s in roster.sessions],
        },
    )


@manager_or_404
def course_students_csv(request, pk: int):
    """Managers' export: one row per live enrolment, with attendance per session. No goals
    (those are the student's own)."""
    course = selectors.course_get_for(user=request.user, pk=pk)
    roster = enrolment_reads.course_roster(course=course)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="course-{course.pk}-students.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["name", "email", "status", "since", "offer ends", "access needs"]
        + [
            f"session {s.number} ({timezone.localtime(s.starts_at):%Y-%m-%d})"
            for s in roster.sessions
        ]
    )
    for enrolment in roster.enrolled + roster.offered + roster.waiting:
        student = enrolment.student
        writer.writerow(
            [
                _csv_safe(student.full_name if student else "Former student"),
                _csv_safe(student.email if student else ""),
                enrolment.get_status_display(),
                timezone.localtime(enrolment.created_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(enrolment.offer_expires_at).strftime("%Y-%m-%d %H:%M")
                if enrolment.offer_expires_at
                else "",
                _csv_safe(enrolment.access_needs),
            ]
            + [dict(Attendance.Status.choices).get(m, "") for m in enrolment.marks]
        )
    return response


def _csv_safe(value: str) -> str:
    """Stop a spreadsheet treating typed text as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _session(course: Course, number: int) -> ScheduledSession:
    return get_object_or_404(
        ScheduledSession.objects.select_related("room__venue"),
        course=course,
        number=number,
        cancelled=False,
    )


def register(request, pk: int, number: int):
    """Take the register for one session: a row per enrolled student with two large
    radio buttons, usable on a tablet and with the keyboard."""
    course = _roster_course(request, pk)
    session = _session(course, number)
    session.course = course
    enrolled = list(
        Enrolment.objects.filter(course=course, status=Enrolment.Status.ENROLLED)
        .select_related("student")
        .order_by("student__full_name", "id")
    )
    marks = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "status"))
    error = ""
    if request.method == "POST":
        posted = {e.pk: request.POST.get(f"mark-{e.pk}", "") for e in enrolled}
        try:
            services.attendance_mark(session=session, user=request.user, marks=posted)
        except WorkshopsError as problem:
            error = problem.message
            marks = {k: v for k, v in posted.items() if v}
        else:
            messages.success(request, f"The register for session {number} is saved.")
            return redirect("workshops:register", pk=course.pk, number=number)
    for enrolment in enrolled:
        enrolment.mark = marks.get(enrolment.pk, "")
    return render(
        request,
        "workshops/register.html",
        {
            "course": course,
            "session": session,
            "enrolled": enrolled,
            "error": error,
            "came": sum(1 for e in enrolled if e.mark == "present"),
            "opens_later": services.register_opens_later(session),
        },
    )


def sign_in_sheet(request, pk: int, number: int):
    """A printable sheet for people to sign as they arrive."""
    course = _roster_course(request, pk)
    session = _session(course, number)
    enrolled = list(
        Enrolment.objects.filter(course=course, status=Enrolment.Status.ENROLLED)
        .select_related("student")
        .order_by("student__full_name", "id")
    )
    return render(
        request,
        "workshops/sign_in_sheet.html",
        {"course": course, "session": session, "enrolled": enrolled, "spare": range(3)},
    )


def course_feedback(request, pk: int):
    """Feedback results for the course's trainers and managers. Responses carry no name."""
    course = _roster_course(request, pk)
    return render(
        request,
        "workshops/course_feedback.html",
        {"course": course, "summary": enrolment_reads.feedback_summary(course=course)},
    )


def _reason_page(request, course, *, action, title, intro, button, done, done_url):
    """A change after publishing that asks why (the people affected are emailed it):
    `action(reason)` does it; then `done` is shown and the page goes to `done_url`."""
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data["reason"])
        except WorkshopsError as error:
            form_error_from(form, error)
        else:
            messages.success(request, done)
            return redirect(done_url)
    holders = Enrolment.objects.filter(course=course, status__in=Enrolment.LIVE).count()
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
    session = _session(course, number)
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
