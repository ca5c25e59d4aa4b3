from django.conf import settings
from django.utils import timezone

from .middleware import STAFF_EXTENDED_KEY


def roles(request):
    """Role flags for the navigation, computed once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_trainer": False, "is_manager": False}
    is_trainer, is_manager = user.is_trainer, user.is_manager
    staff = is_trainer or is_manager
    return {
        "is_trainer": is_trainer,
        "is_manager": is_manager,
        # Staff are logged out after this many idle seconds (the page warns them first).
        "idle_timeout": idle_seconds_left(request) if staff else None,
        "idle_warning": settings.STAFF_IDLE_WARNING_SECONDS if staff else None,
        "idle_warning_words": _duration(settings.STAFF_IDLE_WARNING_SECONDS),
    }


def idle_seconds_left(request) -> int:
    """Seconds until the session expires if nothing else happens: the expiry is pushed on
    at most once a minute (StaffIdleTimeoutMiddleware), so count from when it last was."""
    now = int(timezone.now().timestamp())
    extended_at = request.session.get(STAFF_EXTENDED_KEY, now)
    return settings.STAFF_IDLE_TIMEOUT_SECONDS - max(0, now - extended_at)


def _duration(seconds: int) -> str:
    """'2 minutes', '1 minute', '45 seconds'."""
    if seconds >= 60:
        minutes = seconds // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"
