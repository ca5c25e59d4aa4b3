from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from recovery_college.accounts.permissions import manager_required
from recovery_college.accounts.selectors import student_count
from trainers.models import Trainer
from trainers.selectors import trainer_list_for_college


def prospectus(request):
    """The public prospectus. Courses arrive with the scheduling issue; until then it says
    plainly that nothing is published."""
    return render(request, "workshops/prospectus.html", {"courses": []})


@login_required
def my_courses(request):
    return render(request, "workshops/my_courses.html", {"enrolments": []})


@manager_required
def college_overview(request):
    kind = request.GET.get("kind") or None
    if kind not in (None, *Trainer.Kind.values):
        kind = None
    trainers = trainer_list_for_college(kind=kind)
    return render(
        request,
        "workshops/college_overview.html",
        {
            "trainers": trainers,
            "kind": kind,
            "kinds": Trainer.Kind.choices,
            "student_count": student_count(),
        },
    )
