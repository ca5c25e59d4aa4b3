from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from recovery_college.accounts.permissions import manager_or_404

from .. import selectors, services
from ..errors import WorkshopsError
from ..models import Course


@manager_or_404
def course_publish(request, pk: int):
    """Lists every publishing condition, met or not, each linking to where it is fixed;
    publishes when all are met."""
    course = selectors.course_get_for(user=request.user, pk=pk)
    if course.is_template:
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
