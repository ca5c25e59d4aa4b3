"""Students' places: enrolling, the waiting list, offers, cancelling.

Never overbooked: `Course.places_taken` counts enrolled students plus places held for an
offer. Enrolling takes a place with one conditional UPDATE (`places_taken < capacity`);
a CheckConstraint on Course is the backstop. Every other change to a course's places
locks the course row first (then its enrolments), so the order of locks is always the
same and two requests cannot both give away the last place."""

import contextlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Min, OuterRef, Q
from django.utils import timezone

from recovery_college.accounts.models import User
from recovery_college.notifications.services import email_queue_template

from ..errors import CourseFull, EnrolmentClosed, NotAllowed, OfferExpired
from ..models import CollegeSettings, Course, Enrolment, ScheduledSession

OFFER_NEVER_PAST = timedelta(hours=2)  # an offer ends at least this long before session 1


@dataclass(frozen=True)
class Window:
    """Whether enrolment is open now, and if not, why, in plain words."""

    open: bool
    reason: str = ""
    opens_on: object = None
    closes_at: datetime | None = None


def first_session_start(course: Course) -> datetime | None:
    """The start of the first live session (uses the prefetched sessions when present)."""
    cache = getattr(course, "_prefetched_objects_cache", {})
    if "sessions" in cache:
        starts = [s.starts_at for s in cache["sessions"] if not s.cancelled]
        return min(starts) if starts else None
    return ScheduledSession.objects.filter(course=course, cancelled=False).aggregate(
        first=Min("starts_at")
    )["first"]


def enrolment_window(course: Course, *, now: datetime | None = None) -> Window:
    now = now or timezone.now()
    first = first_session_start(course)
    if course.status != Course.Status.PUBLISHED or course.term_id is None or first is None:
        return Window(False, "This course is not open for enrolment.")
    opens_on = course.term.enrolment_opens_on
    if timezone.localdate(now) < opens_on:
        return Window(
            False,
            f"Enrolment opens on {opens_on:%A %-d %B %Y}.",
            opens_on=opens_on,
            closes_at=first,
        )
    if now >= first:
        return Window(False, "Enrolment has closed: the course has started.", closes_at=first)
    return Window(True, closes_at=first)


def live_enrolment(*, course: Course, student: User) -> Enrolment | None:
    return Enrolment.objects.filter(
        course=course, student=student, status__in=Enrolment.LIVE
    ).first()


def _check_may_take_part(course: Course, student: User) -> None:
    window = enrolment_window(course)
    if not window.open:
        raise EnrolmentClosed(window.reason)
    if course.pairing and student.pk in (
        course.pairing.peer.user_id,
        course.pairing.practitioner.user_id,
    ):
        raise NotAllowed("You teach this course, so you cannot enrol on it.")


def _details(enrolment: Enrolment, *, access_needs: str, goal: str, share_goal: bool) -> None:
    enrolment.access_needs = access_needs.strip()
    enrolment.goal = goal.strip()
    enrolment.share_goal = bool(share_goal and enrolment.goal)


def enrol(
    *,
    course: Course,
    student: User,
    access_needs: str = "",
    goal: str = "",
    share_goal: bool = False,
) -> Enrolment:
    """Take a place on the whole course. Raises CourseFull when there is none (the caller
    offers the waiting list). A second submit by the same student returns the first
    enrolment rather than taking another place."""
    _check_may_take_part(course, student)
    existing = live_enrolment(course=course, student=student)
    if existing is not None:
        return existing
    sessions = _course_sessions(course)  # read before the place is taken (and locked)
    try:
        with transaction.atomic():
            # A free place while people wait is theirs (it is being offered): no queue jumping.
            waiting = Enrolment.objects.filter(course=OuterRef("pk"), status="waiting")
            taken = (
                Course.objects.filter(
                    pk=course.pk,
                    status=Course.Status.PUBLISHED,
                    capacity__isnull=False,
                    places_taken__lt=F("capacity"),
                )
                .filter(~Exists(waiting))
                .update(places_taken=F("places_taken") + 1)
            )
            if not taken:
                raise CourseFull()
            enrolment = Enrolment(course=course, student=student, status=Enrolment.Status.ENROLLED)
            _details(enrolment, access_needs=access_needs, goal=goal, share_goal=share_goal)
            enrolment.save()
            _notify_enrolled(enrolment, sessions=sessions)
    except (IntegrityError, CourseFull):
        # The same student's other request (a double submit) enrolled a moment ago: this
        # one's place was rolled back, or there was none left because that one took it.
        existing = live_enrolment(course=course, student=student)
        if existing is not None:
            return existing
        if not Course.objects.filter(pk=course.pk, status=Course.Status.PUBLISHED).exists():
            raise EnrolmentClosed("This course is not open for enrolment.") from None
        raise
    return enrolment


