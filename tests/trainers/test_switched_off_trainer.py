"""A trainer a manager switched off loses access at once: every pair page answers 404 or
403 (trainers/permissions.py `is_pair_member`, workshops/permissions.py
`is_course_trainer`), and a session they were using as a trainer ends at their next
request (recovery_college/accounts/middleware.py `SwitchedOffTrainerMiddleware`)."""

import pytest
from django.urls import reverse

from trainers.services import trainer_update
from workshops.models import Comment, Course
from workshops.services import enrolment_create

from ..factories import UserFactory, open_course_make


@pytest.fixture
def course(manager, active_pairing):
    course = open_course_make(manager=manager, pairing=active_pairing, capacity=3)
    enrolment_create(course=course, student=UserFactory(), access_needs="Step-free access")
    return course


def _switch_off(user):
    trainer_update(trainer=user.trainer, fields={"is_active": False})


def _pair_pages(course):
    return [
        ("get", reverse("workshops:course-students", args=[course.pk])),
        ("get", reverse("workshops:course-edit", args=[course.pk])),
        ("post", reverse("workshops:course-edit", args=[course.pk])),
        ("get", reverse("workshops:plan-edit", args=[course.pk, 1])),
        ("get", reverse("trainers:agreement-detail", args=[course.pairing_id])),
        ("get", reverse("trainers:agreement-edit", args=[course.pairing_id])),
        ("get", reverse("trainers:pairing-detail", args=[course.pairing_id])),
    ]


@pytest.mark.parametrize("index", range(7))
def test_a_switched_off_trainer_is_refused_every_pair_page(index, course, peer_trainer, client_for):
    client = client_for(peer_trainer)
    method, url = _pair_pages(course)[index]
    assert getattr(client, method)(url).status_code == 200 or method == "post"
    _switch_off(peer_trainer)
    response = getattr(client_for(peer_trainer), method)(url)
    assert response.status_code in (403, 404)


def test_a_switched_off_trainer_cannot_comment(course, peer_trainer, client_for):
    _switch_off(peer_trainer)
    response = client_for(peer_trainer).post(
        reverse("workshops:comment-add", args=[course.pk]), {"body": "Still here?"}
    )
    assert response.status_code == 404
    assert not Comment.objects.filter(course=course).exists()


def test_a_switched_off_trainer_no_longer_sees_their_draft_courses(
    active_pairing, peer_trainer, client_for
):
    from ..factories import make_course

    draft = make_course(active_pairing, peer_trainer, title="Private draft")
    _switch_off(peer_trainer)
    response = client_for(peer_trainer).get(reverse("workshops:course-detail", args=[draft.pk]))
    assert response.status_code == 404
    assert Course.objects.filter(pk=draft.pk).exists()


def test_the_switched_off_trainers_open_session_is_logged_out(course, peer_trainer, client_for):
    client = client_for(peer_trainer)
    client.get(reverse("workshops:my-workshops"))  # a session in use by a trainer
    _switch_off(peer_trainer)
    response = client.get(reverse("workshops:course-students", args=[course.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_logging_in_again_after_being_switched_off_is_a_students_session(
    course, peer_trainer, client_for
):
    _switch_off(peer_trainer)
    client = client_for(peer_trainer)
    assert client.get(reverse("workshops:my-courses")).status_code == 200
    assert client.get(reverse("workshops:my-courses")).status_code == 200


def test_the_co_trainer_keeps_access(course, peer_trainer, practitioner_trainer, client_for):
    _switch_off(peer_trainer)
    url = reverse("workshops:course-students", args=[course.pk])
    assert client_for(practitioner_trainer).get(url).status_code == 200
