import pytest
from django.urls import reverse

from ..factories import PairingFactory

URL = reverse("workshops:my-workshops")


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


@pytest.mark.django_db
def test_it_lists_the_trainers_sessions_of_the_next_two_weeks_with_register_links(client_for):
    from datetime import timedelta

    from django.utils import timezone

    from workshops.models import Course, ScheduledSession

    mine = PairingFactory(active=True)
    theirs = PairingFactory(active=True)

    def session(pairing, title, *, days, status="published", cancelled=False):
        course = Course.objects.create(
            pairing=pairing,
            title=title,
            summary="s",
            outcomes="o",
            status=status,
            capacity=8,
            session_minutes=60,
        )
        starts = timezone.now() + timedelta(days=days)
        return ScheduledSession.objects.create(
            course=course,
            number=1,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            online_link="https://meet.example.org/abc",
            peer=pairing.peer,
            practitioner=pairing.practitioner,
            cancelled=cancelled,
        )

    soon = session(mine, "Sleep better", days=2)
    session(mine, "Far away", days=30)
    session(mine, "Called off", days=3, cancelled=True)
    session(mine, "Only a draft", days=4, status="agreed")
    session(theirs, "Someone else's", days=2)

    html = client_for(mine.peer.user).get(reverse("workshops:my-workshops")).content.decode()

    assert "Teaching in the next two weeks" in html
    assert "Sleep better, session 1" in html
    assert reverse("workshops:register", args=[soon.course_id, 1]) in html
    assert "https://meet.example.org/abc" in html  # the pair see the joining link
    for absent in ("Far away, session", "Called off, session", "Only a draft, session"):
        assert absent not in html
    assert "Someone else" not in html
