from django.core.paginator import Paginator
from django.shortcuts import render

from recovery_college.accounts.permissions import manager_or_404

from .models import AuditEvent
from .selectors import audit_event_list

OBJECT_TYPES = {
    "declaration": "Conflict-of-interest declarations",
    "conflictdecision": "Managers' decisions",
    "agreement": "Co-working agreements",
}


@manager_or_404
def audit_log(request):
    object_type = request.GET.get("type") or None
    if object_type not in (None, *OBJECT_TYPES):
        object_type = None
    page = Paginator(audit_event_list(object_type=object_type), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "audit/auditevent_list.html",
        {
            "page": page,
            "object_type": object_type,
            "object_types": OBJECT_TYPES,
            "actions": AuditEvent.Action,
        },
    )
