from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .permissions import can_view_my_workshops


@login_required
def my_workshops(request):
    if not can_view_my_workshops(request.user):
        raise PermissionDenied("Only trainers have workshops to plan.")
    return render(request, "trainers/my_workshops.html", {"trainer": request.user.trainer_profile})
