"""Students' anonymous feedback on a course."""

from django.db import transaction
from django.utils import timezone

from recovery_college.accounts.models import User

from ..errors import NotAllowed
from ..models import Enrolment, Feedback
from ..selectors.feedback import feedback_due


def feedback_give(*, enrolment: Enrolment, user: User, **answers) -> bool:
    """Store a student's anonymous feedback, once. The response has no link to them: the
    enrolment records only the day feedback was given. Returns False if it was given
    already (a second submit)."""
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
