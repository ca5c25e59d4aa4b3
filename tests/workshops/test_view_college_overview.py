import pytest
from django.urls import reverse

from ..factories import PairingFactory, PeerTrainerFactory, PractitionerTrainerFactory

URL = reverse("workshops:college-overview")


@pytest.mark.django_db
def test_it_asks_anonymous_people_to_log_in(client):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["student", "peer_trainer", "practitioner_trainer"])
def test_it_refuses_everyone_but_managers(role, request, client_for):
    assert client_for(request.getfixturevalue(role)).get(URL).status_code == 403


@pytest.mark.django_db
def test_it_counts_people_by_role(client_for, manager, student, peer_trainer, practitioner_trainer):
    context = client_for(manager).get(URL).context
    assert (context["student_count"], context["peer_count"], context["practitioner_count"]) == (
        1,
        1,
        1,
    )


@pytest.mark.django_db
def test_it_counts_pairings_by_stage(client_for, manager):
    PairingFactory(active=True)
    PairingFactory()
    counts = client_for(manager).get(URL).context["pairing_counts"]
    assert counts == {"active": 1, "awaiting_declarations": 1, "awaiting_decision": 0}


@pytest.mark.django_db
def test_its_query_count_does_not_grow(client_for, manager, django_assert_max_num_queries):
    client = client_for(manager)
    PairingFactory(active=True)
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    PeerTrainerFactory.create_batch(5)
    PractitionerTrainerFactory.create_batch(5)
    PairingFactory.create_batch(5, active=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)
