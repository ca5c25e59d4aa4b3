"""Cancelling a place or leaving the waiting list (workshops:enrolment-cancel): a
confirmation first, the place offered on or the list moving up, and a second post
changing nothing."""

import pytest

from workshops.models import Enrolment
from workshops.services import enrolment_create, waiting_list_join

from ...factories import UserFactory, fresh
from .support import MY_COURSES, course_open, path_to


@pytest.mark.django_db
def test_cancelling_a_place_confirms_first_and_offers_it_to_the_first_person_waiting(
    client_for, student, manager, active_pairing, term, room
):
    course = course_open(
        manager=manager, pairing=active_pairing, term=term, room=room, capacity=1, title="Tea"
    )
    mine = enrolment_create(course=course, student=student)
    first_waiting = waiting_list_join(course=course, student=UserFactory())
    second_waiting = waiting_list_join(course=course, student=UserFactory())
    client = client_for(student)
    cancel_url = path_to("enrolment-cancel", mine.pk)

    page = client.get(cancel_url)
    assert page.status_code == 200
    assert "Cancel your place on “Tea”?" in page.content.decode()
    assert "Yes, cancel my place" in page.content.decode()
    assert fresh(mine).status == Enrolment.Status.ENROLLED

    response = client.post(cancel_url, follow=True)
    assert response.redirect_chain == [(MY_COURSES, 302)]
    assert "Your place on “Tea” is cancelled." in response.content.decode()
    assert fresh(mine).status == Enrolment.Status.CANCELLED
    assert fresh(first_waiting).status == Enrolment.Status.OFFERED
    assert fresh(first_waiting).offer_expires_at is not None
    assert fresh(second_waiting).status == Enrolment.Status.WAITING
    assert fresh(course).places_taken == 1  # held for the offer

    again = client.post(cancel_url, follow=True)
    assert again.redirect_chain == [(MY_COURSES, 302)]
    assert "That place was already cancelled." in again.content.decode()
    assert fresh(mine).status == Enrolment.Status.CANCELLED
    assert fresh(second_waiting).status == Enrolment.Status.WAITING
    assert fresh(course).places_taken == 1


@pytest.mark.django_db
def test_leaving_the_waiting_list_confirms_first_and_moves_the_next_person_up(
    client_for, student, full_course
):
    mine = waiting_list_join(course=full_course, student=student)
    behind = waiting_list_join(course=full_course, student=UserFactory())
    client = client_for(student)
    cancel_url = path_to("enrolment-cancel", mine.pk)

    page = client.get(cancel_url).content.decode()
    assert "Leave the waiting list for “Hearing voices”?" in page
    assert "Yes, leave the list" in page

    response = client.post(cancel_url, follow=True)
    assert response.redirect_chain == [(MY_COURSES, 302)]
    assert "You have left the waiting list for “Hearing voices”." in response.content.decode()
    assert fresh(mine).status == Enrolment.Status.LEFT
    behind_page = client_for(behind.student).get(path_to("enrolment-detail", behind.pk))
    assert "You are number 1 on the waiting list" in behind_page.content.decode()

    again = client.post(cancel_url, follow=True)
    assert "That place was already cancelled." in again.content.decode()
    assert fresh(mine).status == Enrolment.Status.LEFT
    assert fresh(full_course).places_taken == 1
