"""Managers put a course's sessions on dates, in rooms. Clashes (the same room, or either
trainer, in overlapping sessions) are refused with a message naming the clash; on
PostgreSQL exclusion constraints refuse them too, so no race can create one.

Schedules stay sane: no session is booked at a time already past, and a session that has
started stays where it is (its register may be taken; students are there). Only the
demo's history (`record_past=True`, never from a view) writes sessions in the past."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from recovery_college.accounts.models import User
from recovery_college.forms import session_start_error

from ..errors import NotAllowed, ScheduleClash
from ..models import Course, Room, ScheduledSession
from ..permissions import can_schedule
from .changes import session_changed, session_moved_notify, session_snapshot
from .cover import cover_end_for_moved
from .locking import course_lock
from .prospectus_cache import prospectus_changed
from .waiting_list import offers_clamp, places_offer_next


def _when(session) -> str:
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return f"{start:%a %-d %B %Y}, {start:%H:%M}–{end:%H:%M}"


def _clash_message(clash: ScheduledSession, *, room: Room | None, course: Course) -> str:
    what = f"“{clash.course.title}” session {clash.number} ({_when(clash)})"
    if room is not None and clash.room_id == room.pk:
        return f"{room} is already booked then, for {what}."
    for trainer in (course.pairing.peer, course.pairing.practitioner):
        if trainer.pk in (clash.peer_id, clash.practitioner_id):
            return f"{trainer.name} is already teaching then: {what}."
    return f"That time clashes with {what}."


def _check_not_past(*, course, number, starts_at, now) -> None:
    started = (
        ScheduledSession.objects.filter(
            course=course, number=number, cancelled=False, starts_at__lte=now
        )
        .only("starts_at")
        .first()
    )
    if started is not None:
        when = timezone.localtime(started.starts_at)
        raise NotAllowed(
            f"Session {number} started on {when:%A %-d %B at %H:%M}, so it cannot be moved. "
            "To run it again, schedule an extra session with the trainers.",
            field="starts_at",
        )
    if starts_at <= now:
        raise NotAllowed(
            f"{timezone.localtime(starts_at):%A %-d %B %Y at %H:%M} has already passed. "
            "Choose a time from now on.",
            field="starts_at",
        )


def _check_clashes(*, course, number, starts_at, ends_at, room) -> None:
    overlapping = ScheduledSession.objects.filter(
        cancelled=False, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).exclude(course=course, number=number)
    who = Q(peer=course.pairing.peer) | Q(practitioner=course.pairing.practitioner)
    if room is not None:
        who |= Q(room=room)
    clash = overlapping.filter(who).select_related("course", "room__venue").first()
    if clash is not None:
        raise ScheduleClash(_clash_message(clash, room=room, course=course))


def session_schedule(
    *,
    course: Course,
    user: User,
    number: int,
    starts_at: datetime,
    room: Room | None = None,
    online_link: str = "",
    record_past: bool = False,
) -> ScheduledSession:
    """Put session `number` of the course at `starts_at` for the course's session length,
    in `room` (or online, with a joining link). Not at a time already past, and not once
    the session has started (`record_past` lifts both, for the demo's history only)."""
    if not can_schedule(user, course):
        raise NotAllowed("Only a college manager can schedule sessions.")
    if course.is_template or course.pairing_id is None:
        raise NotAllowed("College templates are not scheduled; copy one into a pairing.")
    if not 1 <= number <= course.session_count:
        raise NotAllowed(f"This course has {course.session_count} sessions.", field="number")
    if room is None and not online_link:
        raise NotAllowed(
            "Choose a room, or give the joining link for an online session.", field="room"
        )
    if room is not None and course.capacity and course.capacity > room.capacity:
        raise NotAllowed(
            f"{room} holds {room.capacity}; the course has {course.capacity} places.",
            field="room",
        )
    _check_start(starts_at)
    ends_at = starts_at + timedelta(minutes=course.session_minutes)
    try:
        with transaction.atomic():
            prospectus_changed()
            if not record_past:
                _check_not_past(
                    course=course, number=number, starts_at=starts_at, now=timezone.now()
                )
            _check_clashes(
                course=course, number=number, starts_at=starts_at, ends_at=ends_at, room=room
            )
            before = session_snapshot(
                ScheduledSession.objects.select_related("room__venue")
                .filter(course=course, number=number)
                .first()
            )
            session, _ = ScheduledSession.objects.update_or_create(
                course=course,
                number=number,
                defaults={
                    "starts_at": starts_at,
                    "ends_at": ends_at,
                    "room": room,
                    "online_link": online_link,
                    "peer": course.pairing.peer,
                    "practitioner": course.pairing.practitioner,
                    "cancelled": False,
                    "cancelled_reason": "",
                },
            )
            if session_changed(before, session):
                session.reminded_at = None  # remind again for the new time
                session.revision = before["revision"] + 1
                session.save(update_fields=["reminded_at", "revision"])
                session_moved_notify(session=session, before=before)
                offers_clamp(course=course)
                cover_end_for_moved(session=session)
    except IntegrityError as error:  # another manager booked the same slot a moment ago
        raise ScheduleClash(
            "Someone booked a clashing session a moment ago. Check the calendar and choose "
            "another time or room."
        ) from error
    return session


def _check_start(starts_at: datetime) -> None:
    """A session within a few years of today (far-off dates are slips, and overflow)."""
    message = session_start_error(starts_at)
    if message:
        raise NotAllowed(message, field="starts_at")


def sessions_schedule_weekly(
    *,
    course: Course,
    user: User,
    first_starts_at: datetime,
    room: Room | None = None,
    online_link: str = "",
    record_past: bool = False,
) -> list[ScheduledSession]:
    """Every session at the same time and place, a week apart. All or nothing: a clash for
    any session schedules none, and the message says which."""
    _check_start(first_starts_at)
    sessions = []
    with transaction.atomic():
        for number in range(1, course.session_count + 1):
            starts_at = first_starts_at + timedelta(weeks=number - 1)
            try:
                sessions.append(
                    session_schedule(
                        course=course,
                        user=user,
                        number=number,
                        starts_at=starts_at,
                        room=room,
                        online_link=online_link,
                        record_past=record_past,
                    )
                )
            except ScheduleClash as clash:
                raise ScheduleClash(f"Session {number}: {clash.message}") from clash
    return sessions


def _check_sessions_in_term(*, course: Course, term) -> None:
    """A published course moves only to a term its sessions fall inside."""
    for session in ScheduledSession.objects.filter(course=course, cancelled=False):
        day = timezone.localdate(session.starts_at)
        if not term.starts_on <= day <= term.ends_on:
            raise NotAllowed(
                f"Session {session.number} ({day:%-d %B %Y}) is outside {term.name}. Move "
                "the sessions first, or keep the course in its term.",
                field="term",
            )


def course_capacity_set(*, course: Course, user: User, capacity: int, term=None) -> Course:
    """Places on the course (at least 1, and no more than its smallest booked room holds)
    and, optionally, the term it belongs to."""
    if not can_schedule(user, course):
        raise NotAllowed("Only a college manager can set the number of places.")
    if capacity < 1:
        raise NotAllowed("A course needs at least one place.", field="capacity")
    rooms = (
        Room.objects.filter(sessions__course=course, sessions__cancelled=False)
        .select_related("venue")
        .order_by("capacity")
    )
    smallest = rooms.first()
    if smallest is not None and capacity > smallest.capacity:
        raise NotAllowed(
            f"{smallest} holds {smallest.capacity}, so the course can have at most "
            f"{smallest.capacity} places.",
            field="capacity",
        )
    with transaction.atomic():
        prospectus_changed()
        locked = course_lock(course_id=course.pk)
        if capacity < locked.places_taken:
            raise NotAllowed(
                f"{locked.places_taken} students already hold places, so the course needs at "
                f"least {locked.places_taken} places.",
                field="capacity",
            )
        if (
            term is not None
            and term.pk != locked.term_id
            and locked.status == Course.Status.PUBLISHED
        ):
            _check_sessions_in_term(course=locked, term=term)
        course.capacity = capacity
        course.places_taken = locked.places_taken
        if term is not None:
            course.term = term
        course.save(update_fields=["capacity", "term", "updated_at"])
        places_offer_next(course=course)  # more places: the waiting list is offered them
        course.refresh_from_db(fields=["places_taken"])
    return course
