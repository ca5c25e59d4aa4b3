"""The course's people, for its trainers and managers: the register, the sign-in sheet,
who is enrolled and waiting (with CSV export), feedback results."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from recovery_college.accounts.permissions import manager_or_404
from recovery_college.errors import DomainError

from .. import selectors, services
from ..models import Attendance, Course
from ..permissions import can_see_goal, can_see_roster, is_manager, is_session_trainer


def _roster_course(request, pk: int, number: int | None = None) -> Course:
    """The course, for its trainers and managers; for session `number` also for the
    trainer covering that session."""
    course = selectors.course_get_for(user=request.user, pk=pk)
    if can_see_roster(request.user, course):
        return course
    if number is not None and is_session_trainer(
        request.user, selectors.course_session(course=course, number=number)
    ):
        return course
    raise Http404


def _with_privacy(user, enrolments) -> None:
    """Goals only where the viewer may see them (the trainers, when the student shared)."""
    for enrolment in enrolments:
        enrolment.visible_goal = enrolment.goal if can_see_goal(user, enrolment) else ""


def course_students(request, pk: int):
    """Enrolled, offers outstanding, waiting, and attendance per session."""
    course = _roster_course(request, pk)
    roster = selectors.course_roster(course=course)
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
    roster = selectors.course_roster(course=course)
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


def register(request, pk: int, number: int):
    """Take the register for one session: a row per enrolled student with two large
    radio buttons, usable on a tablet and with the keyboard."""
    course = _roster_course(request, pk, number)
    session = selectors.course_session(course=course, number=number)
    session.course = course
    enrolled = selectors.register_rows(session=session)
    error = ""
    if request.method == "POST":
        posted = {e.pk: request.POST.get(f"mark-{e.pk}", "") for e in enrolled}
        try:
            services.attendance_mark(session=session, user=request.user, marks=posted)
        except DomainError as problem:
            error = problem.message
            for enrolment in enrolled:  # show what was chosen, not what was saved
                enrolment.mark = posted[enrolment.pk]
        else:
            messages.success(request, f"The register for session {number} is saved.")
            return redirect("workshops:register", pk=course.pk, number=number)
    return render(
        request,
        "workshops/register.html",
        {
            "course": course,
            "session": session,
            "enrolled": enrolled,
            "error": error,
            "came": sum(1 for e in enrolled if e.mark == "present"),
            "opens_later": selectors.register_opens_later(session),
        },
    )


def sign_in_sheet(request, pk: int, number: int):
    """A printable sheet for people to sign as they arrive."""
    course = _roster_course(request, pk, number)
    session = selectors.course_session(course=course, number=number)
    enrolled = selectors.register_rows(session=session)
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
        {"course": course, "summary": selectors.feedback_summary(course=course)},
    )
