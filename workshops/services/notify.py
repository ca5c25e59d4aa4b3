"""Every email the workshops services send, queued in the outbox inside the caller's
transaction (sent after commit, once: each has an idempotency key).

`email_each` is the one fan-out loop: a notice goes to a list of recipients, each with
their own greeting and key."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from recovery_college.accounts.models import User
from recovery_college.notifications.services import (
    email_body_render,
    email_queue_later,
    email_queue_template,
)

from ..models import Course, Enrolment, ScheduledSession

ACTIVITY_WINDOW_SECONDS = 15 * 60


@dataclass(frozen=True)
class Recipient:
    person: User
    key: str  # what makes this person's copy unique within the notice
    trainer: bool = False
    context: dict = field(default_factory=dict)


def email_each(
    recipients: list[Recipient], *, subject: str, template: str, context: dict, key: str
) -> None:
    """Queue one email per recipient, greeted by name. `key` is the idempotency key with
    `{who}` where the recipient's own key goes."""
    for recipient in recipients:
        person = recipient.person
        email_queue_template(
            to=person.email,
            user=person,
            subject=subject,
            template=template,
            context={
                "name": person.get_short_name(),
                "trainer": recipient.trainer,
                **context,
                **recipient.context,
            },
            idempotency_key=key.format(who=recipient.key),
        )


def when_long(starts_at: datetime) -> str:
    """ "Tuesday 3 March 2026 at 14:00" in the college's time zone."""
    return f"{timezone.localtime(starts_at):%A %-d %B %Y at %H:%M}"


def where(session: ScheduledSession | None) -> str:
    """Where a session is, for an email."""
    if session is None:
        return ""
    if session.room_id:
        return f"{session.room.name}, {session.room.venue.name}"
    return "Online (the joining link is on your My courses page)"


def trainers_of(course: Course, *, except_user: User | None = None) -> list[Recipient]:
    """The course's trainers (other than `except_user`, who acted, when a trainer acts),
    keyed by trainer, with the Trainer as `trainer` in the context."""
    if not course.pairing_id:
        return []
    return [
        Recipient(t.user, str(t.pk), True, {"trainer": t})
        for t in course.pairing.trainers
        if except_user is None or t.user_id != except_user.pk
    ]


# Trainers: the co-trainer's activity and sign-off.


def activity_notify(*, course: Course, actor, what: str) -> None:
    """Tell the co-trainer about changes and comments, at most one email per 15 minutes:
    the first activity in each 15-minute window sends; the rest of that window is quiet
    (the email points to the history, which has everything)."""
    window = int(timezone.now().timestamp() // ACTIVITY_WINDOW_SECONDS)
    email_each(
        trainers_of(course, except_user=actor),
        subject=f"{actor.full_name} has been working on “{course.title}”",
        template="course_activity",
        context={"course": course, "actor": actor, "what": what},
        key=f"course-activity:{course.pk}:{{who}}:{window}",
    )


def signoff_cleared_notify(*, course: Course, actor) -> None:
    email_each(
        trainers_of(course, except_user=actor),
        subject=f"“{course.title}” changed: please read and agree it again",
        template="course_signoff_cleared",
        context={"course": course, "actor": actor},
        key=f"course-signoff-cleared:{course.pk}:{course.version}:{{who}}",
    )


def agreed_notify(*, course: Course) -> None:
    email_each(
        trainers_of(course),
        subject=f"You have both agreed “{course.title}”",
        template="course_agreed",
        context={"course": course},
        key=f"course-agreed:{course.pk}:{course.version}:{{who}}",
    )


# Students: their place.


ENROLMENT_CONFIRMED = "workshops.enrolment_confirmed"


def enrolment_confirmed_notify(*, enrolment: Enrolment, course: Course) -> None:
    """The confirmation, with every session's date and place. The enrolling transaction
    writes only a small outbox row (a rush queues one per place taken, on the course's
    row lock); the worker writes the body when it sends it (`enrolment_confirmed_body`)."""
    email_queue_later(
        to=enrolment.student.email,
        user=enrolment.student,
        subject=f"You are enrolled on “{course.title}”",
        kind=ENROLMENT_CONFIRMED,
        object_id=enrolment.pk,
        idempotency_key=f"enrolled:{enrolment.pk}",
    )


def enrolment_confirmed_body(enrolment_id: int) -> str:
    """The confirmation's text, written by the worker just before it is sent (registered
    in WorkshopsConfig.ready). Raises Enrolment.DoesNotExist if the enrolment is gone or
    no longer has a student (their account was deleted): nothing is sent then."""
    from ..selectors.enrolment import course_sessions

    enrolment = Enrolment.objects.select_related("student", "course").get(
        pk=enrolment_id, student__isnull=False
    )
    return email_body_render(
        "enrolment_confirmed",
        {
            "enrolment": enrolment,
            "course": enrolment.course,
            "sessions": course_sessions(enrolment.course),
        },
    )


def waiting_list_joined_notify(*, enrolment: Enrolment, course: Course) -> None:
    from ..selectors.enrolment import waiting_position

    email_queue_template(
        to=enrolment.student.email,
        user=enrolment.student,
        subject=f"You are on the waiting list for “{course.title}”",
        template="enrolment_waiting",
        context={
            "enrolment": enrolment,
            "course": course,
            "position": waiting_position(enrolment),
        },
        idempotency_key=f"waiting:{enrolment.pk}",
    )


def offer_notify(*, offer: Enrolment, course: Course, shortened: bool = False) -> None:
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


def offer_expired_notify(*, offer: Enrolment, course: Course, passes_on: bool) -> None:
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


def waiting_list_closed_notify(*, entries: list[Enrolment], course: Course) -> None:
    """The course has started and no place came free: told once, kindly."""
    email_each(
        [Recipient(person=e.student, key=str(e.pk)) for e in entries if e.student is not None],
        subject=f"The waiting list for “{course.title}” has closed",
        template="waiting_list_closed",
        context={"course": course},
        key="waiting-closed:{who}",
    )


# Walk-ins: someone who came without enrolling and gave an email with no account.


def walk_in_invite_notify(*, walk_in, course: Course, session: ScheduledSession) -> None:
    """Thank a walk-in for coming and invite them to make an account (once)."""
    greeting = User(full_name=walk_in.name).get_short_name()
    email_queue_template(
        to=walk_in.email,
        subject=f"Thank you for coming to “{course.title}”",
        template="walk_in_invitation",
        context={
            "name": greeting,
            "course": course,
            "when": f"{timezone.localtime(session.starts_at):%A %-d %B}",
            "email": walk_in.email,
        },
        idempotency_key=f"walk-in-invite:{walk_in.pk}",
    )
