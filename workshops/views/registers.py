"""The course's people, for its trainers and managers: the register, the sign-in sheet,
who is enrolled and waiting (with CSV export), feedback results."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from recovery_college.accounts.permissions import manager_or_404
from recovery_college.errors import DomainError
from recovery_college.forms import form_error_from

from .. import selectors, services
from ..errors import OverCapacity, WalkInRefused
from ..forms import WalkInForm
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
    """Managers' export: one row per live enrolment and per walk-in, with attendance per
    session. No goals (those are the student's own)."""
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
    for walk_in in roster.walk_ins:
        writer.writerow(
            [
                _csv_safe(walk_in.name),
                _csv_safe(walk_in.email),
                "Walk-in",
                timezone.localtime(walk_in.created_at).strftime("%Y-%m-%d %H:%M"),
                "",
                "",
            ]
            + [dict(Attendance.Status.choices).get(m, "") for m in walk_in.marks]
        )
    return response


def _csv_safe(value: str) -> str:
    """Stop a spreadsheet treating typed text as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def register(request, pk: int, number: int):
    """Take the register for one session: a row per enrolled student and per walk-in with
    two large radio buttons, usable on a tablet and with the keyboard, and a box to add
    someone who came without enrolling. One form: saving keeps every mark and adds the
    walk-in typed, so nothing is lost. Going over the room's capacity is a question, not
    a refusal: the page says so and offers "Save anyway"."""
    course = _roster_course(request, pk, number)
    session = selectors.course_session(course=course, number=number)
    session.course = course
    enrolled = selectors.register_rows(session=session)
    walk_ins = selectors.register_walk_ins(session=session)
    form = WalkInForm(prefix="walk_in")
    error, warning = "", ""
    if request.method == "POST":
        form = WalkInForm(request.POST, prefix="walk_in")
        posted = {e.pk: request.POST.get(f"mark-{e.pk}", "") for e in enrolled}
        posted_walk_ins = {w.pk: request.POST.get(f"walk-in-{w.pk}", "") for w in walk_ins}
        for row in enrolled:  # show what was chosen, not what was saved
            row.mark = posted[row.pk]
        for row in walk_ins:
            row.mark = posted_walk_ins[row.pk]
        adding = any(request.POST.get(f"walk_in-{f}", "").strip() for f in ("name", "email"))
        go_on = request.POST.get("action") == "anyway"
        try:
            if adding and not form.is_valid():
                raise _FormInvalid
            added = services.register_save(
                session=session,
                user=request.user,
                marks=posted,
                walk_in_marks=posted_walk_ins,
                walk_in=form.cleaned_data if adding else None,
                over_capacity_ok=go_on,
            )
        except _FormInvalid:
            pass
        except OverCapacity as problem:
            warning = problem.message
        except WalkInRefused as problem:
            form_error_from(form, problem)
        except DomainError as problem:
            error = problem.message
        else:
            messages.success(request, _saved_message(number, added))
            return redirect("workshops:register", pk=course.pk, number=number)
    came = sum(1 for row in enrolled + walk_ins if row.mark == "present")
    return render(
        request,
        "workshops/register.html",
        {
            "course": course,
            "session": session,
            "enrolled": enrolled,
            "walk_ins": walk_ins,
            "form": form,
            "error": error,
            "warning": warning,
            "came": came,
            "on_register": len(enrolled) + len(walk_ins),
            "opens_later": selectors.register_opens_later(session),
        },
    )


class _FormInvalid(Exception):
    """The walk-in's name or email needs fixing: nothing is saved."""


def _saved_message(number: int, added) -> str:
    saved = f"The register for session {number} is saved."
    if added is None:
        return saved
    if added.user_id:
        return f"{saved} {added.name} is added as a walk-in, linked to their account."
    if added.invited_at:
        return (
            f"{saved} {added.name} is added as a walk-in. We have emailed them an "
            "invitation to make an account."
        )
    return f"{saved} {added.name} is added as a walk-in."


def sign_in_sheet(request, pk: int, number: int):
    """A printable sheet for people to sign as they arrive."""
    course = _roster_course(request, pk, number)
    session = selectors.course_session(course=course, number=number)
    enrolled = selectors.register_rows(session=session)
    return render(
        request,
        "workshops/sign_in_sheet.html",
        {
            "course": course,
            "session": session,
            "enrolled": enrolled,
            "walk_ins": selectors.register_walk_ins(session=session),
            "spare": range(3),
        },
    )


def course_feedback(request, pk: int):
    """Feedback results for the course's trainers and managers. Responses carry no name."""
    course = _roster_course(request, pk)
    return render(
        request,
        "workshops/course_feedback.html",
        {"course": course, "summary": selectors.feedback_summary(course=course)},
    )
