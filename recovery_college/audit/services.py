from django.db import models

from .models import AuditEvent


def audit_record(*, actor, action: str, obj: models.Model) -> AuditEvent:
    """Record that `actor` did `action` to `obj`. Only the type and id are kept."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
    )
