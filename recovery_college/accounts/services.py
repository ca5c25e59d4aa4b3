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
