"""Role fixtures shared by every test: anonymous, a student, a Peer Trainer, a Practitioner
Trainer, a college manager and an outsider trainer (a trainer with no part in the thing
under test)."""

import uuid

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.test import Client

from recovery_college import snapshot_pages
from recovery_college.celery import app as celery_app
from workshops.middleware import memory as public_memory
from workshops.services.page_cache import public_version_forget
from workshops.views.public_pages import places_forget

from .factories import (
    ManagerFactory,
    PeerTrainerFactory,
    PractitionerTrainerFactory,
    UserFactory,
)


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only and Redis-only tests run where those services are configured (CI);
    elsewhere they are skipped with the reason shown in the summary."""
    on_postgres = "postgresql" in django_settings.DATABASES["default"]["ENGINE"]
    has_redis = bool(django_settings.REDIS_URL)
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL"))
        if "redis" in item.keywords and not has_redis:
            item.add_marker(pytest.mark.skip(reason="needs Redis: set REDIS_URL"))


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    # Argon2 is deliberately slow; tests that check hashing turn it back on themselves.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Rate-limit counters live in the cache (Redis in CI), which outlives a test: each test
    # counts in its own namespace, so one test's tries never limit another's.
    settings.RATE_LIMIT_NAMESPACE = uuid.uuid4().hex
    # Each test starts with an empty cache (cached prospectus PDFs, render slots): ids
    # are reused between tests on SQLite, so a PDF cached by one test must not reach
    # the next.
    cache.clear()
    # Public pages (issue 16): no answer, version or places figure kept in this process's
    # memory from another test; places left are read on every answer, so a test sees an
    # enrolment on its next request (tests/workshops/prospectus/test_fast_path.py turns
    # the one-second memo back on).
    public_memory.clear()
    public_version_forget()
    places_forget()
    settings.PUBLIC_PLACES_MEMO_SECONDS = 0
    # Logged-in pages kept while the database is unchanged: none from another test.
    snapshot_pages.memory.clear()
    # Tasks run in-process unless a test starts a real worker (tests/test_celery_worker.py).
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def student(db):
    return UserFactory(full_name="Sally Student")


@pytest.fixture
def peer_trainer(db):
    return PeerTrainerFactory(user__full_name="Pat Peer").user


@pytest.fixture
def practitioner_trainer(db):
    return PractitionerTrainerFactory(user__full_name="Dr Prue Practitioner").user


@pytest.fixture
def outsider_trainer(db):
    return PeerTrainerFactory(user__full_name="Olly Outsider").user


@pytest.fixture
def manager(db):
    return ManagerFactory(full_name="Morgan Manager")


@pytest.fixture
def client_for():
    """client_for(user) -> a test client logged in as that user (None: anonymous)."""

    def make(user):
        client = Client()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def pairing(peer_trainer, practitioner_trainer):
    """A proposed pairing of the peer_trainer and practitioner_trainer fixtures."""
    from .factories import PairingFactory

    return PairingFactory(peer=peer_trainer.trainer, practitioner=practitioner_trainer.trainer)


@pytest.fixture
def active_pairing(peer_trainer, practitioner_trainer):
    from .factories import PairingFactory

    return PairingFactory(
        peer=peer_trainer.trainer, practitioner=practitioner_trainer.trainer, active=True
    )
