"""Reads for messages to a course's students: who a message goes to, what was sent (for
the course's pair and managers), and what each student was sent (My courses). Each in a
fixed number of queries however many messages and students there are."""

from dataclasses import dataclass

from django.utils import timezone

from ..models import Course, CourseMessage, CourseMessageRecipient, Enrolment
from .certificates import COURSE_STATUSES, certificates_ready
from .enrolment import first_session_start

RECENT_ON_COURSE_PAGE = 5


def waiting_list_open(course: Course) -> bool:
    """The waiting list closes when the first session starts (see `waiting_closed`)."""
    first = first_session_start(course)
    return first is None or first > timezone.now()


def message_recipients(*, course: Course, include_waiting: bool) -> list[Enrolment]:
    """Everyone holding a place on the course (enrolled, or offered one and not yet
    claimed), and, when asked, everyone on its waiting list while it is still open. Never
    a cancelled or ended place, nor anyone of another course. One query (two with the
    waiting list)."""
    statuses = list(Enrolment.HOLDING)
    if include_waiting and waiting_list_open(course):
        statuses.append(Enrolment.Status.WAITING)
    return list(
        Enrolment.objects.filter(course=course, status__in=statuses)
        .exclude(student=None)
        .select_related("student")
        .order_by("pk")
    )


@dataclass(frozen=True)
class Audience:
    """How many a message would reach, for the form's labels."""

    holding: int
    waiting: int
    waiting_open: bool


def message_audience(*, course: Course) -> Audience:
    counts = {"holding": 0, "waiting": 0}
    for status in (
        Enrolment.objects.filter(course=course, status__in=Enrolment.LIVE)
        .exclude(student=None)
        .values_list("status", flat=True)
    ):
        counts["waiting" if status == Enrolment.Status.WAITING else "holding"] += 1
    return Audience(counts["holding"], counts["waiting"], waiting_list_open(course))


def course_messages(*, course: Course, limit: int | None = None) -> list[CourseMessage]:
    """What was sent to the course's students, newest first, with who sent it (for the
    pair and managers: callers check `can_message_students`). One query."""
    messages = CourseMessage.objects.filter(course=course).select_related("sender")
    return list(messages[:limit] if limit else messages)


def sender_label(message: CourseMessage, course: Course) -> str:
    """Who a message is from, as a student reads it: one of the course's trainers by the
    name they chose to show the public ("Priya, Peer Trainer"), anyone else "the
    college". A trainer's full name is never shown to students unless they chose it."""
    trainer = getattr(message.sender, "trainer", None) if message.sender_id else None
    pairing = course.pairing if course.pairing_id else None
    if trainer is not None and pairing and trainer.pk in (pairing.peer_id, pairing.practitioner_id):
        return f"{trainer.public_name}, {trainer.get_kind_display()}"
    return "The college"


def student_messages(*, user) -> dict[int, list[CourseMessage]]:
    """The messages sent to the student, by enrolment, newest first, each with `from_label`
    (see `sender_label`). One query."""
    found: dict[int, list[CourseMessage]] = {}
    rows = (
        CourseMessageRecipient.objects.filter(enrolment__student=user)
        .select_related("message__sender__trainer", "message__course__pairing")
        .order_by("-message__created_at", "-message_id")
    )
    for row in rows:
        message = row.message
        message.from_label = sender_label(message, message.course)
        found.setdefault(row.enrolment_id, []).append(message)
    return found


def my_courses_extras(*, user, mine) -> None:
    """Give each place on the student's My courses (`mine`, from `my_courses`) the
    messages sent to it (`course_messages`) and whether its certificate can be downloaded
    (`certificate`). Two queries however many courses and messages: the messages only
    when a place was sent any, and the certificates only when a place could have one
    (enrolled on a course whose last live session has ended): `my_courses` already knows
    both. None, no places at all."""
    places = [*mine.offers, *mine.upcoming, *mine.waiting, *mine.past]
    if not places:
        return
    now = timezone.now()
    finished = any(
        e.status == Enrolment.Status.ENROLLED
        and e.course.status in COURSE_STATUSES
        and e.last_end is not None
        and e.last_end <= now
        for e in places
    )
    sent = student_messages(user=user) if any(e.has_messages for e in places) else {}
    ready = certificates_ready(user=user, now=now) if finished else set()
    for enrolment in places:
        enrolment.course_messages = sent.get(enrolment.pk, [])
        enrolment.certificate = enrolment.pk in ready
