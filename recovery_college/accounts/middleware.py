from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import resolve_url


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


class HtmxLoginRedirectMiddleware:
    """After a logout (an idle timeout, or logging out in another tab), an htmx request
    would follow the log-in redirect inside the page and swap the whole log-in page into
    the editor. Instead it answers `HX-Redirect`: the browser goes to the log-in page,
    which returns to the page the person was on (from htmx's `HX-Current-URL`, kept to its
    path so it never leaves this site)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.headers.get("HX-Request") != "true" or response.status_code != 302:
            return response
        login_url = resolve_url(settings.LOGIN_URL)
        if not response.get("Location", "").startswith(login_url):
            return response
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        back = current.path or "/"
        if current.query:
            back += "?" + current.query
        answer = HttpResponse(status=200)
        answer["HX-Redirect"] = f"{login_url}?{urlencode({'next': back})}"
        return answer
