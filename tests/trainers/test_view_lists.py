"""The managers' lists: filters, and a number of queries that does not grow with rows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trainers.models import AgreementConsent, Pairing

from ..factories import PairingFactory, PeerTrainerFactory, PractitionerTrainerFactory, TopicFactory

DIRECTORY = reverse("trainers:directory")
PAIRINGS = reverse("trainers:pairing-list")


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def _pairings(n: int) -> None:
    """n pairings across every state, with agreements and consents."""
    for i in range(n):
        pairing = PairingFactory(active=i % 3 == 0, ended=i % 3 == 1, start_date=date(2026, 1, 1))
        if pairing.status == Pairing.Status.ACTIVE:
            version = pairing.agreement.versions.get()
            AgreementConsent.objects.create(version=version, trainer=pairing.peer)


@pytest.mark.django_db
def test_the_pairing_list_costs_the_same_for_5_and_200_pairings(client_for, manager):
    client = client_for(manager)
    _pairings(5)
    with_5 = _queries(client, PAIRINGS)
    _pairings(195)
    assert Pairing.objects.count() == 200
    assert _queries(client, PAIRINGS) == with_5
    assert with_5 <= 9


@pytest.mark.django_db
def test_the_directory_costs_the_same_for_5_and_200_pairings(client_for, manager):
    client = client_for(manager)
    topic = TopicFactory()
    _pairings(5)
    with_5 = _queries(client, DIRECTORY)
    _pairings(195)
    for trainer in PeerTrainerFactory.create_batch(10):
        trainer.topics.add(topic)
    assert _queries(client, DIRECTORY) == with_5
    assert _queries(client, DIRECTORY, {"topic": topic.pk, "paired": "no"}) == with_5
    assert with_5 <= 11


@pytest.mark.django_db
def test_the_directory_filters_by_kind_topic_and_active_pairing(client_for, manager):
    sleep = TopicFactory(name="Sleep and wellbeing")
    paired_peer = PeerTrainerFactory(user__full_name="Paired Peer")
    lone_peer = PeerTrainerFactory(user__full_name="Lone Peer")
    lone_peer.topics.add(sleep)
    practitioner = PractitionerTrainerFactory(user__full_name="Some Practitioner")
    PairingFactory(peer=paired_peer, practitioner=practitioner, active=True)
    client = client_for(manager)

    def names(**params):
        return [t.name for t in client.get(DIRECTORY, params).context["trainers"]]

    assert names(kind="practitioner") == ["Some Practitioner"]
    assert names(topic=sleep.pk) == ["Lone Peer"]
    assert names(paired="yes", kind="peer") == ["Paired Peer"]
    assert names(paired="no") == ["Lone Peer"]
    assert sorted(names(topic="not-a-number", kind="wizard")) == [
        "Lone Peer",
        "Paired Peer",
        "Some Practitioner",
    ]


@pytest.mark.django_db
def test_the_pairing_list_filters_by_status_and_shows_continuity(client_for, manager):
    PairingFactory(active=True, start_date=date(2026, 1, 1))
    PairingFactory()
    client = client_for(manager)
    active = client.get(PAIRINGS, {"status": "active"}).context["pairings"]
    assert [p.status for p in active] == ["active"]
    assert active[0].days_together > 0
    assert active[0].courses_taught == 0
    assert len(client.get(PAIRINGS, {"status": "bogus"}).context["pairings"]) == 2


@pytest.mark.django_db
def test_the_pairing_list_counts_courses_taught(client_for, manager, active_pairing, peer_trainer):
    from workshops.models import Course

    from ..factories import make_course

    for status in ("published", "archived", "draft"):
        course = make_course(active_pairing, peer_trainer, title=f"A {status} course")
        Course.objects.filter(pk=course.pk).update(status=status)
    pairing = client_for(manager).get(PAIRINGS).context["pairings"][0]
    assert pairing.courses_taught == 2
