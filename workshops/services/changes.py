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


def _recipients(course: Course) -> list[tuple[str, str, bool]]:
    """(email, first name, is a trainer) of the students holding a place and of both
    trainers."""
    people = [(s.email, s.get_short_name(), False) for s in students_to_tell(course)]
    if course.pairing_id:
        people += [(t.user.email, t.user.get_short_name(), True) for t in course.pairing.trainers]
    return people


def _where(session: ScheduledSession | None) -> str:
    if session is None:
        return ""
    if session.room_id:
        return f"{session.room.name}, {session.room.venue.name}"
    return "Online (the joining link is on your My courses page)"


def _when(starts_at: datetime) -> str:
    return f"{timezone.localtime(starts_at):%A %-d %B %Y at %H:%M}"


def session_moved_notify(*, session: ScheduledSession, before: dict) -> None:
    """Tell the students and the trainers that a published course's session moved.
    `before` holds the old starts_at and place."""
    course = session.course
    if course.status != Course.Status.PUBLISHED:
        return
    for email, name, trainer in _recipients(course):
        email_queue_template(
            to=email,
            subject=f"“{course.title}” session {session.number} "
            + ("is back on" if before["cancelled"] else "has moved"),
            template="session_moved",
            context={
                "name": name,
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
            idempotency_key=f"session-moved:{session.pk}:{session.revision}:{email}",
        )


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
    """Cancel one session of a course. For a published course a reason is needed, and it
    goes to the students holding a place and to both trainers."""
    if not user.is_manager:
        raise NotAllowed("Only a college manager can cancel a session.")
    reason = reason.strip()
    with transaction.atomic():
        course = Course.objects.select_for_update(of=("self",)).get(pk=course.pk)
        session = (
            ScheduledSession.objects.select_for_update(of=("self",))
            .select_related("room__venue")
            .filter(course=course, number=number)
            .first()
        )
        if session is None or session.cancelled:
            raise NotAllowed(f"Session {number} is not scheduled.", field="number")
        if course.status == Course.Status.PUBLISHED and not reason:
            raise NotAllowed(
                "Please say why the session is cancelled: the students are told.",
                field="reason",
            )
        session.cancelled = True
        session.cancelled_reason = reason
        session.revision += 1
        session.save(update_fields=["cancelled", "cancelled_reason", "revision"])
        if course.status == Course.Status.PUBLISHED:
            for email, name, trainer in _recipients(course):
                email_queue_template(
                    to=email,
                    subject=f"“{course.title}” session {session.number} is cancelled",
                    template="session_cancelled",
                    context={
                        "name": name,
                        "trainer": trainer,
                        "course": course,
                        "session": session,
                        "when": _when(session.starts_at),
                        "reason": reason,
                    },
                    idempotency_key=f"session-cancelled:{session.pk}:{session.revision}:{email}",
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
        course = Course.objects.select_for_update(of=("self",)).get(pk=course.pk)
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
                subject=f"“{course.title}” has been taken off the prospectus for now",
                template="course_unpublished",
                context={"course": course, "enrolment": enrolment, "reason": reason},
                idempotency_key=f"course-unpublished:{course.pk}:{stamp}:{enrolment.pk}",
            )
    return course


def course_cancel(*, course: Course, user: User, reason: str) -> Course:
    """Cancel a course for good: its sessions are cancelled, every place and waiting-list
    entry ends, and the students and trainers are told why."""
    if not user.is_manager:
        raise NotAllowed("Only a college manager can cancel a course.")
    reason = reason.strip()
    with transaction.atomic():
        course = Course.objects.select_for_update(of=("self",)).get(pk=course.pk)
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
        trainers = course.pairing.trainers if course.pairing_id else ()
        Enrolment.objects.filter(course=course, status__in=Enrolment.LIVE).update(
            status=Enrolment.Status.CANCELLED, ended_at=now, offer_expires_at=None, updated_at=now
        )
        ScheduledSession.objects.filter(course=course, cancelled=False).update(
            cancelled=True, cancelled_reason=reason
        )
        course.status = Course.Status.CANCELLED
        course.places_taken = 0
        course.withdrawn_reason = reason
        course.save(update_fields=["status", "places_taken", "withdrawn_reason", "updated_at"])
        people = [(e.student.email, e.student.get_short_name(), e.pk, False) for e in enrolments]
        people += [(t.user.email, t.user.get_short_name(), f"t{t.pk}", True) for t in trainers]
        for email, name, key, trainer in people:
            email_queue_template(
                to=email,
                subject=f"“{course.title}” is cancelled",
                template="course_cancelled",
                context={"course": course, "name": name, "reason": reason, "trainer": trainer},
                idempotency_key=f"course-cancelled:{course.pk}:{key}",
            )
    return course
