from django.conf import settings


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
