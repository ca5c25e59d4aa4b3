"""The session engine (SESSION_ENGINE): Django's database sessions, read with one plain
statement.

Every request of everyone logged in reads its session row first. Django's own store
builds the same `SELECT … WHERE session_key = %s AND expire_date > %s` through the ORM
on every request, at more CPU than the query costs; this store sends it as written.
Everything else (saving, expiry, flushing, the table and its rows) is Django's, so
sessions made by either store work with the other."""

from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.utils import timezone


class SessionStore(DBStore):
    def _get_session_from_db(self):
        """The live session row for this key, or None (and the key forgotten, so a new
        session gets a new key), as Django's store does."""
        table = self.model._meta.db_table
        rows = list(
            self.model.objects.raw(
                f"SELECT session_key, session_data, expire_date FROM {table}"  # noqa: S608
                " WHERE session_key = %s AND expire_date > %s",
                [self.session_key, timezone.now()],
            )
        )
        if not rows:
            self._session_key = None
            return None
        return rows[0]
