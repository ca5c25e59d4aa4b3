"""Issue 12 on logging in: no 500 for a hostile `next` or an over-long email, no extra
guesses by changing the email's case, and behind a proxy each client locks out only
itself."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from ..factories import PASSWORD, UserFactory

URL = reverse("accounts:login")
ROOT = Path(__file__).resolve().parent.parent.parent


def _post(client, email, password, **meta):
    meta.setdefault("REMOTE_ADDR", "10.0.0.1")
    return client.post(URL, {"username": email, "password": password}, **meta)


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", ["foo", "//evil.example.org/", "javascript:alert(1)"])
def test_a_logged_in_person_with_a_hostile_next_goes_to_their_page(client_for, student, hostile):
    response = client_for(student).get(URL, {"next": hostile})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", ["foo", "//evil.example.org/", "javascript:alert(1)"])
def test_logging_in_with_a_hostile_next_goes_to_their_page(client, student, hostile):
    response = client.post(
        f"{URL}?next={hostile}", {"username": student.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert client.session["_auth_user_id"] == str(student.pk)


@pytest.mark.django_db
def test_an_email_longer_than_any_account_gets_the_plain_error(client):
    """Issue 12, 500 cause 2: axes failed to store a user name over 255 characters."""
    response = _post(client, "a" * 300 + "@example.org", "whatever")
    assert response.status_code == 200
    assert "The email address or password is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_over_long_name_reaching_axes_is_stored_cut_short(client, student):
    from django.test import RequestFactory

    from recovery_college.security import axes_username

    request = RequestFactory().post(URL)
    assert len(axes_username(request, {"username": "A" * 400})) == 255


@pytest.mark.django_db
def test_changing_the_case_of_the_email_gives_no_more_guesses(client, settings):
    victim = UserFactory(email="victim@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(client, "victim@example.org", "wrong-guess")
    response = _post(client, "VICTIM@example.org", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    response = _post(client, "  Victim@Example.org ", PASSWORD)
    assert response.status_code == 429
    assert AccessAttempt.objects.filter(username=victim.email).count() == 1


@pytest.mark.django_db
def test_guesses_in_mixed_case_count_together(client, settings):
    UserFactory(email="victim@example.org")
    for i in range(settings.AXES_FAILURE_LIMIT):
        _post(client, "victim@example.org".upper() if i % 2 else "Victim@example.org", "wrong")
    assert _post(client, "victim@example.org", PASSWORD).status_code == 429


def _behind_one_proxy(settings):
    """What settings.py sets for TRUSTED_PROXY_COUNT=1."""
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.IPWARE_STRICT = False


@pytest.mark.django_db
def test_behind_one_proxy_two_clients_lock_out_only_themselves(client, settings):
    _behind_one_proxy(settings)
    person = UserFactory()
    proxy = "10.0.0.254"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(client, person.email, "wrong", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4")
    locked = _post(
        client, person.email, PASSWORD, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    assert locked.status_code == 429

    other = _post(client, person.email, PASSWORD, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="5.6.7.8")
    assert other.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"1.2.3.4"}


@pytest.mark.django_db
def test_behind_one_proxy_a_client_cannot_choose_its_address(client, settings):
    """The client's own X-Forwarded-For entries are ignored: only the one our proxy added."""
    _behind_one_proxy(settings)
    person = UserFactory()
    for i in range(settings.AXES_FAILURE_LIMIT):
        _post(
            client,
            person.email,
            "wrong",
            REMOTE_ADDR="10.0.0.254",
            HTTP_X_FORWARDED_FOR=f"9.9.9.{i}, 1.2.3.4",
        )
    locked = _post(
        client,
        person.email,
        PASSWORD,
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR="8.8.8.8, 1.2.3.4",
    )
    assert locked.status_code == 429


@pytest.mark.django_db
def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(client, settings):
    person = UserFactory()
    for i in range(settings.AXES_FAILURE_LIMIT):
        _post(
            client, person.email, "wrong", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"9.9.9.{i}"
        )
    locked = _post(
        client, person.email, PASSWORD, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1"
    )
    assert locked.status_code == 429


def _settings_with(**env) -> str:
    clean = {
        k: v for k, v in os.environ.items() if k not in ("TRUSTED_PROXY_COUNT", "AXES_PROXY_COUNT")
    }
    code = (
        "from django.conf import settings as s;"
        "print(s.AXES_IPWARE_META_PRECEDENCE_ORDER, s.AXES_IPWARE_PROXY_COUNT)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**clean, "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_trusted_proxy_count_sets_what_axes_reads():
    assert _settings_with() == "('REMOTE_ADDR',) None"
    assert _settings_with(TRUSTED_PROXY_COUNT="1") == "('HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR') 0"
    assert _settings_with(TRUSTED_PROXY_COUNT="2") == "('HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR') 1"
