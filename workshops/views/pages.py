from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from recovery_college.accounts.permissions import manager_required
from recovery_college.accounts.selectors import student_count
from trainers.selectors import college_trainer_summary


def prospectus(request):
    """The public prospectus. Courses arrive with the scheduling issue; until then it says
    plainly that nothing is published."""
    return render(request, "workshops/prospectus.html", {"courses": []})


@login_required
def my_courses(request):
    return render(request, "workshops/my_courses.html", {"enrolments": []})


@manager_required
def college_overview(request):
    return render(
        request,
        "workshops/college_overview.html",
        {"student_count": student_count(), **college_trainer_summary()},
    )
