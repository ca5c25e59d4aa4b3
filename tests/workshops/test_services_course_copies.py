"""Copies and college templates (course_copy, course_template_save): a copy is a new draft
with the same plans, the source stays as it was, and only those allowed may copy."""

import pytest

from workshops.errors import NotAllowed
from workshops.models import Course
from workshops.services import course_copy, course_template_save
from workshops.snapshots import course_snapshot

from ..factories import PairingFactory, add_section, fresh, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_course(active_pairing, peer_trainer):
    """A published course with a section added to its first session."""
    course = make_course(active_pairing, peer_trainer)
    add_section(course, peer_trainer, activity="Slow breaths, counting to four.")
    Course.objects.filter(pk=course.pk).update(status="published")
    return fresh(course)


@pytest.fixture
def other_pairing(peer_trainer):
    return PairingFactory(peer=peer_trainer.trainer, active=True)


def test_a_copy_into_another_pairing_is_a_new_draft_at_version_1(
    past_course, other_pairing, peer_trainer
):
    copy = course_copy(user=peer_trainer, source=past_course, pairing=other_pairing)

    assert copy.pk != past_course.pk
    assert (copy.pairing, copy.status, copy.version) == (other_pairing, "draft", 1)


def test_a_copy_has_the_same_details_plans_and_sections(past_course, other_pairing, peer_trainer):
    copy = course_copy(user=peer_trainer, source=past_course, pairing=other_pairing)

    assert course_snapshot(copy) == course_snapshot(past_course)


def test_copying_leaves_the_source_untouched(past_course, other_pairing, peer_trainer):
    before = course_snapshot(past_course)

    course_copy(user=peer_trainer, source=past_course, pairing=other_pairing)

    source = fresh(past_course)
    assert (source.status, source.version, source.pairing_id) == (
        "published",
        2,
        past_course.pairing_id,
    )
    assert course_snapshot(source) == before


def test_copying_into_a_pairing_the_user_is_not_in_is_refused(past_course, peer_trainer):
    strangers = PairingFactory(active=True)

    with pytest.raises(NotAllowed):
        course_copy(user=peer_trainer, source=past_course, pairing=strangers)

    assert not Course.objects.filter(pairing=strangers).exists()


def test_copying_another_pairs_private_draft_is_refused(active_pairing, peer_trainer):
    """A draft is private to its pair and managers; copying must not leak it."""
    strangers = PairingFactory(active=True)
    their_draft = make_course(strangers, strangers.peer.user, title="Their private draft")

    with pytest.raises(NotAllowed):
        course_copy(user=peer_trainer, source=their_draft, pairing=active_pairing)

    assert not Course.objects.filter(pairing=active_pairing).exists()


def test_a_manager_saves_a_course_as_a_college_template(past_course, manager):
    template = course_template_save(user=manager, source=past_course)

    assert (template.is_template, template.pairing) == (True, None)
    assert course_snapshot(template) == course_snapshot(past_course)


def test_a_trainer_cannot_save_a_college_template(past_course, peer_trainer):
    with pytest.raises(NotAllowed):
        course_template_save(user=peer_trainer, source=past_course)

    assert not Course.objects.filter(is_template=True).exists()


def test_a_pair_can_start_a_course_from_a_college_template(
    past_course, manager, other_pairing, peer_trainer
):
    template = course_template_save(user=manager, source=past_course)

    course = course_copy(user=peer_trainer, source=template, pairing=other_pairing)

    assert (course.pairing, course.is_template, course.status) == (other_pairing, False, "draft")
    assert course_snapshot(course) == course_snapshot(template)
    assert course.changes.get().summary == "Copied from the college template"


def test_copying_another_pairs_published_course_is_refused(active_pairing, peer_trainer):
    """A published course's page is public, but its plans stay the pair's own."""
    other = PairingFactory(active=True)
    published = make_course(other, other.peer.user, title="Their course")
    Course.objects.filter(pk=published.pk).update(status="published")
    with pytest.raises(NotAllowed):
        course_copy(user=peer_trainer, source=fresh(published), pairing=active_pairing)
    assert Course.objects.filter(title="Their course").count() == 1
