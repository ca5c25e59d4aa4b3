"""Managers' view of mail in trouble: what gave up, what is being retried, what is late,
and a button to send a message again."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from recovery_college.accounts.permissions import manager_or_404

from .models import OutboxMessage
from .selectors import PROBLEM_LIST_LIMIT, outbox_health, outbox_problem_list
from .services import RETRY_FOR, OutboxError, outbox_message_retry


@manager_or_404
def outbox_list(request):
    return render(
        request,
        "notifications/outbox_list.html",
        {
            "problems": outbox_problem_list(),
            "counts": outbox_health(),
            "limit": PROBLEM_LIST_LIMIT,
            "retry_hours": int(RETRY_FOR.total_seconds() // 3600),
        },
    )


@manager_or_404
@require_POST
def outbox_retry(request, pk: int):
    try:
        message = outbox_message_retry(message_id=pk)
    except OutboxMessage.DoesNotExist:
        raise Http404 from None
    except OutboxError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"“{message.subject}” to {message.to} will be sent again in a moment."
        )
    return redirect("notifications:outbox-list")
