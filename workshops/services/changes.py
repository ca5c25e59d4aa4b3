"""Changes after publishing, and the people they are told to: moving or cancelling a
session, taking a course off the prospectus, cancelling a course. Every notice is
queued in the outbox inside the change's transaction and sent after commit, once."""

from django.db import transaction
from django.utils import timezone

from recovery_college.accounts.models import User

from ..errors import NotAllowed
from ..models import Course, CourseSignOff, Enrolment, ScheduledSession
from ..permissions import can_change_after_publishing
from ..selectors.enrolment import students_to_tell
from .locking import course_lock
from .notify import Recipient, email_each, trainers_of, when_long, where
from .prospectus_cache import prospectus_changed


def _holders_and_trainers(course: Course) -> list[Recipient]:
    """The students holding a place, and both trainers, keyed by person."""
    people = [Recipient(student, str(student.pk)) for student in students_to_tell(course)]
    return people + [Recipient(r.person, str(r.person.pk), True) for r in trainers_of(course)]


def _live_enrolments(course: Course):
    return Enrolment.objects.filter(course=course, status__in=Enrolment.LIVE).exclude(student=None)


def _affects_anyone(course: Course) -> bool:
    """A change matters to people when the course is on the prospectus or when anyone
    holds a place or waits (also while it is off the prospectus for a while)."""
    return course.status == Course.Status.PUBLISHED or _live_enrolments(course).exists()


def _students(enrolments) -> list[Recipient]:
    return [Recipient(e.student, str(e.pk), context={"enrolment": e}) for e in enrolments]


def session_moved_notify(*, session: ScheduledSession, before: dict) -> None:
    """Tell the students holding places and both trainers that a session moved (or, having
    been cancelled, is back on). `before` holds the old time and place."""
    course = session.course
    if not _affects_anyone(course):
        return
    email_each(
        _holders_and_trainers(course),
        subject=f"“{course.title}” session {session.number} "
        + ("is back on" if before["cancelled"] else "has moved"),
        template="session_moved",
        context={
            "course": course,
            "session": session,
            "was_when": when_long(before["starts_at"]),
            "was_where": before["where"],
            "was_cancelled": before["cancelled"],
            "now_when": when_long(session.starts_at),
            "now_where": where(session),
        },
        # One notice per person per change (the revision): A→B→A→B is three notices.
        key=f"session-moved:{session.pk}:{session.revision}:{{who}}",
    )


def session_snapshot(session: ScheduledSession | None) -> dict | None:
    """A session's time and place before a change, to compare with after it."""
    if session is None:
        return None
    return {
        "starts_at": session.starts_at,
        "room_id": session.room_id,
        "online_link": session.online_link,
        "where": "cancelled" if session.cancelled else where(session),
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
    if not can_change_after_publishing(user):
        raise NotAllowed("Only a college manager can cancel a session.")
    reason = reason.strip()
    with transaction.atomic():
        prospectus_changed()
        course = course_lock(course_id=course.pk)
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
        email_each(
            _holders_and_trainers(course),
            subject=f"“{course.title}” session {session.number} is cancelled",
            template="session_cancelled",
            context={
                "course": course,
                "session": session,
                "when": when_long(session.starts_at),
                "reason": reason,
            },
            key=f"session-cancelled:{session.pk}:{session.revision}:{{who}}",
        )
    return session


def course_unpublish(*, course: Course, user: User, reason: str) -> Course:
    """Take a course off the prospectus. Students keep their places (it may come back); a
    reason is needed when anyone is enrolled or waiting, and they are told it."""
    if not can_change_after_publishing(user):
        raise NotAllowed("Only a college manager can take a course off the prospectus.")
    reason = reason.strip()
    with transaction.atomic():
        prospectus_changed()
        course = course_lock(course_id=course.pk)
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
        email_each(
            _students(enrolments),
            subject=f"“{course.title}” has been taken off the prospectus for now",
            template="course_unpublished",
            context={"course": course, "reason": reason},
            key=f"course-unpublished:{course.pk}:{int(timezone.now().timestamp())}:{{who}}",
        )
    return course


def course_back_notify(*, course: Course) -> None:
    """Republished after a pause: tell the students who kept their places or waited."""
    email_each(
        _students(_live_enrolments(course).select_related("student")),
        subject=f"“{course.title}” is back on the prospectus",
        template="course_republished",
        context={"course": course},
        key=f"course-back:{course.pk}:{int(timezone.now().timestamp())}:{{who}}",
    )


def course_cancel(*, course: Course, user: User, reason: str) -> Course:
    """Cancel a course for good: its sessions still to come are cancelled, every place
    and waiting-list entry ends, and the students and trainers are told why. A course
    that has already started keeps its past sessions, registers and the places of the
    people who came, so its figures stay true."""
    if not can_change_after_publishing(user):
        raise NotAllowed("Only a college manager can cancel a course.")
    reason = reason.strip()
    with transaction.atomic():
        prospectus_changed()
        course = course_lock(course_id=course.pk)
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
        trainers = [Recipient(r.person, f"t{r.key}", True) for r in trainers_of(course)]
        email_each(
            [Recipient(e.student, str(e.pk)) for e in enrolments] + trainers,
            subject=f"“{course.title}” is cancelled",
            template="course_cancelled",
            context={"course": course, "reason": reason, "started": started},
            key=f"course-cancelled:{course.pk}:{{who}}",
        )
    return course
