from django.http import Http404

from ..permissions import can_edit_course


def require_edit(user, course) -> None:
    """Pages that change a course: the pair only, while it can change (404 otherwise, so a
    manager or outsider learns nothing new)."""
    if not can_edit_course(user, course):
        raise Http404
