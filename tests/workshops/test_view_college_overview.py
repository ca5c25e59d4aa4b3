import pytest
from django.urls import reverse

from ..factories import PeerTrainerFactory, PractitionerTrainerFactory

URL = reverse("workshops:college-overview")


@pytest.mark.django_db
def test_it_asks_anonymous_people_to_log_in(client):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["student", "peer_trainer", "practitioner_trainer"])
def test_it_refuses_everyone_but_managers(role, request, client_for):
    assert client_for(request.getfixturevalue(role)).get(URL).status_code == 403


@pytest.mark.django_db
def test_it_lists_trainers_for_managers(client_for, manager, peer_trainer, practitioner_trainer):
    html = client_for(manager).get(URL).content.decode()
    assert "Pat Peer" in html and "Dr Prue Practitioner" in html


@pytest.mark.django_db
def test_it_filters_by_kind(client_for, manager, peer_trainer, practitioner_trainer):
    html = client_for(manager).get(URL, {"kind": "peer"}).content.decode()
    assert "Pat Peer" in html and "Dr Prue Practitioner" not in html


@pytest.mark.django_db
def test_an_unknown_kind_shows_everyone(client_for, manager, peer_trainer):
    response = client_for(manager).get(URL, {"kind": "<script>"})
    assert response.status_code == 200
    assert "Pat Peer" in response.content.decode()


@pytest.mark.django_db
def test_its_query_count_does_not_grow_with_trainers(
    client_for, manager, django_assert_num_queries, django_assert_max_num_queries
):
    client = client_for(manager)
    PeerTrainerFactory()
    with django_assert_max_num_queries(10) as few:
        client.get(URL)
    PeerTrainerFactory.create_batch(5)
    PractitionerTrainerFactory.create_batch(5)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(URL)


@pytest.mark.django_db
def test_it_counts_students_but_not_trainers_or_managers(
    client_for, manager, student, peer_trainer
):
    response = client_for(manager).get(URL)
    assert response.context["student_count"] == 1
