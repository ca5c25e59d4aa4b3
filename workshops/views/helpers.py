from django.http import Http404
from django.urls import reverse

from ..permissions import can_edit_course


def require_edit(user, course) -> None:
    """Pages that change a course: the pair only, while it can change (404 otherwise, so a
    manager or outsider learns nothing new)."""
    if not can_edit_course(user, course):
        raise Http404


_PLACEHOLDER = 2_147_483_647


def url_maker(name: str, *args):
    """A cheap `reverse` for a URL whose last argument is a row's id: reversed once, then
    filled in per row (`url_maker("workshops:section-edit", course.pk)(section.pk)` is
    `reverse("workshops:section-edit", args=[course.pk, section.pk])`)."""
    head, tail = reverse(name, args=[*args, _PLACEHOLDER]).rsplit(str(_PLACEHOLDER), 1)
    return lambda pk: f"{head}{pk}{tail}"
