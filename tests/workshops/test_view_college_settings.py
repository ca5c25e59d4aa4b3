"""College settings (workshops:college-settings): the share of sessions for an attendance
certificate, 50% unless a manager changes it, from 1 to 100 with plain errors; managers
only."""

import pytest
from django.urls import reverse

from workshops.models import CollegeSettings

URL = reverse("workshops:college-settings")
FIELDS = {"peer_share_threshold": "30", "offer_hold_hours": "48"}


def test_the_certificate_share_is_half_unless_changed(db):
    assert CollegeSettings.load().certificate_threshold == 50


@pytest.mark.django_db
def test_a_manager_sets_the_certificate_share(client_for, manager):
    response = client_for(manager).post(URL, {**FIELDS, "certificate_threshold": "75"})
    assert response.status_code == 302
    assert CollegeSettings.load().certificate_threshold == 75


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "Enter a percentage from 1 to 100."),
        ("0", "Enter a percentage from 1 to 100."),
        ("101", "Enter a percentage from 1 to 100."),
        ("-5", "Enter a percentage from 1 to 100."),
        ("50%", "Enter a whole number from 1 to 100, without the % sign."),
        ("half", "Enter a whole number from 1 to 100, without the % sign."),
        ("99999999999999999999999", "Enter a percentage from 1 to 100."),
    ],
)
def test_a_share_outside_1_to_100_is_refused_beside_the_field(client_for, manager, typed, error):
    response = client_for(manager).post(URL, {**FIELDS, "certificate_threshold": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and error in html
    assert f'value="{typed}"' in html or typed == ""
    assert CollegeSettings.load().certificate_threshold == 50


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["student", "peer_trainer", "outsider_trainer"])
def test_only_managers_open_the_settings(client_for, who, request):
    response = client_for(request.getfixturevalue(who)).get(URL)
    assert response.status_code == 404
