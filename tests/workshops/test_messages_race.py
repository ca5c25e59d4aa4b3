"""A message submitted twice at the same moment (a double click, a retried request),
each on its own connection: one message, each student emailed once. PostgreSQL only
(the course's row lock serialises the two)."""

import pytest

from recovery_college.notifications.models import OutboxMessage
from workshops.models import Course, CourseMessage
from workshops.services.messages import course_message_send

from ..factories import ManagerFactory, open_course_make
from .enrolment_support import enrolled
from .test_enrolment_race import _run_together

REPEATS = 5


def _send(course_id, user, token):
    return lambda: course_message_send(
        course=Course.objects.get(pk=course_id),
        user=user,
        body="We are in room 2 today.",
        include_waiting=False,
        token=token,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_at_once_makes_one_message_and_one_email_each():
    manager = ManagerFactory()
    for repeat in range(REPEATS):
        course = open_course_make(manager=manager, capacity=3, title=f"Message race {repeat}")
        places = enrolled(course, 3)

        results = _run_together(*[_send(course.pk, manager, f"race-{repeat}") for _ in range(2)])

        assert sorted(sent_now for _message, sent_now in results) == [False, True], results
        assert CourseMessage.objects.filter(course=course).count() == 1
        emails = OutboxMessage.objects.filter(subject=f"A message about “Message race {repeat}”")
        assert sorted(emails.values_list("to", flat=True)) == sorted(
            p.student.email for p in places
        )
