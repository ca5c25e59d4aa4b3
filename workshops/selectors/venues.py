"""Terms, venues and rooms, for the managers' pages."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from ..models import Course, Room, Term, Venue


def term_list_with_counts() -> QuerySet[Term]:
    """Every term, newest first, with its published and planned courses counted."""
    return Term.objects.annotate(
        published=Count("courses", filter=Q(courses__status=Course.Status.PUBLISHED)),
        planned=Count("courses"),
    ).order_by("-starts_on")


def term_get(*, pk: int) -> Term:
    return get_object_or_404(Term, pk=pk)


def venue_list() -> QuerySet[Venue]:
    return Venue.objects.prefetch_related(
        Prefetch("rooms", queryset=Room.objects.order_by("name"))
    ).order_by("name")


def venue_get(*, pk: int) -> Venue:
    return get_object_or_404(Venue, pk=pk)


def room_get(*, pk: int) -> Room:
    return get_object_or_404(Room.objects.select_related("venue"), pk=pk)
