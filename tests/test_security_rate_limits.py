"""Rate limits (issue 12): sign-up, password reset, and the password checks of password
change and account deletion answer 429 with a plain "wait N minutes" at the limit, keep
what was typed, count per address and per account, and let people back after the window."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from recovery_college import security
from recovery_college.accounts.models import SignUpRequest, User
from recovery_college.notifications.models import OutboxMessage

from .factories import PASSWORD, UserFactory

SIGNUP = reverse("accounts:signup")
RESET = reverse("accounts:password-reset")
CHANGE = reverse("accounts:password-change")
DELETE = reverse("accounts:delete")
NEW_PASSWORD = "lantern-meadow-copper"
# Two minutes into a clock hour, so a test's tries all fall in one window.
START = datetime(2026, 11, 30, 10, 2, tzinfo=UTC)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def _sign_up(client, n, ip="10.0.0.1", email=None):
    data = {
        "full_name": "Nia Jones",
        "email": email or f"nia{n}@example.org",
        "password": NEW_PASSWORD,
    }
    return client.post(SIGNUP, data, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_sign_up_answers_429_at_the_limit_per_address_and_keeps_what_was_typed(client, clock):
    for n in range(security.SIGNUP_PER_ADDRESS.tries):
        assert _sign_up(client, n).status_code == 302
    response = _sign_up(client, 99)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many tries — please wait 58 minutes and try again." in html
    assert response["Retry-After"] == str(58 * 60)
    assert 'value="Nia Jones"' in html and 'value="nia99@example.org"' in html
    assert NEW_PASSWORD not in html
    assert not SignUpRequest.objects.filter(email="nia99@example.org").exists()
    assert not OutboxMessage.objects.filter(to="nia99@example.org").exists()


@pytest.mark.django_db
def test_sign_up_is_allowed_again_after_the_window(client, clock):
    for n in range(security.SIGNUP_PER_ADDRESS.tries):
        _sign_up(client, n)
    assert _sign_up(client, 99).status_code == 429
    clock.shift(timedelta(minutes=58))
    assert _sign_up(client, 99).status_code == 302
    assert SignUpRequest.objects.filter(email="nia99@example.org").exists()


@pytest.mark.django_db
def test_sign_up_limit_per_address_does_not_stop_another_address(client, clock):
    for n in range(security.SIGNUP_PER_ADDRESS.tries):
        _sign_up(client, n, ip="10.0.0.1")
    assert _sign_up(client, 99, ip="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_sign_up_limit_per_email_stops_flooding_one_inbox_from_many_addresses(client, clock):
    UserFactory(email="victim@example.org")
    for n in range(security.SIGNUP_PER_EMAIL.tries):
        assert _sign_up(client, n, ip=f"10.0.1.{n}", email="Victim@example.org").status_code == 302
    response = _sign_up(client, 0, ip="10.0.2.1", email="victim@example.org")
    assert response.status_code == 429
    assert OutboxMessage.objects.filter(to="victim@example.org").count() == (
        security.SIGNUP_PER_EMAIL.tries
    )


@pytest.mark.django_db
def test_sign_up_limit_answers_the_same_for_taken_and_new_emails(client, clock):
    UserFactory(email="taken@example.org")
    for n in range(security.SIGNUP_PER_EMAIL.tries):
        _sign_up(client, n, ip=f"10.0.1.{n}", email="taken@example.org")
        _sign_up(client, n, ip=f"10.0.3.{n}", email="new@example.org")
    taken = _sign_up(client, 0, ip="10.0.2.1", email="taken@example.org")
    new = _sign_up(client, 0, ip="10.0.2.2", email="new@example.org")
    assert taken.status_code == new.status_code == 429


@pytest.mark.django_db
def test_password_reset_answers_429_per_email_and_sends_no_more(client, student, clock):
    for n in range(security.RESET_PER_EMAIL.tries):
        response = client.post(RESET, {"email": student.email}, REMOTE_ADDR=f"10.0.1.{n}")
        assert response.status_code == 302
    response = client.post(RESET, {"email": student.email.upper()}, REMOTE_ADDR="10.0.2.1")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many tries — please wait 58 minutes and try again." in html
    assert f'value="{student.email.upper()}"' in html
    assert OutboxMessage.objects.filter(to=student.email).count() == security.RESET_PER_EMAIL.tries


@pytest.mark.django_db
def test_password_reset_answers_429_per_address(client, clock):
    for n in range(security.RESET_PER_ADDRESS.tries):
        client.post(RESET, {"email": f"someone{n}@example.org"}, REMOTE_ADDR="10.0.0.1")
    response = client.post(RESET, {"email": "more@example.org"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert (
        client.post(RESET, {"email": "more@example.org"}, REMOTE_ADDR="10.0.0.2").status_code == 302
    )


@pytest.mark.django_db
def test_password_reset_is_allowed_again_after_the_window(client, student, clock):
    for _ in range(security.RESET_PER_EMAIL.tries):
        client.post(RESET, {"email": student.email})
    assert client.post(RESET, {"email": student.email}).status_code == 429
    clock.shift(timedelta(hours=1))
    assert client.post(RESET, {"email": student.email}).status_code == 302


def _change(client, old, ip="10.0.0.1"):
    data = {"old_password": old, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    return client.post(CHANGE, data, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_password_change_answers_429_after_wrong_passwords_even_with_the_right_one(
    client_for, student, clock
):
    client = client_for(student)
    for _ in range(security.PASSWORD_CHECK_PER_ACCOUNT.tries):
        assert _change(client, "wrong-guess").status_code == 200
    response = _change(client, PASSWORD)
    assert response.status_code == 429
    assert "Too many tries — please wait 13 minutes and try again." in response.content.decode()
    student.refresh_from_db()
    assert student.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_change_limit_is_per_account_whatever_the_address(client_for, student, clock):
    client = client_for(student)
    for n in range(security.PASSWORD_CHECK_PER_ACCOUNT.tries):
        _change(client, "wrong-guess", ip=f"10.0.1.{n}")
    assert _change(client, PASSWORD, ip="10.0.2.1").status_code == 429


@pytest.mark.django_db
def test_password_change_limit_per_address_covers_many_accounts(client_for, clock):
    for _ in range(security.PASSWORD_CHECK_PER_ADDRESS.tries // 4):
        client = client_for(UserFactory())
        for _ in range(4):
            _change(client, "wrong-guess", ip="10.0.0.9")
    fresh = client_for(UserFactory())
    assert _change(fresh, PASSWORD, ip="10.0.0.9").status_code == 429
    assert _change(fresh, PASSWORD, ip="10.0.0.10").status_code == 302


@pytest.mark.django_db
def test_a_right_password_does_not_count(client_for, student, clock):
    client = client_for(student)
    for _ in range(security.PASSWORD_CHECK_PER_ACCOUNT.tries + 2):
        response = client.post(
            CHANGE, {"old_password": PASSWORD, "new_password1": "x", "new_password2": "x"}
        )
        assert response.status_code == 200  # the new password is too short; not a limit
    assert _change(client, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_password_change_is_allowed_again_after_the_window(client_for, student, clock):
    client = client_for(student)
    for _ in range(security.PASSWORD_CHECK_PER_ACCOUNT.tries):
        _change(client, "wrong-guess")
    assert _change(client, PASSWORD).status_code == 429
    clock.shift(timedelta(minutes=13))
    assert _change(client, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_account_deletion_answers_429_after_wrong_passwords_and_keeps_the_account(
    client_for, student, clock
):
    client = client_for(student)
    for _ in range(security.PASSWORD_CHECK_PER_ACCOUNT.tries):
        assert client.post(DELETE, {"password": "wrong-guess"}).status_code == 200
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 429
    assert "Too many tries — please wait 13 minutes" in response.content.decode()
    assert User.objects.filter(pk=student.pk).exists()

    clock.shift(timedelta(minutes=13))
    assert client.post(DELETE, {"password": PASSWORD}).status_code == 302
    assert not User.objects.filter(pk=student.pk).exists()


def test_wait_words_are_plain():
    assert security.wait_words(1) == "1 minute"
    assert security.wait_words(60) == "1 minute"
    assert security.wait_words(61) == "2 minutes"


@pytest.mark.django_db
def test_with_the_cache_unreachable_people_still_sign_up(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    response = _sign_up(client, 1)
    assert response.status_code == 302
    assert SignUpRequest.objects.filter(email="nia1@example.org").exists()
