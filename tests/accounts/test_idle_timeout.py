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
