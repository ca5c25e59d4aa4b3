from django.db.models import QuerySet

from .models import AuditEvent


def audit_event_list(*, object_type: str | None = None, actor_id: int | None = None) -> QuerySet:
    events = AuditEvent.objects.select_related("actor")
    if object_type:
        events = events.filter(object_type=object_type)
    if actor_id:
        events = events.filter(actor_id=actor_id)
    return events
