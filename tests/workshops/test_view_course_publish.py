"""The publish page (workshops:course-publish): the conditions with links to put each
right, publishing when all are met, and who may open it: managers, and the course's two
trainers when the college lets pairs publish their own courses."""

import pytest
from django.urls import reverse

from workshops.models import CollegeSettings, Course, ScheduledSession

from ..factories import fresh


@pytest.mark.django_db
def test_the_publish_page_lists_unmet_conditions_with_links_to_fix_them(client_for, ready, manager):
    ScheduledSession.objects.filter(course=ready, number=2).delete()
    html = (
        client_for(manager)
        .get(reverse("workshops:course-publish", args=[ready.pk]))
        .content.decode()
    )
    assert "Needed</span>" in html and "(1 so far)" in html
    assert f'href="{reverse("workshops:course-schedule", args=[ready.pk])}">Schedule' in html
    assert "Publish to the prospectus" not in html


@pytest.mark.django_db
def test_the_publish_page_publishes_when_ready(client_for, ready, manager):
    response = client_for(manager).post(reverse("workshops:course-publish", args=[ready.pk]))
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == "published"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["peer_trainer", "student"])
def test_only_managers_open_the_publish_page(role, request, client_for, ready):
    url = reverse("workshops:course-publish", args=[ready.pk])
    assert client_for(request.getfixturevalue(role)).get(url).status_code == 404


@pytest.mark.django_db
def test_with_pairs_may_publish_off_a_trainer_cannot_open_the_publish_page(
    client_for, peer_trainer, ready
):
    course = ready
    client = client_for(peer_trainer)
    assert client.get(reverse("workshops:course-publish", args=[course.pk])).status_code == 404
    assert client.post(reverse("workshops:course-publish", args=[course.pk])).status_code == 404
    assert fresh(course).status == Course.Status.AGREED


@pytest.mark.django_db
def test_with_pairs_may_publish_on_a_trainer_sees_the_conditions_and_publishes(
    client_for, practitioner_trainer, ready
):
    course = ready
    settings = CollegeSettings.load()
    settings.pairs_may_publish = True
    settings.save()
    client = client_for(practitioner_trainer)
    url = reverse("workshops:course-publish", args=[course.pk])

    page = client.get(url)
    assert page.status_code == 200
    conditions = page.context["conditions"]
    assert len(conditions) == 8 and all(c.met for c in conditions)
    html = page.content.decode()
    assert "The number of places is set." in html
    assert html.count("Done</span>") == 8
    assert "Publish to the prospectus" in html

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:course-detail", args=[course.pk])
    assert fresh(course).status == Course.Status.PUBLISHED
