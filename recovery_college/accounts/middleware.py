from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect


class StaffIdleTimeoutMiddleware:
    """Trainers and managers see private data, so their sessions end after 30 idle minutes.

    Each request from them pushes the expiry 30 minutes into the future; once a request
    arrives later than that, Django finds the session expired and they are logged out.
    Students keep the ordinary long session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and (user.is_trainer or user.is_manager):
            request.session.set_expiry(settings.STAFF_IDLE_TIMEOUT_SECONDS)
        return self.get_response(request)


TRAINER_SESSION_KEY = "_signed_in_as_trainer"


class SwitchedOffTrainerMiddleware:
    """A trainer a manager switched off loses access at once: the permission checks stop
    counting them (trainers/permissions.py `is_pair_member`), and every session they
    started as a trainer ends at their next request (they are logged out and told why).
    A session is marked when a trainer uses it, so logging in again afterwards is an
    ordinary student's session and is left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if user.is_trainer:
                if not request.session.get(TRAINER_SESSION_KEY):
                    request.session[TRAINER_SESSION_KEY] = True
            elif request.session.get(TRAINER_SESSION_KEY) and not user.is_manager:
                logout(request)
                messages.info(
                    request,
                    "You have been logged out because your trainer account was switched off. "
                    "Ask the college office if you think this is a mistake.",
                )
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)