def waiting_list_join(
    *,
    course: Course,
    student: User,
    access_needs: str = "",
    goal: str = "",
    share_goal: bool = False,
) -> Enrolment:
    """Join the waiting list of a full course (or, if a place is free after all and
    nobody is waiting, simply enrol)."""
    _check_may_take_part(course, student)
    existing = live_enrolment(course=course, student=student)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            locked = Course.objects.select_for_update(no_key=True).get(pk=course.pk)
            if locked.status != Course.Status.PUBLISHED:
                raise EnrolmentClosed("This course is not open for enrolment.")
            waiting = Enrolment.objects.filter(course=course, status=Enrolment.Status.WAITING)
            if locked.places_left and not waiting.exists():
                return enrol(
                    course=locked,
                    student=student,
                    access_needs=access_needs,
                    goal=goal,
                    share_goal=share_goal,
                )
            enrolment = Enrolment(course=course, student=student, status=Enrolment.Status.WAITING)
            _details(enrolment, access_needs=access_needs, goal=goal, share_goal=share_goal)
            enrolment.save()
            email_queue_template(
                to=student.email,
                user=student,
                subject=f"You are on the waiting list for “{course.title}”",
                template="enrolment_waiting",
                context={
                    "enrolment": enrolment,
                    "course": course,
                    "position": waiting_position(enrolment),
                },
                idempotency_key=f"waiting:{enrolment.pk}",
            )
    except IntegrityError:
        existing = live_enrolment(course=course, student=student)
        if existing is None:
            raise
        return existing
    return enrolment


def waiting_position(enrolment: Enrolment) -> int:
    return (
        Enrolment.objects.filter(course_id=enrolment.course_id, status=Enrolment.Status.WAITING)
        .filter(
            Q(created_at__lt=enrolment.created_at)
            | Q(created_at=enrolment.created_at, pk__lt=enrolment.pk)
        )
        .count()
        + 1
    )


def enrolment_details_update(
    *, enrolment: Enrolment, user: User, access_needs: str, goal: str, share_goal: bool
) -> Enrolment:
    if enrolment.student_id != user.pk:
        raise NotAllowed("Only the student can change these.")
    _details(enrolment, access_needs=access_needs, goal=goal, share_goal=share_goal)
    enrolment.save(update_fields=["access_needs", "goal", "share_goal", "updated_at"])
    return enrolment


def enrolment_cancel(*, enrolment: Enrolment, user: User) -> Enrolment:
    """The student gives up their place (or declines an offer, or leaves the waiting
    list). A freed place goes to the first person waiting at once."""
    if enrolment.student_id != user.pk:
        raise NotAllowed("Only the student can cancel their place.")
    with transaction.atomic():
        course = Course.objects.select_for_update(no_key=True).get(pk=enrolment.course_id)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status not in Enrolment.LIVE:
            return enrolment  # already cancelled: a second click changes nothing
        if enrolment.status == Enrolment.Status.ENROLLED:
            first = first_session_start(course)
            if first is not None and timezone.now() >= first:
                raise NotAllowed(
                    "The course has started, so the place can no longer be cancelled here. "
                    "If you cannot come, please tell the trainers."
                )
        holding = enrolment.status in Enrolment.HOLDING
        enrolment.status = Enrolment.Status.CANCELLED if holding else Enrolment.Status.LEFT
        enrolment.ended_at = timezone.now()
        enrolment.offer_expires_at = None
        enrolment.save(update_fields=["status", "ended_at", "offer_expires_at", "updated_at"])
        if holding:
            course.places_taken -= 1
            course.save(update_fields=["places_taken"])
            places_offer_next(course=course)
    return enrolment


