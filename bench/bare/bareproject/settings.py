"""A bare Django 5.2 project: `startproject`'s settings with one app, DEBUG off and
persistent database connections (as the app runs in production), no cache, no extras.
The benchmark compares each page of the app with its one page, so the ratio shows what
the app adds on top of Django, PostgreSQL and gunicorn on the same machine."""

import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ.get("BARE_SECRET_KEY", "bare-benchmark-key-localhost-only")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "rows",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "bareproject.urls"
WSGI_APPLICATION = "bareproject.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {
    "default": environ.Env.db_url_config(
        os.environ.get("BARE_DATABASE_URL", f"sqlite:///{BASE_DIR / 'bare.sqlite3'}")
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("BARE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Europe/London"
# The size in bytes the page is padded to: the runner sets it to the prospectus page's.
BARE_PAGE_BYTES = int(os.environ.get("BARE_PAGE_BYTES", "0"))
