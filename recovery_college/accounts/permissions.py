"""Role checks shared by every app. Deny by default."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def is_manager(user) -> bool:
    return user.is_authenticated and user.is_manager


def manager_required(view):
    """Managers only: anonymous people are asked to log in, everyone else gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_manager(request.user):
            raise PermissionDenied("Only college managers can open this page.")
        return view(request, *args, **kwargs)

    return wrapper


def manager_or_404(view):
    """Managers only, for pages whose existence is itself private: anonymous people are
    asked to log in, everyone else is told the page does not exist."""
    from django.http import Http404

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_manager(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