def offer_limit(course: Course, *, now: datetime | None = None) -> datetime | None:
    """The latest an offer may stay open: 2 hours before the first session; in those last
    2 hours, until the session starts (a short offer still beats none). None once the
    course has started."""
    now = now or timezone.now()
    first = first_session_start(course)
    if first is None or first <= now:
        return None
    return first - OFFER_NEVER_PAST if first - OFFER_NEVER_PAST > now else first


def offer_expiry(course: Course, *, now: datetime | None = None) -> datetime | None:
    """When an offer made now would end: the college's hold time, cut short by
    `offer_limit`. None when the course has started."""
    now = now or timezone.now()
    limit = offer_limit(course, now=now)
    if limit is None:
        return None
    return min(now + timedelta(hours=CollegeSettings.load().offer_hold_hours), limit)


def places_offer_next(*, course: Course) -> list[Enrolment]:
    """Offer every free place to the people waiting longest. The caller holds the lock on
    the course row (this locks it too, to be safe when called on its own)."""
    offers = []
    with transaction.atomic():
        course = Course.objects.select_for_update(no_key=True).get(pk=course.pk)
        if course.status != Course.Status.PUBLISHED:
            return offers
        expires = offer_expiry(course)
        if expires is None:
            return offers
        while course.places_taken < (course.capacity or 0):
            waiting = (
                Enrolment.objects.select_for_update()
                .filter(course=course, status=Enrolment.Status.WAITING, student__isnull=False)
                .order_by("created_at", "id")
                .first()
            )
            if waiting is None:
                break
            waiting.status = Enrolment.Status.OFFERED
            waiting.offer_expires_at = expires
            waiting.save(update_fields=["status", "offer_expires_at", "updated_at"])
            course.places_taken += 1
            offers.append(waiting)
        course.save(update_fields=["places_taken"])
        for offer in offers:
            offer_email(offer=offer, course=course)
    return offers


def offer_email(*, offer: Enrolment, course: Course, shortened: bool = False) -> None:
    """The offer, or (`shortened`) its new, earlier deadline after the course moved."""
    deadline = f"{timezone.localtime(offer.offer_expires_at):%-d %B, %H:%M}"
    email_queue_template(
        to=offer.student.email,
        user=offer.student,
        subject=(
            f"The course moved: claim your place on “{course.title}” by {deadline}"
            if shortened
            else f"A place is free on “{course.title}”: claim it by {deadline}"
        ),
        template="enrolment_offer",
        context={"enrolment": offer, "course": course, "shortened": shortened},
        idempotency_key=f"offer:{offer.pk}:{int(offer.offer_expires_at.timestamp())}",
    )


def offer_claim(*, enrolment: Enrolment, user: User) -> Enrolment:
    """One click takes the offered place (already held, so it is never overbooked)."""
    if enrolment.student_id != user.pk:
        raise NotAllowed("This offer is for someone else.")
    with transaction.atomic():
        course = Course.objects.select_for_update(no_key=True).get(pk=enrolment.course_id)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status == Enrolment.Status.ENROLLED:
            return enrolment  # claimed already (a second click)
        first = first_session_start(course)
        now = timezone.now()
        late = enrolment.status == Enrolment.Status.OFFERED and (
            enrolment.offer_expires_at <= now or (first is not None and first <= now)
        )
        if enrolment.status == Enrolment.Status.OFFERED and not late:
            enrolment.status = Enrolment.Status.ENROLLED
            enrolment.offer_expires_at = None
            enrolment.save(update_fields=["status", "offer_expires_at", "updated_at"])
            _notify_enrolled(enrolment)
            return enrolment
    if late:  # the beat job has not got to it yet: pass the place on now
        offers_expire()
    raise OfferExpired()


