"""Publishing: only what both trainers agreed, taught by a pair in good standing, on dates
inside the term, reaches the public."""

from django.db import transaction

from recovery_college.accounts.models import User

from ..errors import NotAllowed
from ..models import Course, Enrolment
from ..permissions import can_publish
from ..selectors.publishing import publish_conditions
from .changes import course_back_notify
from .courses import course_go_live
from .locking import course_lock
from .prospectus_cache import prospectus_changed
from .waiting_list import places_offer_next


def course_publish(*, course: Course, user: User) -> Course:
    if not can_publish(user, course):
        raise NotAllowed("Only a college manager can publish a course.")
    with transaction.atomic():
        course = course_lock(course_id=course.pk)
        prospectus_changed()
        was_paused = course.status != Course.Status.PUBLISHED and (
            Enrolment.objects.filter(course=course, status__in=Enrolment.LIVE).exists()
        )
        unmet = [c.text for c in publish_conditions(course=course) if not c.met]
        if unmet:
            raise NotAllowed("This course cannot be published yet: " + " ".join(unmet))
        course.status = Course.Status.PUBLISHED
        course.withdrawn_reason = ""
        course_go_live(course)  # the version both agreed is what students read
        # Back on the prospectus after a pause: tell the students who kept their places,
        # and offer places freed meanwhile to those waiting.
        if was_paused:
            course_back_notify(course=course)
        places_offer_next(course=course)
    return course
