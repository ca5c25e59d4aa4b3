"""A student's personal data when their account goes. The download is a read
(`selectors.personal_data.student_data`)."""

import contextlib

from recovery_college.accounts.models import User

from ..errors import NotAllowed
from ..models import Enrolment
from .attendance import walk_ins_forget
from .enrolment import enrolment_cancel


def student_forget(*, user: User) -> None:
    """Before an account is deleted: give up live places (they go to the waiting list)
    and strip everything personal from the enrolments, which stay so that numbers,
    attendance and feedback stay right. Runs once per deletion, from the account's
    `pre_delete` signal (see `workshops.apps`), whatever deleted it."""
    live = Enrolment.objects.filter(student=user, status__in=Enrolment.LIVE)
    for enrolment in live.order_by("course_id"):  # courses locked in one order
        # A course that has started keeps the place taken, so its figures stay right.
        with contextlib.suppress(NotAllowed):
            enrolment_cancel(enrolment=enrolment, user=user)
    Enrolment.objects.filter(student=user).update(
        student=None, access_needs="", goal="", share_goal=False
    )
    walk_ins_forget(user=user)
