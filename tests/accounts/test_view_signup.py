import pytest
from django.urls import reverse

from recovery_college.accounts.models import User

from ..factories import UserFactory

URL = reverse("accounts:signup")
GOOD = {"full_name": "Nia Jones", "email": "nia@example.org", "password": "lantern-meadow-copper"}


@pytest.mark.django_db
def test_it_shows_the_form_to_anonymous_people(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert b"Create an account" in response.content


@pytest.mark.django_db
def test_it_creates_the_account_and_logs_the_person_in(client):
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    user = User.objects.get(email="nia@example.org")
    assert user.full_name == "Nia Jones"
    assert client.get(reverse("accounts:profile")).context["user"] == user


@pytest.mark.django_db
def test_it_hashes_passwords_with_argon2(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    client.post(URL, GOOD)
    assert User.objects.get(email="nia@example.org").password.startswith("argon2")


@pytest.mark.django_db
def test_duplicate_email_is_refused_and_keeps_what_was_typed(client):
    UserFactory(email="nia@example.org")
    response = client.post(URL, {**GOOD, "email": "NIA@example.org"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "An account with this email address already exists" in html
    assert 'value="Nia Jones"' in html
    assert 'value="NIA@example.org"' in html
    assert GOOD["password"] not in html
    assert User.objects.filter(email__iexact="nia@example.org").count() == 1


@pytest.mark.django_db
def test_weak_password_is_refused_with_a_reason_and_keeps_name_and_email(client):
    response = client.post(URL, {**GOOD, "password": "password"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This password is too short" in html
    assert "There is a problem" in html
    assert 'href="#id_password"' in html
    assert 'value="Nia Jones"' in html and 'value="nia@example.org"' in html
    assert not User.objects.filter(email="nia@example.org").exists()


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
def test_an_email_taken_between_checking_and_saving_gets_the_same_plain_error(client, monkeypatch):
    """Two people signing up with one email at the same moment: the database's unique
    constraint refuses the second, and the page says so instead of failing."""
    from recovery_college.accounts.forms import SignUpForm

    original = SignUpForm.clean_email

    def clean_then_someone_else_signs_up(form):
        email = original(form)
        UserFactory(email=email)
        return email

    monkeypatch.setattr(SignUpForm, "clean_email", clean_then_someone_else_signs_up)
    response = client.post(URL, GOOD)
    assert response.status_code == 200
    assert "An account with this email address already exists" in response.content.decode()
    assert User.objects.filter(email="nia@example.org").count() == 1
