from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from recovery_college.accounts.permissions import manager_or_404
from recovery_college.forms import form_error_from

from .. import selectors, services
from ..errors import WorkshopsError
from ..forms import CapacityForm, ScheduleForm
from ..models import Course


def _forms(course, data=None, which=None):
    sessions = selectors.course_sessions_by_number(course=course)
    rows = []
    for number in range(1, course.session_count + 1):
        session = sessions.get(number)
        initial = (
            {
                "starts_at": session.starts_at,
                "room": session.room_id,
                "online_link": session.online_link,
            }
            if session
            else {}
        )
        prefix = f"s{number}"
        bound = data if which == prefix else None
        rows.append((number, session, ScheduleForm(bound, prefix=prefix, initial=initial)))
    weekly = ScheduleForm(data if which == "weekly" else None, prefix="weekly")
    places = CapacityForm(
        data if which == "places" else None,
        prefix="places",
        initial={"capacity": course.capacity, "term": course.term_id},
    )
    return rows, weekly, places


@manager_or_404
def course_schedule(request, pk: int):
    course = selectors.course_get_for(user=request.user, pk=pk)
    if course.is_template:
        raise Http404
    which = request.POST.get("form") if request.method == "POST" else None
    rows, weekly, places = _forms(course, request.POST or None, which)
    form = {"weekly": weekly, "places": places}.get(which) or next(
        (f for n, s, f in rows if f.prefix == which), None
    )
    if form is not None and form.is_valid():
        try:
            _save(request, course, which, form)
        except WorkshopsError as error:
            form_error_from(form, error)
        else:
            return redirect("workshops:course-schedule", pk=course.pk)
    return render(
        request,
        "workshops/course_schedule.html",
        {
            "course": course,
            "rows": rows,
            "weekly": weekly,
            "places": places,
            "failed": form if form is not None and form.errors else None,
        },
    )


def _save(request, course: Course, which: str, form) -> None:
    data = form.cleaned_data
    if which == "places":
        services.course_capacity_set(
            course=course, user=request.user, capacity=data["capacity"], term=data["term"]
        )
        messages.success(request, "Places and term saved.")
    elif which == "weekly":
        services.sessions_schedule_weekly(
            course=course,
            user=request.user,
            first_starts_at=data["starts_at"],
            room=data["room"],
            online_link=data["online_link"],
        )
        messages.success(request, "Every session is scheduled, a week apart.")
    else:
        number = int(which[1:])
        services.session_schedule(
            course=course,
            user=request.user,
            number=number,
            starts_at=data["starts_at"],
            room=data["room"],
            online_link=data["online_link"],
        )
        messages.success(request, f"Session {number} is scheduled.")
