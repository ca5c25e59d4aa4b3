from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

PROFILE = reverse("accounts:profile")


def _still_logged_in(client) -> bool:
    return client.get(PROFILE).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["peer_trainer", "practitioner_trainer", "manager"])
def test_staff_are_logged_out_after_30_idle_minutes(role, request, client_for):
    client = client_for(request.getfixturevalue(role))
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert _still_logged_in(client)
        traveller.shift(timedelta(minutes=31))
        assert not _still_logged_in(client)


@pytest.mark.django_db
def test_activity_keeps_a_trainer_logged_in(client_for, peer_trainer):
    client = client_for(peer_trainer)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(3):
            traveller.shift(timedelta(minutes=20))
            assert _still_logged_in(client)


@pytest.mark.django_db
def test_students_are_not_held_to_the_staff_timeout(client_for, student):
    client = client_for(student)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert _still_logged_in(client)
        traveller.shift(timedelta(hours=3))
        assert _still_logged_in(client)


STAY = reverse("accounts:stay-logged-in")
PLAN = "/courses/1/sessions/1/?tab=x"


@pytest.mark.django_db
def test_stay_logged_in_pushes_a_trainers_session_on(client_for, peer_trainer):
    client = client_for(peer_trainer)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        traveller.shift(timedelta(minutes=29))
        assert client.post(STAY).status_code == 204
        traveller.shift(timedelta(minutes=29))
        assert _still_logged_in(client)


@pytest.mark.django_db
def test_stay_logged_in_answers_401_once_logged_out(client):
    assert client.post(STAY).status_code == 401


@pytest.mark.django_db
def test_a_logged_out_htmx_request_is_sent_to_log_in_and_back_to_its_page(client):
    response = client.get(
        PROFILE, headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{PLAN}"}
    )
    assert response.status_code == 200
    assert response.content == b""
    assert response["HX-Redirect"] == (
        reverse("accounts:login") + "?next=%2Fcourses%2F1%2Fsessions%2F1%2F%3Ftab%3Dx"
    )


@pytest.mark.django_db
def test_the_htmx_redirect_never_points_to_another_site(client):
    response = client.get(
        PROFILE, headers={"HX-Request": "true", "HX-Current-URL": "https://evil.example/x"}
    )
    assert response["HX-Redirect"] == reverse("accounts:login") + "?next=%2Fx"


@pytest.mark.django_db
def test_a_logged_out_plain_request_still_gets_an_ordinary_redirect(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert "HX-Redirect" not in response
