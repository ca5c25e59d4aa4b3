from django.contrib.auth.models import Group

from .models import MANAGERS_GROUP, User


def manager_grant(*, user: User) -> None:
    """Make a person a college manager (the group carries the manage_college permission)."""
    user.groups.add(Group.objects.get(name=MANAGERS_GROUP))
    # Drop Django's per-instance permission cache so the new role applies at once.
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
