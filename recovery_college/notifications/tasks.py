"""The mail tasks: thin wrappers round the services, found by name (services never
import this module; the kick looks the send task up in the Celery app)."""

from celery import shared_task

from recovery_college.jobs import job_summary

from . import services


@shared_task(name=services.OUTBOX_SEND_TASK, ignore_result=True)
def outbox_send(message_id: int) -> bool:
    """Send one queued message now, if it is due. Safe to run twice."""
    return services.outbox_message_send(message_id=message_id)


@shared_task(name=services.OUTBOX_DRAIN_TASK, ignore_result=True)
@job_summary(none="no emails waiting", one="1 email sent", many="{n} emails sent")
def outbox_drain() -> int:
    """Beat sweep: send what is due (queued while Redis was down, retries after a mail
    server failure, messages whose worker died)."""
    return services.outbox_sweep()


@shared_task
def ping() -> str:
    """A no-op used by health checks and tests to see a worker answer."""
    return "pong"
