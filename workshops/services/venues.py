"""Managers keep the college's terms, venues and rooms. The rules that look across rows:
a term's dates cannot shrink past a published session, and a room cannot be made smaller
than the places of a course booked in it, or take another room's name in its venue."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from recovery_college.accounts.models import User
from recovery_college.forms import date_bounds_error

from ..errors import NotAllowed
from ..models import Course, Room, ScheduledSession, Term, Venue
from ..permissions import can_manage_college
from .prospectus_cache import prospectus_changed


def _require_manager(user: User) -> None:
    if not can_manage_college(user):
        raise NotAllowed("Only a college manager can change terms, venues and rooms.")


def term_save(*, term: Term, user: User) -> Term:
    """Add a term, or change one whose published sessions all stay inside its dates."""
    _require_manager(user)
    for field in ("starts_on", "ends_on", "enrolment_opens_on"):
        message = date_bounds_error(getattr(term, field))
        if message:
            raise NotAllowed(message, field=field)
    with transaction.atomic():
        if term.pk:
            first = timezone.make_aware(datetime.combine(term.starts_on, time.min))
            after = timezone.make_aware(
                datetime.combine(term.ends_on + timedelta(days=1), time.min)
            )
            outside = (
                ScheduledSession.objects.filter(
                    course__term=term, course__status=Course.Status.PUBLISHED, cancelled=False
                )
                .filter(Q(starts_at__lt=first) | Q(starts_at__gte=after))
                .select_related("course")
                .first()
            )
            if outside is not None:
                raise NotAllowed(
                    f"“{outside.course.title}” has a session outside these dates. Move it "
                    "first, or keep the term's dates."
                )
        term.save()
        prospectus_changed()
    return term


def venue_save(*, venue: Venue, user: User) -> Venue:
    _require_manager(user)
    venue.save()
    prospectus_changed()
    return venue


def room_save(*, room: Room, user: User) -> Room:
    """Add or change a room: its name is its own within the venue, and it holds at least
    the places of every live course booked in it."""
    _require_manager(user)
    room.name = room.name.strip()
    with transaction.atomic():
        clash = Room.objects.filter(venue=room.venue, name__iexact=room.name).exclude(pk=room.pk)
        if clash.exists():
            raise NotAllowed(
                f"{room.venue.name} already has a room called {room.name}.", field="name"
            )
        if room.pk:
            course = (
                Course.objects.filter(
                    sessions__room=room, sessions__cancelled=False, capacity__gt=room.capacity
                )
                .exclude(status__in=[Course.Status.ARCHIVED, Course.Status.CANCELLED])
                .distinct()
                .first()
            )
            if course is not None:
                raise NotAllowed(
                    f"“{course.title}” has {course.capacity} places and is booked in this "
                    "room. Lower its places or move it first.",
                    field="capacity",
                )
        room.save()
        prospectus_changed()
    return room
