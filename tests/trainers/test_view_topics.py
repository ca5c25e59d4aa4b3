import pytest
from django.urls import reverse

from trainers.models import Topic

URL = reverse("trainers:topics")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["student", "peer_trainer"])
def test_only_managers_keep_the_topic_list(role, request, client_for):
    assert client_for(request.getfixturevalue(role)).get(URL).status_code == 404


@pytest.mark.django_db
def test_a_manager_adds_a_topic(client_for, manager):
    response = client_for(manager).post(URL, {"name": "  Hearing   voices "})
    assert response["Location"] == URL
    assert list(Topic.objects.values_list("name", flat=True)) == ["Hearing voices"]


@pytest.mark.django_db
def test_a_topic_already_listed_is_refused_in_any_case(client_for, manager):
    Topic.objects.create(name="Sleep and wellbeing")
    html = client_for(manager).post(URL, {"name": "sleep AND wellbeing"}).content.decode()
    assert "That topic is already on the list." in html
    assert 'value="sleep AND wellbeing"' in html
    assert Topic.objects.count() == 1


@pytest.mark.django_db
def test_a_manager_removes_a_topic(client_for, manager):
    topic = Topic.objects.create(name="Old topic")
    client_for(manager).post(reverse("trainers:topic-delete", args=[topic.pk]))
    assert not Topic.objects.exists()
