import pytest
from django.urls import reverse

from ..factories import PASSWORD, UserFactory

URL = reverse("accounts:login")


def _post(client, email, password, ip="10.0.0.1", **extra):
    return client.post(URL, {"username": email, "password": password, **extra}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_it_logs_in_with_the_right_password(client, student):
    response = _post(client, student.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert client.session["_auth_user_id"] == str(student.pk)


@pytest.mark.django_db
def test_email_is_not_case_sensitive(client, student):
    response = _post(client, student.email.upper(), PASSWORD)
    assert response.status_code == 302


@pytest.mark.django_db
def test_it_returns_to_the_page_asked_for(client, student):
    response = _post(client, student.email, PASSWORD, next=reverse("workshops:my-courses"))
    assert response["Location"] == reverse("workshops:my-courses")


@pytest.mark.django_db
def test_wrong_password_gives_a_plain_error_and_keeps_the_email(client, student):
    response = _post(client, student.email, "not-my-password")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The email address or password is not right" in html
    assert f'value="{student.email}"' in html
    assert "not-my-password" not in html
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_repeated_failures_lock_out_with_a_plain_message(client, student, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(client, student.email, "wrong-guess")
    response = _post(client, student.email, PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts to log in" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_does_not_stop_the_same_person_from_another_address(client, student, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(client, student.email, "wrong-guess", ip="10.0.0.1")
    response = _post(client, student.email, PASSWORD, ip="10.0.0.2")
    assert response.status_code == 302


@pytest.mark.django_db
def test_lockout_does_not_stop_other_people_at_the_same_address(client, student, settings):
    other = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(client, student.email, "wrong-guess", ip="10.0.0.1")
    response = _post(client, other.email, PASSWORD, ip="10.0.0.1")
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_closed_account_cannot_log_in(client):
    user = UserFactory(is_active=False)
    response = _post(client, user.email, PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,landing",
    [("manager", "workshops:college-overview"), ("peer_trainer", "workshops:my-workshops")],
)
def test_staff_land_where_their_work_is(role, landing, request, client):
    user = request.getfixturevalue(role)
    response = _post(client, user.email, PASSWORD)
    assert response["Location"] == reverse(landing)
