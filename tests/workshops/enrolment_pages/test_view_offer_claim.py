"""Claiming an offered place (workshops:offer-claim): one button, and a late claim refused
plainly."""

from datetime import timedelta

import pytest

from workshops.models import Enrolment
from workshops.services import waiting_list_join

from ...factories import UserFactory, fresh
from .support import MY_COURSES, offer_to, path_to


@pytest.mark.django_db
def test_an_offer_is_claimed_with_one_button(client_for, student, full_course):
    waiting_list_join(course=full_course, student=student)
    offer = offer_to(full_course, student)
    client = client_for(student)
    claim_url = path_to("offer-claim", offer.pk)

    html = client.get(claim_url).content.decode()
    assert html.count("Claim my place</button>") == 1
    assert "held for you until" in html

    response = client.post(claim_url)
    assert response.status_code == 302
    assert response["Location"] == path_to("enrolment-detail", offer.pk)
    assert fresh(offer).status == Enrolment.Status.ENROLLED
    assert fresh(offer).offer_expires_at is None
    assert fresh(full_course).places_taken == 1


@pytest.mark.django_db
def test_an_expired_offer_says_so_and_a_late_claim_is_refused_plainly(
    client_for, student, full_course, clock
):
    waiting_list_join(course=full_course, student=student)
    next_in_line = waiting_list_join(course=full_course, student=UserFactory())
    offer = offer_to(full_course, student)
    clock.move_to(offer.offer_expires_at + timedelta(minutes=1))
    client = client_for(student)
    claim_url = path_to("offer-claim", offer.pk)

    html = client.get(claim_url).content.decode()
    assert "the time to claim this place has passed" in html
    assert "Claim my place</button>" not in html

    response = client.post(claim_url, follow=True)
    assert response.redirect_chain == [(MY_COURSES, 302)]
    assert (
        "Sorry, the time to claim this place has passed, so it was offered to the next person "
        "waiting." in response.content.decode()
    )
    assert fresh(offer).status == Enrolment.Status.EXPIRED
    assert fresh(next_in_line).status == Enrolment.Status.OFFERED
    assert fresh(full_course).places_taken == 1
