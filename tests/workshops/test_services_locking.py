"""The one course lock (workshops/services/locking.py) and what takes it."""

from datetime import timedelta

import pytest
from django.db import transaction

from workshops.errors import OfferExpired
from workshops.models import Enrolment
from workshops.services import enrolment_cancel, offer_claim
from workshops.services.locking import LockOutsideTransaction, course_lock

from ..factories import open_course_make
from .enrolment_support import HOLD, NOW, enrolled, fresh, waiting


@pytest.mark.django_db(transaction=True)  # no test-wide transaction around it
def test_the_course_lock_refuses_to_run_outside_a_transaction(open_course):
    with pytest.raises(LockOutsideTransaction):
        course_lock(course_id=open_course.pk)


@pytest.mark.django_db
def test_the_course_lock_returns_the_course_as_it_is_now(open_course):
    type(open_course).objects.filter(pk=open_course.pk).update(capacity=9)
    with transaction.atomic():
        locked = course_lock(course_id=open_course.pk)
    assert (locked.pk, locked.capacity) == (open_course.pk, 9)


def _offer_on(course):
    """Two enrolled, one waiting; one gives up their place, so the waiting one is offered."""
    leaver, _ = enrolled(course, 2)
    (offered,) = waiting(course, 1)
    enrolment_cancel(enrolment=leaver, user=leaver.student)
    assert fresh(offered).status == Enrolment.Status.OFFERED
    return offered


@pytest.mark.django_db
def test_a_late_claim_passes_on_its_own_course_offer_and_leaves_other_courses_to_the_job(
    open_course, manager, time_machine
):
    other_course = open_course_make(manager=manager, capacity=2, title="Sleep and wellbeing")
    mine, theirs = _offer_on(open_course), _offer_on(other_course)
    time_machine.move_to(NOW + HOLD + timedelta(minutes=1), tick=False)

    with pytest.raises(OfferExpired):
        offer_claim(enrolment=mine, user=mine.student)

    assert fresh(mine).status == Enrolment.Status.EXPIRED
    assert fresh(theirs).status == Enrolment.Status.OFFERED  # the beat job's to expire
