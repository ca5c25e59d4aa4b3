import pytest
from django.urls import reverse

URL = reverse("trainers:my-workshops")


@pytest.mark.django_db
def test_it_asks_anonymous_people_to_log_in(client):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["student", "manager"])
def test_it_refuses_people_who_are_not_trainers(role, request, client_for):
    assert client_for(request.getfixturevalue(role)).get(URL).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["peer_trainer", "practitioner_trainer", "outsider_trainer"])
def test_it_shows_trainers_their_page(role, request, client_for):
    response = client_for(request.getfixturevalue(role)).get(URL)
    assert response.status_code == 200
    assert "My workshops" in response.content.decode()
