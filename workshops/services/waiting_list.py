"""The waiting list's offers: a freed place is offered to the person waiting longest and
held for them; unclaimed offers pass on; offers never outlast the course's start; the
waiting list closes when the course starts.

Every function that changes places takes `course_lock` first (lock order in
`locking.py`). Joining the waiting list is in `enrolment.py`."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from recovery_college.accounts.models import User

from ..errors import NotAllowed, OfferExpired
from ..models import CollegeSettings, Course, Enrolment, ScheduledSession
from ..selectors.enrolment import first_session_start
from .locking import course_lock
from .notify import (
    enrolment_confirmed_notify,
    offer_expired_notify,
    offer_notify,
    waiting_list_closed_notify,
)

OFFER_NEVER_PAST = timedelta(hours=2)  # an offer ends at least this long before session 1


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
    """Offer every free place to the people waiting longest. The caller usually holds the
    course lock already; taking it again in the same transaction is free."""
    offers = []
    with transaction.atomic():
        course = course_lock(course_id=course.pk)
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
            offer_notify(offer=offer, course=course)
    return offers


def offer_claim(*, enrolment: Enrolment, user: User) -> Enrolment:
    """One click takes the offered place (already held, so it is never overbooked)."""
    if enrolment.student_id != user.pk:
        raise NotAllowed("This offer is for someone else.")
    with transaction.atomic():
        course = course_lock(course_id=enrolment.course_id)
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
            enrolment_confirmed_notify(enrolment=enrolment, course=course)
            return enrolment
    if late:  # the beat job has not got to it yet: pass this course's place on now
        offers_expire(course_ids=[enrolment.course_id])
    raise OfferExpired()


def _offers_due(now: datetime) -> Q:
    started = ScheduledSession.objects.filter(
        course=OuterRef("course"), cancelled=False, starts_at__lte=now
    )
    return Q(offer_expires_at__lte=now) | Q(Exists(started))


def offers_expire(*, now: datetime | None = None, course_ids: list[int] | None = None) -> int:
    """End unclaimed offers (past their time, or on a course that has started), tell the
    person, and offer the place onwards. The beat job runs it for every course; a
    student's late claim runs it for that course only (`course_ids`)."""
    now = now or timezone.now()
    due = _offers_due(now)
    if course_ids is None:
        course_ids = set(
            Enrolment.objects.filter(due, status=Enrolment.Status.OFFERED).values_list(
                "course_id", flat=True
            )
        )
    return sum(_course_offers_expire(course_id=c, due=due, now=now) for c in sorted(course_ids))


def _course_offers_expire(*, course_id: int, due: Q, now: datetime) -> int:
    with transaction.atomic():
        course = course_lock(course_id=course_id)
        offers = list(
            Enrolment.objects.select_for_update(of=("self",))
            .filter(due, course=course, status=Enrolment.Status.OFFERED)
            .select_related("student")
        )
        if not offers:
            return 0
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
                offer_expired_notify(offer=offer, course=course, passes_on=passes_on)
        course.places_taken -= len(offers)
        course.save(update_fields=["places_taken"])
        places_offer_next(course=course)
    return len(offers)


def offers_clamp(*, course: Course) -> None:
    """After the first session moves earlier, no offer may stay open past 2 hours before
    it (or, within those 2 hours, past its start). The caller holds the course lock."""
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
            offer_notify(offer=offer, course=course, shortened=True)


def waiting_lists_close(*, now: datetime | None = None, course_ids: list[int] | None = None) -> int:
    """Once a course's first session has started no place can be offered, so its waiting
    list closes: each waiting entry ends as `closed` and the student is told, once. The
    beat job runs it for every course; My courses and a student's place page read the
    same rule (`selectors.enrolment.waiting_closed`) so nobody is shown a place in a queue
    that has gone. Returns how many entries closed."""
    now = now or timezone.now()
    started = ScheduledSession.objects.filter(
        course=OuterRef("course"), cancelled=False, starts_at__lte=now
    )
    waiting = Enrolment.objects.filter(Exists(started), status=Enrolment.Status.WAITING)
    if course_ids is not None:
        waiting = waiting.filter(course_id__in=course_ids)
    due = sorted(set(waiting.values_list("course_id", flat=True)))
    return sum(_course_waiting_list_close(course_id=c, now=now) for c in due)


def _course_waiting_list_close(*, course_id: int, now: datetime) -> int:
    with transaction.atomic():
        course = course_lock(course_id=course_id)
        first = first_session_start(course)
        if first is None or first > now:  # moved later since we looked
            return 0
        entries = list(
            Enrolment.objects.select_for_update(of=("self",))
            .filter(course=course, status=Enrolment.Status.WAITING)
            .select_related("student")
        )
        for entry in entries:
            entry.status = Enrolment.Status.CLOSED
            entry.ended_at = now
            entry.save(update_fields=["status", "ended_at", "updated_at"])
        waiting_list_closed_notify(entries=entries, course=course)
    return len(entries)
