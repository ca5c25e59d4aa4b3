"""Two workers must never send the same message twice. Row locks: PostgreSQL only."""

import threading

import pytest
from django.db import connection, transaction

from recovery_college.notifications.models import OutboxMessage
from recovery_college.notifications.services import outbox_message_send


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_worker_skips_a_message_another_worker_holds(mailoutbox):
    # Made directly, not through email_queue, so no task sends it before the race.
    message = OutboxMessage.objects.create(to="ann@example.org", subject="Once", body="Only once")
    locked, release, results = threading.Event(), threading.Event(), {}

    def first_worker():
        try:
            with transaction.atomic():
                OutboxMessage.objects.select_for_update().get(pk=message.pk)
                locked.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    holder = threading.Thread(target=first_worker)
    holder.start()
    assert locked.wait(timeout=10)
    results["while_held"] = outbox_message_send(message_id=message.pk)
    release.set()
    holder.join(timeout=10)
    results["after_release"] = outbox_message_send(message_id=message.pk)
    results["again"] = outbox_message_send(message_id=message.pk)

    assert results == {"while_held": False, "after_release": True, "again": False}
    assert len(mailoutbox) == 1
