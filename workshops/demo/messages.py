"""A message from a course's Peer Trainer to its students, so the first demo student
(Lucy) finds one on My courses. Written as rows (not through the service) so the demo
sends no email. Her past course, with her registers, already gives her a certificate."""


def seed_messages(*, student_emails: list[str]) -> None:
    from django.utils import timezone

    from ..models import CourseMessage, CourseMessageRecipient, Enrolment

    if CourseMessage.objects.exists() or not student_emails:
        return
    place = (
        Enrolment.objects.filter(
            student__email=student_emails[0],
            status=Enrolment.Status.ENROLLED,
            course__status="published",
            course__sessions__starts_at__gt=timezone.now(),
        )
        .select_related("course__pairing__peer__user")
        .order_by("course_id")
        .first()
    )
    if place is None:
        return
    course = place.course
    holders = list(Enrolment.objects.filter(course=course, status__in=Enrolment.HOLDING))
    message = CourseMessage.objects.create(
        course=course,
        sender=course.pairing.peer.user,
        body="Looking forward to meeting you all. Please bring a notebook and a pen; "
        "tea and coffee are provided.",
        include_waiting=False,
        recipient_count=len(holders),
        token="demo-message-1",
    )
    CourseMessageRecipient.objects.bulk_create(
        CourseMessageRecipient(message=message, enrolment=e) for e in holders
    )
