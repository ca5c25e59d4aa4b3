"""The session engine (recovery_college/accounts/sessions.py): Django's database sessions
read with one plain statement, the same sessions either way."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recovery_college.accounts.sessions import SessionStore


@pytest.mark.django_db
def test_a_live_session_is_read_with_one_query():
    made = DjangoStore()
    made["note"] = "hello"
    made.create()

    store = SessionStore(made.session_key)
    with CaptureQueriesContext(connection) as queries:
        assert store["note"] == "hello"
    assert len(queries) == 1
    assert store.session_key == made.session_key


@pytest.mark.django_db
def test_a_session_saved_by_this_store_is_read_by_djangos():
    store = SessionStore()
    store["note"] = "hello"
    store.create()
    assert DjangoStore(store.session_key)["note"] == "hello"


@pytest.mark.django_db
def test_an_expired_session_reads_empty_and_its_key_is_not_reused():
    made = DjangoStore()
    made["note"] = "hello"
    made.create()
    Session.objects.filter(pk=made.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    store = SessionStore(made.session_key)
    assert store.load() == {}
    assert store.session_key is None


@pytest.mark.django_db
def test_an_unknown_key_reads_empty():
    store = SessionStore("a" * 32)
    assert "note" not in store
    assert store.session_key is None
