"""Settings for Recovery College. Every value that differs between machines comes from
the environment (see README "Configuration" and .env.example)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; real environment variables win

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random value in the environment "
            "(or set DEBUG=1 on a development machine)."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "recovery_college",  # project-level commands (seed_demo)
    "recovery_college.accounts",
    "recovery_college.notifications",
    "recovery_college.audit",
    "recovery_college.help",
    "trainers",
    "workshops",
]

MIDDLEWARE = [
    # First, so a public page this process already served costs no other middleware: it
    # answers with the headers the whole stack gave that page (workshops/middleware.py).
    "workshops.middleware.PublicPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "recovery_college.accounts.middleware.RolesMiddleware",
    "recovery_college.accounts.middleware.StaffIdleTimeoutMiddleware",
    "recovery_college.accounts.middleware.HtmxLoginRedirectMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "recovery_college.accounts.middleware.SwitchedOffTrainerMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "recovery_college.errors.DomainErrorMiddleware",
]

ROOT_URLCONF = "recovery_college.urls"
WSGI_APPLICATION = "recovery_college.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Templates are read and compiled once per process (what Django does by itself
            # when APP_DIRS is on; written out so nobody switches it off by accident). Under
            # `runserver` the autoreloader clears this cache when a template changes.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "recovery_college.accounts.context_processors.roles",
            ],
        },
    },
]

# --- Database: PostgreSQL in production and CI, a SQLite file for a newcomer's first run.
(BASE_DIR / "var" / "staticfiles").mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections on PostgreSQL: each web or Celery worker process keeps one
# connection for up to CONN_MAX_AGE seconds instead of opening one per request (see the
# README's "Performance" section for sizing max_connections), checked before reuse so a
# restarted database costs one failed check, not a failed request.
_postgres = DATABASES["default"].get("ENGINE", "").endswith(("postgresql", "postgis"))
DATABASES["default"].setdefault(
    "CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60 if _postgres else 0)
)
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", env.bool("CONN_HEALTH_CHECKS", default=True))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: the Celery broker and the cache when REDIS_URL is set; otherwise tasks run
# in-process and the cache is local memory, so `make run` needs no services.
REDIS_URL = env("REDIS_URL", default="")
# Seconds to wait for Redis to accept a connection / answer a command. Short, so a Redis
# that is down or hung (accepts connections, never answers) costs a request a second or
# two, never a hang: mail waits in the outbox and the sweep sends it later.
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=1.0)
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=2.0)

# How long a request waits for a course's row lock before answering "Lots of people are
# enrolling right now — please try again" (PostgreSQL's lock_timeout; pretix uses 3 s).
COURSE_LOCK_TIMEOUT_MS = env.int("COURSE_LOCK_TIMEOUT_MS", default=3000)

# The prospectus PDF: at most this many rendered at once (each takes seconds of CPU), and
# a rendered PDF kept in the cache until the prospectus changes, at most this long.
PROSPECTUS_PDF_RENDERS = env.int("PROSPECTUS_PDF_RENDERS", default=2)
PROSPECTUS_PDF_CACHE_SECONDS = env.int("PROSPECTUS_PDF_CACHE_SECONDS", default=600)
# Public pages from cache (workshops/services/page_cache.py): the prospectus, course pages
# and course calendars are kept this long for visitors who are not logged in (a change
# makes them stale at once: keys carry a version); a proxy or browser may reuse an answer
# for PUBLIC_PAGES_MAX_AGE seconds, so places left are never older than that.
PUBLIC_PAGES_CACHE_SECONDS = env.int("PUBLIC_PAGES_CACHE_SECONDS", default=600)
PUBLIC_PAGES_MAX_AGE = env.int("PUBLIC_PAGES_MAX_AGE", default=5)
# The fast path (workshops/middleware.py): each web process also keeps the public answers
# it served in its own memory (at most this many bytes), checks the version at most once
# per PUBLIC_PAGES_VERSION_MEMO_SECONDS (a change made by another process shows within
# that) and reads places left at most once per PUBLIC_PLACES_MEMO_SECONDS per course.
# 0 turns each off.
PUBLIC_PAGES_MEMORY_BYTES = env.int("PUBLIC_PAGES_MEMORY_BYTES", default=32 * 1024 * 1024)
PUBLIC_PAGES_VERSION_MEMO_SECONDS = env.float("PUBLIC_PAGES_VERSION_MEMO_SECONDS", default=1.0)
PUBLIC_PLACES_MEMO_SECONDS = env.float("PUBLIC_PLACES_MEMO_SECONDS", default=1.0)
# Logged-in pages kept while the database is unchanged (recovery_college/snapshot_pages.py):
# at most this many bytes per web process, each answer for at most this many seconds (what
# the clock alone changes, such as a session that has started, shows within that). 0 turns
# it off.
LOGGED_IN_PAGES_MEMORY_BYTES = env.int("LOGGED_IN_PAGES_MEMORY_BYTES", default=16 * 1024 * 1024)
LOGGED_IN_PAGES_SECONDS = env.float("LOGGED_IN_PAGES_SECONDS", default=10.0)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Fail fast when Redis is down or hung: the outbox keeps the message and beat sends it
# later. One try to connect, short socket timeouts, and the after-commit kick publishes
# with retry=False (notifications/services.py), so a broker problem costs a request about
# REDIS_CONNECT_TIMEOUT + REDIS_SOCKET_TIMEOUT at most. Workers and beat still reconnect
# by themselves (broker_connection_retry stays on).
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_CONNECT_TIMEOUT + REDIS_SOCKET_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULE = {
    "drain-outbox": {
        "task": "recovery_college.notifications.tasks.outbox_drain",
        "schedule": timedelta(minutes=1),
    },
    "agreement-review-reminders": {
        "task": "trainers.tasks.agreement_review_reminders",
        "schedule": timedelta(hours=1),
    },
    "waiting-list-offers-expire": {
        "task": "workshops.tasks.offers_expire",
        "schedule": timedelta(minutes=5),
    },
    "waiting-lists-close": {
        "task": "workshops.tasks.waiting_lists_close",
        "schedule": timedelta(minutes=5),
    },
    "session-reminders": {
        "task": "workshops.tasks.session_reminders",
        "schedule": timedelta(minutes=15),
    },
    "feedback-invitations": {
        "task": "workshops.tasks.feedback_invitations",
        "schedule": timedelta(hours=1),
    },
    "debriefs": {
        "task": "workshops.tasks.debriefs_sweep",
        "schedule": timedelta(hours=1),
    },
}

# --- Accounts and security
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "home"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lock out after repeated failures, by the user name and IP address together, so nobody
# can lock a person out from elsewhere and one address cannot try many accounts' passwords
# without each being counted.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"

SESSION_ENGINE = "recovery_college.accounts.sessions"  # Django's database sessions, read faster
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14  # students stay logged in for two weeks
STAFF_IDLE_TIMEOUT_SECONDS = 30 * 60  # trainers and managers: 30 idle minutes
STAFF_IDLE_WARNING_SECONDS = 2 * 60  # ... warned this long before, with "Stay logged in"

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Email: every message goes through the outbox and one Celery task.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Seconds to wait for the mail server at each step; a server that never answers costs a
# worker this long per sweep, then the message is retried later (see notifications).
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=10.0)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Recovery College <college@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Language, time
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files: served by whitenoise; vendored third-party builds live in static/vendor.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SITE_NAME = env("SITE_NAME", default="Recovery College")
# The address people reach the site at; links in emails sent by background jobs use it.
# Under `make run` it is http://127.0.0.1:$PORT (the Makefile sets it); set it in production.
SITE_URL = env("SITE_URL", default=f"http://127.0.0.1:{env('PORT', default='8000')}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- HTTP and account hardening (issue 12). Kept in one block; see recovery_college/security.py
# and the README's security section.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "recovery_college.security.SecurityHeadersMiddleware",  # Permissions-Policy; no-store
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
# Content security policy (django-csp 4): our own files only; no inline script or style,
# no plug-ins, no framing, forms post only to us. Bootstrap's CSS draws a few icons as
# data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# The client address the log-in lockout and the rate limits count. With no proxy
# (TRUSTED_PROXY_COUNT=0) it is the socket's REMOTE_ADDR and X-Forwarded-For is ignored, so
# nobody can pick their own address. Behind N proxies of our own that each append the
# address they saw to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for, Caddy, a load
# balancer), it is the N-th entry from the right: the one our outermost proxy saw. Entries
# further left were written by the client and are never trusted. python-ipware counts the
# hops after the client, hence N - 1; not strict, so a client that sends its own
# X-Forwarded-For is still counted by the address our proxy saw.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=env.int("AXES_PROXY_COUNT", default=0))
if TRUSTED_PROXY_COUNT > 0:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None
IPWARE_STRICT = False
# Count failures against the email as typed but lower-cased and stripped (and no longer
# than axes stores), so changing its case gives no extra guesses.
AXES_USERNAME_CALLABLE = "recovery_college.security.axes_username"
# The rate limits read the cache on sign-up, reset and password checks: a Redis that hangs
# must not hang those pages (the cache has short socket timeouts, set with CACHES above,
# and the limits are skipped if the cache fails).
# A namespace for rate-limit keys in the cache (tests give each test its own).
RATE_LIMIT_NAMESPACE = env("RATE_LIMIT_NAMESPACE", default="")
