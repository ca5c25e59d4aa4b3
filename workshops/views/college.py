"""The College page (managers' overview of the current and last term) and the college's
settings."""

from django.contrib import messages
from django.shortcuts import redirect, render

from recovery_college.accounts.permissions import manager_or_404, manager_required
from recovery_college.accounts.selectors import student_count
from trainers.selectors import college_trainer_summary

from .. import selectors
from ..forms import CollegeSettingsForm
from ..models import CollegeSettings
from ..selectors.cover import cover_requests_open


@manager_required
def college_overview(request):
    return render(
        request,
        "workshops/college_overview.html",
        {
            "student_count": student_count(),
            **selectors.college_overview(),
            **college_trainer_summary(),
            "needs_cover": cover_requests_open(),
        },
    )


@manager_or_404
def college_settings(request):
    form = CollegeSettingsForm(request.POST or None, instance=CollegeSettings.load())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("workshops:college-overview")
    return render(request, "workshops/college_settings.html", {"form": form})
