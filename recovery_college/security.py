"""HTTP and account protections in one place (issue 12): where a person may be sent after
logging in, the client address behind a proxy, the user name the log-in lockout counts,
rate limits on the cache, and two small header middlewares.

The README's security section says what each protects against and where it stops."""

import hashlib
import logging
import math
import time
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)

# The longest user name django-axes stores (its models' username columns).
AXES_USERNAME_MAX = 255


def safe_next(request, *, value: str | None = None) -> str:
    """The page to go to after signing up or logging in, if `next` (or `value`) is a path on
    this site; otherwise "". A bare word ("foo") would be taken for a URL name by
    `redirect()`, and "//evil" or "javascript:" would leave the site, so only a path that
    starts with a single "/" passes."""
    target = value if value is not None else (request.POST.get("next") or request.GET.get("next"))
    target = (target or "").strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return ""
    if any(unicodedata.category(char)[0] == "C" for char in target):  # NUL, CR, LF, ...
        return ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return target


def client_address(request) -> str:
    """The visitor's address as django-axes sees it (REMOTE_ADDR, or the address our own
    proxies put in X-Forwarded-For when TRUSTED_PROXY_COUNT says there are some), so the
    log-in lockout and the rate limits count the same person the same way."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "") or "unknown"


def axes_username(request, credentials) -> str:
    """The user name django-axes counts failures against: the email as the person would be
    found by it (case and surrounding spaces do not matter, as for logging in), cut to the
    length axes can store. Without this, `VICTIM@…` got five more guesses than `victim@…`."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    value = (credentials or {}).get(field)
    if value is None and request is not None:
        value = getattr(request, "POST", {}).get(field)
    return str(value or "").strip().lower()[:AXES_USERNAME_MAX]


# --- Rate limits -------------------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    """At most `tries` in each `window` for one key (an address or an account)."""

    name: str
    tries: int
    window: timedelta


# Generous for a person, tight for a script. Sign-up and reset send an email each time,
# so the per-account limits also stop anyone flooding someone's inbox.
SIGNUP_PER_ADDRESS = Limit("signup-address", 10, timedelta(hours=1))
SIGNUP_PER_EMAIL = Limit("signup-email", 3, timedelta(hours=1))
RESET_PER_ADDRESS = Limit("reset-address", 10, timedelta(hours=1))
RESET_PER_EMAIL = Limit("reset-email", 3, timedelta(hours=1))
# Wrong passwords typed to change a password or delete an account (only wrong ones count).
PASSWORD_CHECK_PER_ADDRESS = Limit("password-check-address", 20, timedelta(minutes=15))
PASSWORD_CHECK_PER_ACCOUNT = Limit("password-check-account", 5, timedelta(minutes=15))


def _bucket(limit: Limit, key: str) -> tuple[str, int]:
    """The cache key of the current window for `key`, and the seconds until it ends.
    Windows are fixed (aligned on the clock), so "wait N minutes" is exact."""
    window = int(limit.window.total_seconds())
    now = time.time()
    number = int(now // window)
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    namespace = getattr(settings, "RATE_LIMIT_NAMESPACE", "")
    cache_key = f"ratelimit:{namespace}:{limit.name}:{digest}:{number}"
    return cache_key, max(1, math.ceil((number + 1) * window - now))


def rate_limit_wait(*checks: tuple[Limit, str]) -> int:
    """Seconds to wait before another try, or 0 if every (limit, key) has tries left.
    If the cache is down the limits are skipped (logged): people must still get in."""
    wait = 0
    try:
        for limit, key in checks:
            cache_key, left = _bucket(limit, key)
            if (cache.get(cache_key) or 0) >= limit.tries:
                wait = max(wait, left)
    except Exception:  # noqa: BLE001 - any cache failure: let the person through
        logger.warning("Rate limits skipped: the cache is unreachable", exc_info=True)
        return 0
    return wait


def rate_limit_count(*checks: tuple[Limit, str]) -> None:
    """Count one try against each (limit, key)."""
    try:
        for limit, key in checks:
            cache_key, left = _bucket(limit, key)
            cache.add(cache_key, 0, timeout=left + 60)
            try:
                cache.incr(cache_key)
            except ValueError:  # expired between add and incr
                cache.set(cache_key, 1, timeout=left + 60)
    except Exception:  # noqa: BLE001 - any cache failure: not counted, not refused
        logger.warning("Rate limits not counted: the cache is unreachable", exc_info=True)


def wait_words(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def too_many_tries(request, *, template: str, context: dict, wait: int):
    """The page the person was on, with what they typed, a plain message at the top and
    HTTP 429 (Too Many Requests) with Retry-After."""
    message = f"Too many tries — please wait {wait_words(wait)} and try again."
    response = render(
        request,
        template,
        {**context, "too_many_tries": message},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


# --- Headers -----------------------------------------------------------------------------

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    """Two headers Django does not set itself:

    - `Permissions-Policy`: the site uses no camera, microphone, location or other device
      feature, so no page (or anything injected into one) may ask for them;
    - `Cache-Control: private, no-store` on every answer to a logged-in person, unless the
      view chose its own Cache-Control: their pages carry private data (access needs,
      rosters, declarations, exports) that no shared or browser cache should keep."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
