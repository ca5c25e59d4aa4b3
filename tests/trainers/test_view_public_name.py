"""Trainers choose how their name appears to the public (issue 11, item 4)."""

import pytest
from django.urls import reverse

from trainers.models import Trainer

from ..factories import fresh

URL = reverse("trainers:public-name")


@pytest.fixture
def undecided(peer_trainer):
    Trainer.objects.filter(user=peer_trainer).update(public_name_chosen_at=None)
    return peer_trainer


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"), [("student", 403), ("manager", 403), ("practitioner_trainer", 200)]
)
def test_only_trainers_choose_a_public_name(role, status, request, client_for):
    assert client_for(request.getfixturevalue(role)).get(URL).status_code == status


@pytest.mark.django_db
def test_anonymous_visitors_are_asked_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_my_workshops_asks_a_trainer_who_has_not_chosen(client_for, undecided):
    response = client_for(undecided).get(reverse("workshops:my-workshops"))
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?next={reverse('workshops:my-workshops')}"


@pytest.mark.django_db
def test_the_page_previews_each_choice_as_the_course_page_shows_it(client_for, undecided):
    html = client_for(undecided).get(URL).content.decode()
    assert "shown as “Pat Peer, Peer Trainer”" in html
    assert "shown as “Pat, Peer Trainer”" in html


@pytest.mark.django_db
def test_choosing_returns_to_where_the_trainer_was_going(client_for, undecided):
    response = client_for(undecided).post(
        URL, {"style": "first", "next": reverse("workshops:my-workshops")}
    )
    assert response["Location"] == reverse("workshops:my-workshops")
    trainer = fresh(undecided.trainer)
    assert (trainer.public_name, trainer.public_name_chosen) == ("Pat", True)


@pytest.mark.django_db
def test_an_outside_next_address_is_not_followed(client_for, undecided):
    response = client_for(undecided).post(URL, {"style": "full", "next": "https://evil.example"})
    assert response["Location"] == reverse("trainers:profile-edit")


@pytest.mark.django_db
def test_another_name_without_the_name_is_refused_and_nothing_is_saved(client_for, undecided):
    response = client_for(undecided).post(URL, {"style": "other", "other": "  "})
    assert response.status_code == 200
    assert "Enter the name you would like to be shown." in response.content.decode()
    assert not fresh(undecided.trainer).public_name_chosen


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["0001-01-01", "a\x00b", "99999999999999999999", "//evil"])
def test_a_next_that_is_not_a_page_here_goes_to_the_profile(next_url, client_for, undecided):
    response = client_for(undecided).post(URL, {"style": "full", "next": next_url})
    assert response["Location"] == reverse("trainers:profile-edit")
