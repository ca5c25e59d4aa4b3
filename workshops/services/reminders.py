"""Beat jobs for students: reminders before each session and feedback invitations after
a course's last session. Each is safe to run as often as wanted: a reminder or an
invitation is queued once (a stamp on the row, plus the outbox's idempotency key)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from recovery_college.notifications.services import email_queue_template

from ..models import Attendance, Course, Enrolment, ScheduledSession
from .notify import Recipient, email_each

REMINDER_BEFORE = timedelta(hours=48)


def session_reminders_send(*, now: datetime | None = None) -> int:
    """Remind enrolled students, 48 hours (or less) before each session. (Someone with an
    offer to claim gets the offer's own emails instead.)"""
    now = now or timezone.now()
    sent = 0
    due = ScheduledSession.objects.filter(
        cancelled=False,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_BEFORE,
        course__status=Course.Status.PUBLISHED,
    ).select_related("course", "room__venue")
    for session in due:
        with transaction.atomic():
            claimed = ScheduledSession.objects.filter(
                pk=session.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue  # another beat run took it
            enrolments = (
                Enrolment.objects.filter(course=session.course, status=Enrolment.Status.ENROLLED)
                .exclude(student=None)
                .select_related("student")
            )
            recipients = [
                Recipient(e.student, str(e.pk), context={"enrolment": e}) for e in enrolments
            ]
            email_each(
                recipients,
                subject=f"Reminder: “{session.course.title}” on "
                f"{timezone.localtime(session.starts_at):%A %-d %B at %H:%M}",
                template="session_reminder",
                context={"session": session, "course": session.course},
                # Once per revision: a session moved (even back) is reminded again.
                key=f"reminder:{session.pk}:{session.revision}:{{who}}",
            )
            sent += len(recipients)
    return sent


def feedback_invitations_send(*, now: datetime | None = None) -> int:
    """After a course's last session has ended, invite each student who came to at least
    one session to give feedback, once."""
    now = now or timezone.now()
    came = Attendance.objects.filter(enrolment=OuterRef("pk"), status=Attendance.Status.PRESENT)
    finished = (
        ScheduledSession.objects.filter(cancelled=False)
        .values("course")
        .annotate(last=Max("ends_at"))
        .filter(last__lte=now)
        .values("course")
    )
    enrolments = (
        Enrolment.objects.filter(
            status=Enrolment.Status.ENROLLED,
            feedback_invited_at__isnull=True,
            course__in=finished,
            course__status__in=[Course.Status.PUBLISHED, Course.Status.ARCHIVED],
        )
        .filter(Exists(came))
        .exclude(student=None)
        .select_related("student", "course")
    )
    sent = 0
    for enrolment in enrolments:
        claimed = Enrolment.objects.filter(
            pk=enrolment.pk, feedback_invited_at__isnull=True
        ).update(feedback_invited_at=now)
        if not claimed:
            continue
        email_queue_template(
            to=enrolment.student.email,
            user=enrolment.student,
            subject=f"How was “{enrolment.course.title}”?",
            template="feedback_invitation",
            context={"enrolment": enrolment, "course": enrolment.course},
            idempotency_key=f"feedback-invite:{enrolment.pk}",
        )
        sent += 1
    return sent