def offers_expire(*, now: datetime | None = None) -> int:
    """Beat job: end unclaimed offers (past their time, or on a course that has started),
    tell the person, and offer the place onwards."""
    now = now or timezone.now()
    started = ScheduledSession.objects.filter(
        course=OuterRef("course"), cancelled=False, starts_at__lte=now
    )
    due = Q(offer_expires_at__lte=now) | Q(Exists(started))
    course_ids = set(
        Enrolment.objects.filter(due, status=Enrolment.Status.OFFERED).values_list(
            "course_id", flat=True
        )
    )
    expired = 0
    for course_id in course_ids:
        with transaction.atomic():
            course = Course.objects.select_for_update(no_key=True).get(pk=course_id)
            offers = list(
                Enrolment.objects.select_for_update(of=("self",))
                .filter(due, course=course, status=Enrolment.Status.OFFERED)
                .select_related("student")
            )
            passes_on = offer_expiry(course, now=now) is not None and (
                Enrolment.objects.filter(
                    course=course, status=Enrolment.Status.WAITING, student__isnull=False
                ).exists()
            )
            for offer in offers:
                offer.status = Enrolment.Status.EXPIRED
                offer.ended_at = now
                offer.save(update_fields=["status", "ended_at", "updated_at"])
                if offer.student is not None:
                    email_queue_template(
                        to=offer.student.email,
                        user=offer.student,
                        subject=(
                            f"The place on “{course.title}” has passed to the next person"
                            if passes_on
                            else f"The place held for you on “{course.title}” was not claimed"
                        ),
                        template="enrolment_offer_expired",
                        context={"enrolment": offer, "course": course, "passes_on": passes_on},
                        idempotency_key=f"offer-expired:{offer.pk}",
                    )
            course.places_taken -= len(offers)
            course.save(update_fields=["places_taken"])
            expired += len(offers)
            places_offer_next(course=course)
    return expired


def _course_sessions(course: Course) -> list[ScheduledSession]:
    return list(
        ScheduledSession.objects.filter(course=course, cancelled=False)
        .select_related("room__venue")
        .order_by("starts_at")
    )


def _notify_enrolled(enrolment: Enrolment, *, sessions: list | None = None) -> None:
    """The confirmation, queued in the caller's transaction. `sessions` read beforehand
    keeps the query out of the place-taking lock."""
    course = enrolment.course
    email_queue_template(
        to=enrolment.student.email,
        user=enrolment.student,
        subject=f"You are enrolled on “{course.title}”",
        template="enrolment_confirmed",
        context={
            "enrolment": enrolment,
            "course": course,
            "sessions": sessions if sessions is not None else _course_sessions(course),
        },
        idempotency_key=f"enrolled:{enrolment.pk}",
    )


def students_to_tell(course: Course) -> list[User]:
    """Students holding a place (enrolled or offered): the people a change affects."""
    return [
        e.student
        for e in Enrolment.objects.filter(course=course, status__in=Enrolment.HOLDING)
        .exclude(student=None)
        .select_related("student")
    ]


def attendance_mark(*, session: ScheduledSession, user: User, marks: dict[int, str]) -> int:
    """Record who came to a session: {enrolment id: "present" | "absent" | ""}. An empty
    value clears a mark. Only the course's trainers and managers may mark, and only
    for people enrolled on the course. Returns how many marks changed."""
    from ..models import Attendance
    from ..permissions import can_mark_attendance

    course = session.course
    if not can_mark_attendance(user, course):
        raise NotAllowed("Only the course's trainers and college managers can take the register.")
    if register_opens_later(session):
        raise NotAllowed("The register opens on the day of the session.")
    enrolled = set(
        Enrolment.objects.filter(
            course=course, status=Enrolment.Status.ENROLLED, pk__in=list(marks)
        ).values_list("pk", flat=True)
    )
    changed = 0
    with transaction.atomic():
        # Both trainers saving at once take turns here, so neither inserts a duplicate.
        ScheduledSession.objects.select_for_update().get(pk=session.pk)
        existing = {
            a.enrolment_id: a
            for a in Attendance.objects.select_for_update().filter(
                session=session, enrolment_id__in=enrolled
            )
        }
        for enrolment_id, status in marks.items():
            if enrolment_id not in enrolled:
                continue
            mark = existing.get(enrolment_id)
            if not status:
                if mark is not None:
                    mark.delete()
                    changed += 1
                continue
            if status not in Attendance.Status.values:
                raise NotAllowed("Choose “came” or “did not come”.")
            if mark is None:
                Attendance.objects.create(
                    session=session, enrolment_id=enrolment_id, status=status, marked_by=user
                )
                changed += 1
            elif mark.status != status:
                mark.status = status
                mark.marked_by = user
                mark.save(update_fields=["status", "marked_by", "marked_at"])
                changed += 1
    return changed


