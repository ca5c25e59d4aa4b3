"""Messages from a course's trainers or managers to its students ("bring a notebook",
"we are in room 2 today"), sent through the outbox.

Each person gets a message once. The form carries a token made when it was opened; the
course lock serialises senders, so a double submit or a retried request finds the
message already made with that token and sends nothing more. Each email's outbox key is
the message and the place it goes to, so re-running the queueing is harmless too."""

from django.db import transaction

from ..errors import MessageError, MessageOutOfDate, NobodyToMessage, NotAllowed
from ..models import MESSAGE_MAX_LENGTH, Course, CourseMessage, CourseMessageRecipient
from ..permissions import can_message_students
from ..selectors.messages import message_audience, message_recipients, sender_label
from .locking import course_lock
from .notify import Recipient, email_each

TOKEN_MAX_LENGTH = 64


def _checked_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise MessageError("Write your message to the students.")
    if len(body) > MESSAGE_MAX_LENGTH:
        raise MessageError(
            f"Keep your message to {MESSAGE_MAX_LENGTH:,} characters or fewer. "
            f"It has {len(body):,}."
        )
    return body


def course_message_send(
    *, course: Course, user, body: str, include_waiting: bool, token: str
) -> tuple[CourseMessage, bool]:
    """Send `body` to everyone holding a place on the course (and, with
    `include_waiting`, to those on its open waiting list), each once. Returns the message
    and whether it was sent now (False: this token's message had already been sent)."""
    if not can_message_students(user, course):
        raise NotAllowed("Only the course's two trainers and college managers can do that.")
    body = _checked_body(body)
    token = (token or "").strip()
    if not token or len(token) > TOKEN_MAX_LENGTH:
        raise MessageOutOfDate()
    with transaction.atomic():
        course = course_lock(course_id=course.pk, select_related=("pairing",))
        existing = CourseMessage.objects.filter(token=token).first()
        if existing is not None:
            if existing.course_id != course.pk or existing.sender_id != user.pk:
                raise MessageOutOfDate()
            return existing, False
        enrolments = message_recipients(course=course, include_waiting=include_waiting)
        if not enrolments:
            audience = message_audience(course=course)
            if not include_waiting and audience.waiting and audience.waiting_open:
                raise NobodyToMessage(
                    "Nobody holds a place on this course yet. To reach the "
                    f"{audience.waiting} on the waiting list, tick “also send it to people "
                    "on the waiting list”."
                )
            raise NobodyToMessage()
        message = CourseMessage.objects.create(
            course=course,
            sender=user,
            body=body,
            include_waiting=include_waiting,
            recipient_count=len(enrolments),
            token=token,
        )
        CourseMessageRecipient.objects.bulk_create(
            CourseMessageRecipient(message=message, enrolment=e) for e in enrolments
        )
        email_each(
            [
                Recipient(e.student, str(e.pk), context={"waiting": e.status == "waiting"})
                for e in enrolments
            ],
            subject=f"A message about “{course.title}”",
            template="course_message",
            context={
                "course": course,
                "message": message,
                "from_label": sender_label(message, course),
            },
            key=f"course-message:{message.pk}:{{who}}",
        )
    return message, True
