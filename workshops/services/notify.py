from django.utils import timezone

from recovery_college.notifications.services import email_queue_template

from ..models import Course

ACTIVITY_WINDOW_SECONDS = 15 * 60


def _others(course: Course, actor) -> list:
    """The pair's trainers other than the actor (both, when a manager acts)."""
    return [t for t in course.pairing.trainers if t.user_id != actor.pk]


def activity_notify(*, course: Course, actor, what: str) -> None:
    """Tell the co-trainer about changes and comments, at most one email per 15 minutes:
    the first activity in each 15-minute window sends; the rest of that window is quiet
    (the email points to the history, which has everything)."""
    window = int(timezone.now().timestamp() // ACTIVITY_WINDOW_SECONDS)
    for trainer in _others(course, actor):
        email_queue_template(
            to=trainer.user.email,
            subject=f"{actor.full_name} has been working on “{course.title}”",
            template="course_activity",
            context={"course": course, "actor": actor, "what": what, "trainer": trainer},
            idempotency_key=f"course-activity:{course.pk}:{trainer.pk}:{window}",
        )


def signoff_cleared_notify(*, course: Course, actor) -> None:
    for trainer in _others(course, actor):
        email_queue_template(
            to=trainer.user.email,
            subject=f"“{course.title}” changed: please read and agree it again",
            template="course_signoff_cleared",
            context={"course": course, "actor": actor, "trainer": trainer},
            idempotency_key=f"course-signoff-cleared:{course.pk}:{course.version}:{trainer.pk}",
        )


def agreed_notify(*, course: Course) -> None:
    for trainer in course.pairing.trainers:
        email_queue_template(
            to=trainer.user.email,
            subject=f"You have both agreed “{course.title}”",
            template="course_agreed",
            context={"course": course, "trainer": trainer},
            idempotency_key=f"course-agreed:{course.pk}:{course.version}:{trainer.pk}",
        )
