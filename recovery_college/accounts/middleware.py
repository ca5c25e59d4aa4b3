from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils import timezone


class RolesMiddleware:
    """Looks up the logged-in person's roles once per request, in one query (see
    `User.roles_remember`): the middleware below, the navigation and the permission
    checks then ask `is_trainer` / `is_manager` without touching the database again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user.roles_remember()
        return self.get_response(request)


STAFF_EXTENDED_KEY = "_staff_extended_at"
# Push a staff session's expiry on only when it was last pushed longer ago than this, so
# the session row is not rewritten on every request (the idle timeout is then between 29
# and 30 minutes).
STAFF_EXTEND_EVERY_SECONDS = 60


class StaffIdleTimeoutMiddleware:
    """Trainers and managers see private data, so their sessions end after 30 idle minutes.

    A request from them pushes the expiry 30 minutes into the future (at most once a
    minute: the session is saved only then); once a request arrives later than that,
    Django finds the session expired and they are logged out. Students keep the ordinary
    long session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and (user.is_trainer or user.is_manager):
            now = int(timezone.now().timestamp())
            if now - request.session.get(STAFF_EXTENDED_KEY, 0) >= STAFF_EXTEND_EVERY_SECONDS:
                staff_session_extend(request.session, now=now)
        return self.get_response(request)


def staff_session_extend(session, *, now: int | None = None) -> None:
    """End the session STAFF_IDLE_TIMEOUT_SECONDS from now (and remember when)."""
    session.set_expiry(settings.STAFF_IDLE_TIMEOUT_SECONDS)
    session[STAFF_EXTENDED_KEY] = now if now is not None else int(timezone.now().timestamp())


def staff_session_start(sender, request, user, **kwargs):
    """On logging in (user_logged_in), a trainer's or manager's session gets its idle
    timeout (and a trainer's its mark, see SwitchedOffTrainerMiddleware) at once, so their
    first request need not write the session again."""
    session = getattr(request, "session", None)
    if session is not None and (user.is_trainer or user.is_manager):
        staff_session_extend(session)
        if user.is_trainer:
            session[TRAINER_SESSION_KEY] = True


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
