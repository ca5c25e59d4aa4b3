"""Sign-up: the page answers the same whether or not the email has an account; the account
is made when the emailed link is followed, which logs the person in and carries on to
`next` when that is a path on this site."""

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from recovery_college.accounts.models import SignUpRequest, User
from recovery_college.notifications.models import OutboxMessage

from ..factories import UserFactory

URL = reverse("accounts:signup")
SENT = reverse("accounts:signup-sent")
GOOD = {"full_name": "Nia Jones", "email": "nia@example.org", "password": "lantern-meadow-copper"}
LINK = re.compile(r"https?://[^/\s]+(/accounts/signup/confirm/[^/\s]+/)")


def _link_for(email: str) -> str:
    message = OutboxMessage.objects.filter(to__iexact=email).latest("id")
    return LINK.search(message.body).group(1)


def _sign_up_and_follow_link(client, data=GOOD, url=URL):
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    return client.post(_link_for(data["email"]))


@pytest.mark.django_db
def test_it_shows_the_form_to_anonymous_people(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert b"Create an account" in response.content


@pytest.mark.django_db
def test_a_new_email_is_asked_to_check_its_email_and_no_account_is_made_yet(client):
    response = client.post(URL, GOOD)
    assert response["Location"] == SENT
    assert not User.objects.filter(email="nia@example.org").exists()
    page = client.get(SENT).content.decode()
    assert "Check your email" in page and "nia@example.org" in page
    message = OutboxMessage.objects.get(to="nia@example.org")
    assert message.subject == "Finish creating your Recovery College account"
    assert GOOD["password"] not in message.body


@pytest.mark.django_db
def test_the_emailed_link_creates_the_account_and_logs_the_person_in(client):
    client.post(URL, GOOD)
    link = _link_for("nia@example.org")
    assert "Create my account and log in" in client.get(link).content.decode()
    assert not User.objects.filter(email="nia@example.org").exists()  # a GET makes nothing

    response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    user = User.objects.get(email="nia@example.org")
    assert user.full_name == "Nia Jones"
    assert user.check_password(GOOD["password"])
    assert client.get(reverse("accounts:profile")).context["user"] == user
    assert not SignUpRequest.objects.exists()


@pytest.mark.django_db
def test_it_hashes_passwords_with_argon2(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    _sign_up_and_follow_link(client)
    assert User.objects.get(email="nia@example.org").password.startswith("argon2")
    assert not SignUpRequest.objects.exists()


@pytest.mark.django_db
def test_a_taken_email_gets_the_same_answer_as_a_new_one(client):
    UserFactory(email="taken@example.org")
    new = client.post(URL, GOOD)
    new_page = client.get(SENT).content.decode().replace("nia@example.org", "EMAIL")
    taken = client.post(URL, {**GOOD, "email": "TAKEN@example.org"})
    taken_page = client.get(SENT).content.decode().replace("taken@example.org", "EMAIL")
    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    assert taken_page == new_page


@pytest.mark.django_db
def test_a_taken_email_is_told_it_already_has_an_account_and_nothing_changes(client):
    owner = UserFactory(email="nia@example.org", full_name="Nia Original")
    password_before = owner.password
    client.post(URL, {**GOOD, "email": "NIA@example.org"})
    message = OutboxMessage.objects.get(to="nia@example.org")
    assert message.subject == "You already have a Recovery College account"
    assert "/accounts/login/" in message.body and "/accounts/password/reset/" in message.body
    assert "/accounts/signup/confirm/" not in message.body
    owner.refresh_from_db()
    assert (owner.full_name, owner.password) == ("Nia Original", password_before)
    assert User.objects.filter(email__iexact="nia@example.org").count() == 1
    assert not SignUpRequest.objects.exists()


@pytest.mark.django_db
def test_weak_password_is_refused_with_a_reason_and_keeps_name_and_email(client):
    response = client.post(URL, {**GOOD, "password": "password"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This password is too short" in html
    assert "There is a problem" in html
    assert 'href="#id_password"' in html
    assert 'value="Nia Jones"' in html and 'value="nia@example.org"' in html
    assert not SignUpRequest.objects.exists() and not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_password_like_the_email_is_refused(client):
    response = client.post(
        URL, {**GOOD, "email": "lanternmeadow@example.org", "password": "lanternmeadow"}
    )
    assert "too similar" in response.content.decode()


@pytest.mark.django_db
def test_missing_fields_are_each_named(client):
    response = client.post(URL, {"full_name": "", "email": "", "password": ""})
    html = response.content.decode()
    assert 'href="#id_full_name"' in html and 'href="#id_email"' in html
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_it_sends_logged_in_people_to_their_profile(client_for, student):
    response = client_for(student).get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", ["foo", "//evil.example.org/", "javascript:alert(1)"])
def test_a_next_that_is_not_a_local_path_is_ignored_when_logged_in(client_for, student, hostile):
    response = client_for(student).get(URL, {"next": hostile})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "hostile",
    [
        "foo",
        "//evil.example.org/",
        "javascript:alert(1)",
        "https://evil.example.org/",
        "/\\evil.example.org/",
        "/my-courses/\x00",
        "/my-courses/\r\nSet-Cookie: x=1",
    ],
)
def test_a_next_that_is_not_a_local_path_still_creates_the_account_and_logs_in(client, hostile):
    """Issue 12, 500 cause 1: `redirect()` took `next=foo` for a URL name and failed after
    the account was made."""
    response = _sign_up_and_follow_link(client, url=f"{URL}?{urlencode({'next': hostile})}")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    user = User.objects.get(email="nia@example.org")
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_a_local_next_is_followed_after_the_link(client):
    target = reverse("workshops:my-courses")
    response = _sign_up_and_follow_link(client, url=f"{URL}?next={target}")
    assert response["Location"] == target


@pytest.mark.django_db
def test_a_link_works_only_once(client):
    _sign_up_and_follow_link(client)
    client.logout()
    again = client.post(_link_for("nia@example.org"))
    assert again.status_code == 404
    assert "This link has expired or has already been used" in again.content.decode()
    assert User.objects.filter(email="nia@example.org").count() == 1


@pytest.mark.django_db
def test_a_link_stops_working_after_3_days(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    client.post(URL, GOOD)
    time_machine.shift(timedelta(days=3, minutes=1))
    response = client.post(_link_for("nia@example.org"))
    assert response.status_code == 404
    assert not User.objects.filter(email="nia@example.org").exists()


@pytest.mark.django_db
def test_an_email_that_got_an_account_before_the_link_was_followed_gets_a_plain_message(client):
    client.post(URL, GOOD)
    UserFactory(email="NIA@example.org")
    response = client.post(_link_for("nia@example.org"))
    assert response.status_code == 404
    assert "There is already an account with this email address" in response.content.decode()
    assert User.objects.filter(email__iexact="nia@example.org").count() == 1
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_made_up_link_is_a_plain_404(client):
    response = client.get(reverse("accounts:signup-confirm", args=["made-up"]))
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
