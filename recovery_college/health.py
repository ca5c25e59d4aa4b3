"""GET /healthz: is this instance able to serve? Used by docker-compose and load balancers.

`status` (200/503) is about serving: the database and Redis. `outbox` counts mail trouble
for monitoring, without changing the status: `failed` (gave up, a manager can send them
again at /college/mail/), `retrying` (failed at least once, will be tried again) and
`overdue` (due over 15 minutes ago and still unsent: is the worker or beat running?).
Alert on failed > 0 or overdue > 0."""

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from recovery_college.notifications.selectors import outbox_health


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


# One client (and its connection pool) per Redis address for the life of the process: a
# load balancer asks every few seconds, and a new connection each time cost more than the
# ping. A connection that broke is dropped by the pool and made again on the next ask.
_clients: dict[str, redis.Redis] = {}


def _redis_client(url: str) -> redis.Redis:
    client = _clients.get(url)
    if client is None:
        client = _clients[url] = redis.Redis.from_url(
            url, socket_connect_timeout=1, socket_timeout=1
        )
    return client


def _redis_status() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    try:
        return "ok" if _redis_client(settings.REDIS_URL).ping() else "unreachable"
    except redis.RedisError:
        return "unreachable"


def _outbox_counts() -> dict[str, int] | None:
    try:
        return outbox_health()
    except DatabaseError:
        return None


@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": "ok" if _database_ok() else "unreachable",
        "redis": _redis_status(),
    }
    healthy = all(value in ("ok", "not configured") for value in checks.values())
    outbox = _outbox_counts() if checks["database"] == "ok" else None
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks, "outbox": outbox},
        status=200 if healthy else 503,
    )
