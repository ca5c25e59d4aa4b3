from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from .. import selectors, services
from ..errors import WorkshopsError
from ..models import Course


@login_required
def course_publish(request, pk: int):
    """Lists every publishing condition, met or not, each linking to where it is fixed;
    publishes when all are met. Managers, and the pair when the college allows it."""
    course = selectors.course_get_for(user=request.user, pk=pk)
    if course.is_template or not services.may_publish(user=request.user, course=course):
        raise Http404
    if request.method == "POST":
        try:
            services.course_publish(course=course, user=request.user)
        except WorkshopsError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"“{course.title}” is published.")
            return redirect("workshops:course-detail", pk=course.pk)
    conditions = services.publish_conditions(course=course, user=request.user)
    return render(
        request,
        "workshops/course_publish.html",
        {
            "course": course,
            "conditions": conditions,
            "all_met": all(c.met for c in conditions),
            "published": course.status == Course.Status.PUBLISHED,
        },
    )
