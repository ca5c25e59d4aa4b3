"""The register (workshops:register): taken on the day with the counts shown, not for
another pairing's trainer, closed until the day, and the same number of queries for 5
or 500 students."""

from datetime import timedelta

import pytest

from workshops.models import Attendance, Enrolment

from ...factories import PairingFactory
from .support import FIRST, bulk_students, path_to, queries_for


@pytest.mark.django_db
def test_a_trainer_takes_the_register_on_the_day_and_sees_the_counts(
    client_for, peer_trainer, register_course, clock
):
    clock.move_to(FIRST - timedelta(hours=1))  # the morning of session 1
    client = client_for(peer_trainer)
    url = path_to("register", register_course.pk, 1)
    amy = Enrolment.objects.get(course=register_course, student__full_name="Amy Able")
    ben = Enrolment.objects.get(course=register_course, student__full_name="Ben Bold")

    html = client.get(url).content.decode()
    assert "The register opens on the day" not in html
    assert f'name="mark-{amy.pk}" id="came-{amy.pk}" value="present"' in html
    assert f'name="mark-{ben.pk}" id="absent-{ben.pk}" value="absent"' in html
    assert "Wendy Waiting" not in html

    response = client.post(
        url, {f"mark-{amy.pk}": "present", f"mark-{ben.pk}": "absent"}, follow=True
    )
    assert response.redirect_chain == [(url, 302)]
    html = response.content.decode()
    assert "The register for session 1 is saved." in html
    assert "<span data-came-count>1</span> of 2 marked as came." in html
    assert dict(Attendance.objects.values_list("enrolment__student__full_name", "status")) == {
        "Amy Able": "present",
        "Ben Bold": "absent",
    }
    roster = client.get(path_to("course-students", register_course.pk))
    assert [(s.number, came, missed) for s, came, missed in roster.context["session_rows"]] == [
        (1, 1, 1),
        (2, 0, 0),
    ]
    assert "50% of marks were “came”" in roster.content.decode()


@pytest.mark.django_db
def test_another_pairings_trainer_cannot_open_the_register_or_sign_in_sheet(
    client_for, outsider_trainer, register_course, clock
):
    clock.move_to(FIRST - timedelta(hours=1))
    PairingFactory(peer=outsider_trainer.trainer, active=True)
    client = client_for(outsider_trainer)
    amy = Enrolment.objects.get(course=register_course, student__full_name="Amy Able")
    url = path_to("register", register_course.pk, 1)
    assert client.get(url).status_code == 404
    assert client.post(url, {f"mark-{amy.pk}": "present"}).status_code == 404
    assert client.get(path_to("sign-in-sheet", register_course.pk, 1)).status_code == 404
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_a_future_sessions_register_opens_on_the_day_and_refuses_a_post_plainly(
    client_for, practitioner_trainer, register_course
):
    client = client_for(practitioner_trainer)
    url = path_to("register", register_course.pk, 1)
    amy = Enrolment.objects.get(course=register_course, student__full_name="Amy Able")
    html = client.get(url).content.decode()
    assert "The register opens on the day of the session." in html
    assert "Save the register" not in html

    response = client.post(url, {f"mark-{amy.pk}": "present"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert response.content.decode().count("The register opens on the day of the session.") == 2
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_the_register_costs_the_same_for_5_and_500_students(client_for, peer_trainer, open_course):
    client = client_for(peer_trainer)
    url = path_to("register", open_course.pk, 1)
    bulk_students(open_course, 0, 5)
    with_5 = queries_for(client, url)
    bulk_students(open_course, 5, 495)
    with_500 = queries_for(client, url)
    assert client.get(url).content.decode().count('value="present"') == 450
    assert (with_5, with_500) == (7, 7)
