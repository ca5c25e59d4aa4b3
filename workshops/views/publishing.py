from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from recovery_college.errors import DomainError

from .. import selectors, services
from ..models import Course
from ..permissions import can_publish, is_course_trainer

# Where each publishing condition is put right: (link text, URL name, its argument).
FIXES = {
    "agreed": ("See who has agreed", "workshops:course-detail", "course"),
    "pairing_active": ("Open the pairing", "trainers:pairing-detail", "pairing"),
    "no_decision_waiting": ("Open the pairing", "trainers:pairing-detail", "pairing"),
    "agreement_in_force": ("Open the co-working agreement", "trainers:agreement-detail", "pairing"),
    "public_names": ("Choose how your name appears", "trainers:public-name", None),
    "term": ("Choose the term", "workshops:course-schedule", "course"),
    "sessions_scheduled": ("Schedule the sessions", "workshops:course-schedule", "course"),
    "sessions_in_term": ("Move the sessions", "workshops:course-schedule", "course"),
    "places": ("Set the places", "workshops:course-schedule", "course"),
}


@dataclass(frozen=True)
class ConditionRow:
    met: bool
    text: str
    fix_label: str
    fix_url: str


def _with_fixes(course: Course, conditions, user) -> list[ConditionRow]:
    ids = {"course": course.pk, "pairing": course.pairing_id}
    rows = []
    for condition in conditions:
        label, url_name, arg = FIXES[condition.code]
        if arg is None:  # the trainer's own choice: a link only for the course's trainers
            url = reverse(url_name) if is_course_trainer(user, course) else ""
            label = label if url else "Each trainer chooses this when they next log in"
        else:
            url = reverse(url_name, args=[ids[arg]])
        rows.append(ConditionRow(condition.met, condition.text, label, url))
    return rows


@login_required
def course_publish(request, pk: int):
    """Lists every publishing condition, met or not, each linking to where it is fixed;
    publishes when all are met. Managers, and the pair when the college allows it."""
    course = selectors.course_get_for(user=request.user, pk=pk)
    if course.is_template or not can_publish(request.user, course):
        raise Http404
    if request.method == "POST":
        try:
            services.course_publish(course=course, user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"“{course.title}” is published.")
            return redirect("workshops:course-detail", pk=course.pk)
    conditions = selectors.publish_conditions(course=course)
    return render(
        request,
        "workshops/course_publish.html",
        {
            "course": course,
            "conditions": _with_fixes(course, conditions, request.user),
            "all_met": all(c.met for c in conditions),
            "published": course.status == Course.Status.PUBLISHED,
            "waiting": any(c.code == "agreed" and not c.met for c in conditions),
        },
    )
