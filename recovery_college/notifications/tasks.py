from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def outbox_send(message_id: int) -> bool:
    """The one task through which the app sends mail. Safe to run twice."""
    return services.outbox_message_send(message_id=message_id)


@shared_task(ignore_result=True)
def outbox_drain() -> int:
    """Beat sweep: send whatever is still waiting (e.g. queued while Redis was down)."""
    sent = 0
    for message_id in services.outbox_pending_ids():
        sent += services.outbox_message_send(message_id=message_id)
    return sent


@shared_task
def ping() -> str:
    """A no-op used by health checks and tests to see a worker answer."""
    return "pong"