def student_forget(*, user: User) -> None:
    """Before an account is deleted: give up live places (they go to the waiting list)
    and strip everything personal from the enrolments, which stay so that numbers,
    attendance and feedback stay right."""
    live = Enrolment.objects.filter(student=user, status__in=Enrolment.LIVE)
    for enrolment in live.order_by("course_id"):  # courses locked in one order
        # A course that has started keeps the place taken, so its figures stay right.
        with contextlib.suppress(NotAllowed):
            enrolment_cancel(enrolment=enrolment, user=user)
    Enrolment.objects.filter(student=user).update(
        student=None, access_needs="", goal="", share_goal=False
    )


def student_data(*, user: User) -> list[dict]:
    """A student's enrolments as plain data, for their download."""
    from ..models import Attendance

    marks = {}
    for enrolment_id, number, status in Attendance.objects.filter(
        enrolment__student=user
    ).values_list("enrolment_id", "session__number", "status"):
        marks.setdefault(enrolment_id, {})[f"session {number}"] = status
    return [
        {
            "course": e.course.title,
            "term": e.course.term.name if e.course.term_id else None,
            "status": e.status,
            "since": e.created_at.isoformat(),
            "ended": e.ended_at.isoformat() if e.ended_at else None,
            "offer_ends": e.offer_expires_at.isoformat() if e.offer_expires_at else None,
            "anything_that_would_help_you_take_part": e.access_needs,
            "your_learning_goal": e.goal,
            "goal_shared_with_trainers": e.share_goal,
            "attendance": marks.get(e.pk, {}),
            "feedback_given": e.feedback_given_on is not None,
        }
        for e in Enrolment.objects.filter(student=user).select_related("course__term")
    ]


def feedback_due(enrolment: Enrolment) -> bool:
    """Invited (they came, the course is over) and not yet given."""
    return (
        enrolment.status == Enrolment.Status.ENROLLED
        and enrolment.feedback_invited_at is not None
        and enrolment.feedback_given_on is None
    )


def feedback_give(*, enrolment: Enrolment, user: User, **answers) -> bool:
    """Store a student's anonymous feedback, once. The response has no link to them: the
    enrolment records only the day feedback was given. Returns False if it was given
    already (a second submit)."""
    from ..models import Feedback

    if enrolment.student_id != user.pk:
        raise NotAllowed("Only the student can give feedback on their course.")
    if enrolment.feedback_given_on is None and not feedback_due(enrolment):
        raise NotAllowed("Feedback opens after the course's last session.")
    with transaction.atomic():
        given = Enrolment.objects.filter(pk=enrolment.pk, feedback_given_on__isnull=True).update(
            feedback_given_on=timezone.localdate()
        )
        if given:
            Feedback.objects.create(course_id=enrolment.course_id, **answers)
    return bool(given)


def calendar_feed_reset(*, user: User) -> bool:
    """Make the student's secret calendar address, or replace it (the old one stops).
    Returns True when it is new."""
    from ..models import CalendarFeed

    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.reset()
    return created


def register_opens_later(session: ScheduledSession) -> bool:
    """The register opens on the day of the session (Europe/London)."""
    return timezone.localtime(session.starts_at).date() > timezone.localdate()
