"""Changes after publishing, and the people they are told to: moving or cancelling a
session, taking a course off the prospectus, cancelling a course. Every notice is
queued in the outbox inside the change's transaction and sent after commit, once."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from recovery_college.accounts.models import User
from recovery_college.notifications.services import email_queue_template

from ..errors import NotAllowed
from ..models import Course, CourseSignOff, Enrolment, ScheduledSession
from .enrolment import students_to_tell


def _recipients(course: Course) -> list[tuple[User, bool]]:
    """(person, is a trainer): the students holding a place, and both trainers."""
    people = [(student, False) for student in students_to_tell(course)]
    if course.pairing_id:
        people += [(t.user, True) for t in course.pairing.trainers]
    return people


def _affects_anyone(course: Course) -> bool:
    """A change matters to people when the course is on the prospectus or when anyone
    holds a place or waits (also while it is off the prospectus for a while)."""
    return course.status == Course.Status.PUBLISHED or _live_enrolments(course).exists()


def _where(session: ScheduledSession | None) -> str:
    if session is None:
        return ""
    if session.room_id:
        return f"{session.room.name}, {session.room.venue.name}"
    return "Online (the joining link is on your My courses page)"


def _when(starts_at: datetime) -> str:
    return f"{timezone.localtime(starts_at):%A %-d %B %Y at %H:%M}"


def session_moved_notify(*, session: ScheduledSession, before: dict) -> None:
    """Tell the students holding places and both trainers that a session moved (or, having
    been cancelled, is back on). `before` holds the old time and place."""
    course = session.course
    if not _affects_anyone(course):
        return
    for person, trainer in _recipients(course):
        email_queue_template(
            to=person.email,
            user=person,
            subject=f"“{course.title}” session {session.number} "
            + ("is back on" if before["cancelled"] else "has moved"),
            template="session_moved",
            context={
                "name": person.get_short_name(),
                "trainer": trainer,
                "course": course,
                "session": session,
                "was_when": _when(before["starts_at"]),
                "was_where": before["where"],
                "was_cancelled": before["cancelled"],
                "now_when": _when(session.starts_at),
                "now_where": _where(session),
            },
            # One notice per person per change (the revision): A→B→A→B is three notices.
            idempotency_key=f"session-moved:{session.pk}:{session.revision}:{person.pk}",
        )


def offers_clamp(*, course: Course) -> None:
    """After the first session moves earlier, no offer may stay open past 2 hours before
    it (or, within those 2 hours, past its start)."""
    from .enrolment import offer_email, offer_limit

    limit = offer_limit(course)
    if limit is None:
        return
    shortened = list(
        Enrolment.objects.filter(
            course=course, status=Enrolment.Status.OFFERED, offer_expires_at__gt=limit
        ).select_related("student")
    )
    for offer in shortened:
        offer.offer_expires_at = limit
        offer.save(update_fields=["offer_expires_at", "updated_at"])
        if offer.student is not None:
            offer_email(offer=offer, course=course, shortened=True)


def session_before(session: ScheduledSession | None) -> dict | None:
    if session is None:
        return None
    return {
        "starts_at": session.starts_at,
        "room_id": session.room_id,
        "online_link": session.online_link,
        "where": "cancelled" if session.cancelled else _where(session),
        "cancelled": session.cancelled,
        "revision": session.revision,
    }


def session_changed(before: dict | None, session: ScheduledSession) -> bool:
    """A booked session moved, or a cancelled one is back on."""
    return before is not None and (
        before["cancelled"]
        or before["starts_at"] != session.starts_at
        or before["room_id"] != session.room_id
        or before["online_link"] != session.online_link
    )


def session_cancel(*, course: Course, user: User, number: int, reason: str) -> ScheduledSession:
    """Cancel one session of a course. When the course is published or anyone holds a
    place, a reason is needed, and it goes to those students and to both trainers."""
    if not user.is_manager:
        raise NotAllowed("Only a college manager can cancel a session.")
    reason = reason.strip()
    with transaction.atomic():
        course = Course.objects.select_for_update(of=("self",), no_key=True).get(pk=course.pk)
        session = (
            ScheduledSession.objects.select_for_update(of=("self",))
            .select_related("room__venue")
            .filter(course=course, number=number)
            .first()
        )
        if session is None or session.cancelled:
            raise NotAllowed(f"Session {number} is not scheduled.", field="number")
        tell = _affects_anyone(course)
        if tell and not reason:
            raise NotAllowed(
                "Please say why the session is cancelled: the students are told.",
                field="reason",
            )
        session.cancelled = True
        session.cancelled_reason = reason
        session.revision += 1
        session.save(update_fields=["cancelled", "cancelled_reason", "revision"])
        if not tell:
            return session
        for person, trainer in _recipients(course):
            email_queue_template(
                to=person.email,
                user=person,
                subject=f"“{course.title}” session {session.number} is cancelled",
                template="session_cancelled",
                context={
                    "name": person.get_short_name(),
                    "trainer": trainer,
                    "course": course,
                    "session": session,
                    "when": _when(session.starts_at),
                    "reason": reason,
                },
                idempotency_key=f"session-cancelled:{session.pk}:{session.revision}:{person.pk}",
            )
    return session


def _live_enrolments(course: Course):
    return Enrolment.objects.filter(course=course, status__in=Enrolment.LIVE).exclude(student=None)


def course_unpublish(*, course: Course, user: User, reason: str) -> Course:
    """Take a course off the prospectus. Students keep their places (it may come back); a
    reason is needed when anyone is enrolled or waiting, and they are told it."""
    if not user.is_manager:
        raise NotAllowed("Only a college manager can take a course off the prospectus.")
    reason = reason.strip()
    with transaction.atomic():
        course = Course.objects.select_for_update(of=("self",), no_key=True).get(pk=course.pk)
        if course.status != Course.Status.PUBLISHED:
            raise NotAllowed("This course is not on the prospectus.")
        enrolments = list(_live_enrolments(course).select_related("student"))
        if enrolments and not reason:
            raise NotAllowed(
                "Please say why: the students enrolled or waiting are told.", field="reason"
            )
        agreed = CourseSignOff.objects.filter(course=course, version=course.version).count() >= 2
        course.status = Course.Status.AGREED if agreed else Course.Status.DRAFT
        course.withdrawn_reason = reason
        course.save(update_fields=["status", "withdrawn_reason", "updated_at"])
        stamp = int(timezone.now().timestamp())
        for enrolment in enrolments:
            email_queue_template(
                to=enrolment.student.email,
                user=enrolment.student,
                subject=f"“{course.title}” has been taken off the prospectus for now",
                template="course_unpublished",
                context={"course": course, "enrolment": enrolment, "reason": reason},
                idempotency_key=f"course-unpublished:{course.pk}:{stamp}:{enrolment.pk}",
            )
    return course


def course_back_notify(*, course: Course) -> None:
    """Republished after a pause: tell the students who kept their places or waited."""
    stamp = int(timezone.now().timestamp())
    for enrolment in _live_enrolments(course).select_related("student"):
        email_queue_template(
            to=enrolment.student.email,
            user=enrolment.student,
            subject=f"“{course.title}” is back on the prospectus",
            template="course_republished",
            context={"course": course, "enrolment": enrolment},
            idempotency_key=f"course-back:{course.pk}:{stamp}:{enrolment.pk}",
        )


def course_cancel(*, course: Course, user: User, reason: str) -> Course:
    """Cancel a course for good: its sessions still to come are cancelled, every place
    and waiting-list entry ends, and the students and trainers are told why. A course
    that has already started keeps its past sessions, registers and the places of the
    people who came, so its figures stay true."""
    if not user.is_manager:
        raise NotAllowed("Only a college manager can cancel a course.")
    reason = reason.strip()
    with transaction.atomic():
        course = Course.objects.select_for_update(of=("self",), no_key=True).get(pk=course.pk)
        if course.status in (Course.Status.CANCELLED, Course.Status.ARCHIVED) or (
            course.is_template
        ):
            raise NotAllowed("This course cannot be cancelled.")
        enrolments = list(_live_enrolments(course).select_related("student"))
        if enrolments and not reason:
            raise NotAllowed(
                "Please say why: the students enrolled or waiting are told.", field="reason"
            )
        now = timezone.now()
        started = ScheduledSession.objects.filter(
            course=course, cancelled=False, starts_at__lte=now
        ).exists()
        ending = Enrolment.objects.filter(course=course, status__in=Enrolment.LIVE)
        if started:  # those enrolled took part: their places stay, as history
            ending = ending.exclude(status=Enrolment.Status.ENROLLED)
        ending.update(
            status=Enrolment.Status.COURSE_CANCELLED,
            ended_at=now,
            offer_expires_at=None,
            updated_at=now,
        )
        ScheduledSession.objects.filter(course=course, cancelled=False, starts_at__gt=now).update(
            cancelled=True, cancelled_reason=reason
        )
        course.status = Course.Status.CANCELLED
        course.places_taken = Enrolment.objects.filter(
            course=course, status=Enrolment.Status.ENROLLED
        ).count()
        course.withdrawn_reason = reason
        course.save(update_fields=["status", "places_taken", "withdrawn_reason", "updated_at"])
        people = [(e.student, e.pk, False) for e in enrolments]
        if course.pairing_id:
            people += [(t.user, f"t{t.pk}", True) for t in course.pairing.trainers]
        for person, key, trainer in people:
            email_queue_template(
                to=person.email,
                user=person,
                subject=f"“{course.title}” is cancelled",
                template="course_cancelled",
                context={
                    "course": course,
                    "name": person.get_short_name(),
                    "reason": reason,
                    "trainer": trainer,
                    "started": started,
                },
                idempotency_key=f"course-cancelled:{course.pk}:{key}",
            )
    return course
