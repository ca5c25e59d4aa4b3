"""The name people like to be called (User.known_as): given at sign-up, changed in the
profile, and what every email greets them with (`get_short_name`)."""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from recovery_college.accounts.models import User
from recovery_college.notifications.models import OutboxMessage

from ..factories import UserFactory

LINK = re.compile(r"https?://[^/\s]+(/accounts/signup/confirm/[^/\s]+/)")


def test_emails_greet_with_the_name_people_like_to_be_called():
    assert User(full_name="Dr Amara Okafor", known_as="Amara").get_short_name() == "Amara"


def test_without_one_a_title_is_never_taken_for_a_name():
    assert User(full_name="Dr Amara Okafor").get_short_name() == "Amara"


def test_without_one_the_first_name_is_used():
    assert User(full_name="Sally Student").get_short_name() == "Sally"


@pytest.mark.django_db
def test_the_name_given_at_sign_up_greets_them_from_the_first_email(client):
    data = {
        "full_name": "Professor Nia Jones",
        "known_as": "Nia J",
        "email": "nia@example.org",
        "password": "lantern-meadow-copper",
    }
    client.post(reverse("accounts:signup"), data)
    confirm = OutboxMessage.objects.get(to="nia@example.org")
    assert confirm.body.startswith("Hello Nia J,")

    client.post(LINK.search(confirm.body).group(1))

    assert User.objects.get(email="nia@example.org").known_as == "Nia J"


@pytest.mark.django_db
def test_people_change_it_in_their_profile(client_for):
    person = UserFactory(full_name="Dr Sam Lee")
    response = client_for(person).post(
        reverse("accounts:profile"),
        {"full_name": "Dr Sam Lee", "known_as": "Sammy", "email": person.email},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.get_short_name() == "Sammy"


@pytest.mark.django_db
def test_a_workshops_email_greets_with_it(client_for, mailoutbox):
    from workshops.services.notify import Recipient, email_each

    person = UserFactory(full_name="Dr Sam Lee", known_as="Sam")
    email_each(
        [Recipient(person=person, key="1")],
        subject="Test notice",
        template="waiting_list_closed",
        context={"course": SimpleNamespace(title="Sleep better")},
        key="known-as-test:{who}",
    )
    assert OutboxMessage.objects.get(to=person.email).body.startswith("Hello Sam,")
