from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from .models import MANAGERS_GROUP, User


def managers_group() -> Group:
    """The College managers group with its permission. Migration 0002 creates it; this
    recreates it if it was removed (for example by a test database flush)."""
    group, created = Group.objects.get_or_create(name=MANAGERS_GROUP)
    if created or not group.permissions.filter(codename="manage_college").exists():
        permission, _ = Permission.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(User),
            codename="manage_college",
            defaults={"name": "Can manage the college"},
        )
        group.permissions.add(permission)
    return group


def manager_grant(*, user: User) -> None:
    """Make a person a college manager (the group carries the manage_college permission)."""
    user.groups.add(managers_group())
    # Drop Django's per-instance permission cache so the new role applies at once.
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)


class AccountDeleteRefused(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def _messages_for(user: User):
    """Emails written for this person: those tied to their account, and any to their
    address that are not tied to someone else (a message for an earlier holder of the
    address stays theirs)."""
    from django.db.models import Q

    from recovery_college.notifications.models import OutboxMessage

    return OutboxMessage.objects.filter(Q(user=user) | Q(user__isnull=True, to__iexact=user.email))


def account_data(*, user: User) -> dict:
    """Everything the college holds about a person as a student, for their download.
    Each app adds its own section through the `personal_data_requested` signal."""
    from .signals import personal_data_requested

    sections = dict(
        response for _, response in personal_data_requested.send(sender=User, user=user)
    )
    return {
        "account": {
            "full_name": user.full_name,
            "email": user.email,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        **sections,
        "calendar_feed": hasattr(user, "calendar_feed"),
        "emails_sent_to_you": [
            {"subject": m.subject, "queued": m.created_at.isoformat(), "status": m.status}
            for m in _messages_for(user).order_by("created_at")
        ],
        "note": "Feedback you gave is anonymous: it is stored without your name, so it "
        "cannot be found again as yours.",
    }


def account_delete(*, user: User) -> None:
    """Delete a student's account. Their places go to the next person waiting; their
    enrolments stay, without anything that identifies them, so attendance figures and
    feedback stay right: the workshops app does that once, from the account's
    `pre_delete` signal, however an account is deleted. Trainers and managers are
    refused: their work belongs to the college's records, so a manager ends their role
    first."""
    from django.db import transaction

    if user.is_manager or user.trainer_profile is not None:
        raise AccountDeleteRefused(
            "Trainer and manager accounts cannot be deleted here. Please ask a college "
            "manager to end your role first."
        )
    with transaction.atomic():
        _messages_for(user).delete()
        user.delete()
