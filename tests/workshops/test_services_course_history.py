"""A course's history (workshops/services/courses.py, workshops/snapshots.py): every change
recorded with its author, summary and snapshot; restoring a version; and the differences
between two versions."""

from datetime import date

import pytest

from workshops.errors import NotAllowed
from workshops.models import CourseChange, Section, Term
from workshops.services import course_details_update, course_publish, course_restore, section_delete
from workshops.snapshots import course_snapshot, snapshot_diff

from ..factories import add_section, fresh, make_course, ready_to_publish
from .course_support import OPENING, SCHEDULE_REFUSED, details_of, snapshot_at
from .enrolment_support import FIRST, NOW

pytestmark = pytest.mark.django_db


def test_each_change_is_recorded_with_author_summary_and_snapshot(
    active_pairing, peer_trainer, practitioner_trainer
):
    course = make_course(active_pairing, peer_trainer)

    add_section(course, practitioner_trainer)

    change = CourseChange.objects.get(course=course, version=2)
    assert change.author == practitioner_trainer
    assert change.summary == "Added “Breathing together” to session 1"
    assert change.snapshot == course_snapshot(fresh(course))


def test_restoring_version_1_brings_back_exactly_its_plans_and_sections(
    active_pairing, peer_trainer
):
    course = make_course(active_pairing, peer_trainer)
    add_section(course, peer_trainer)
    add_section(course, peer_trainer, number=2, title="Grounding", lead="practitioner")
    course = fresh(course)
    section_delete(
        section=Section.objects.get(plan__course=course, plan__number=2, title=OPENING),
        user=peer_trainer,
        base_version=course.version,
    )

    course_restore(course=course, user=peer_trainer, base_version=4, version=1)

    assert course_snapshot(fresh(course)) == snapshot_at(course, 1)


def test_a_restore_is_itself_a_new_version(active_pairing, peer_trainer):
    course = make_course(active_pairing, peer_trainer)
    add_section(course, peer_trainer)

    course_restore(course=course, user=peer_trainer, base_version=2, version=1)

    latest = CourseChange.objects.filter(course=course).first()
    assert (fresh(course).version, latest.version, latest.summary) == (3, 3, "Restored version 1")


def test_restoring_the_current_version_is_refused(active_pairing, peer_trainer):
    course = make_course(active_pairing, peer_trainer)
    add_section(course, peer_trainer)

    with pytest.raises(NotAllowed):
        course_restore(course=course, user=peer_trainer, base_version=2, version=2)

    assert fresh(course).version == 2


def test_restoring_a_missing_version_is_refused(active_pairing, peer_trainer):
    course = make_course(active_pairing, peer_trainer)

    with pytest.raises(NotAllowed):
        course_restore(course=course, user=peer_trainer, base_version=1, version=7)

    assert fresh(course).version == 1


def test_snapshot_diff_shows_an_added_section_as_added(active_pairing, peer_trainer):
    course = make_course(active_pairing, peer_trainer)
    add_section(course, peer_trainer)

    rows = snapshot_diff(snapshot_at(course, 1), snapshot_at(course, 2))

    assert ("added", "  2. Breathing together – 20 min – led by Peer Trainer") in rows
    assert [kind for kind, _ in rows].count("added") == 1


def test_snapshot_diff_shows_a_deleted_section_as_removed(active_pairing, peer_trainer):
    course = make_course(active_pairing, peer_trainer)
    section = add_section(course, peer_trainer)
    section_delete(section=section, user=peer_trainer, base_version=2)

    rows = snapshot_diff(snapshot_at(course, 2), snapshot_at(course, 3))

    assert ("removed", "  2. Breathing together – 20 min – led by Peer Trainer") in rows
    assert [kind for kind, _ in rows].count("removed") == 1


@pytest.mark.django_db
def test_restoring_a_version_with_another_number_of_sessions_on_a_published_course_is_refused(
    manager, active_pairing, peer_trainer, time_machine
):
    time_machine.move_to(NOW, tick=False)
    course = make_course(active_pairing, peer_trainer, session_count=3, session_minutes=120)
    three_sessions = course.version
    course_details_update(
        course=course,
        user=peer_trainer,
        base_version=course.version,
        **details_of(course, session_count=2),
    )
    term = Term.objects.create(
        name="Spring 2027",
        starts_on=date(2027, 2, 1),
        ends_on=date(2027, 5, 31),
        enrolment_opens_on=date(2027, 2, 28),
    )
    ready_to_publish(course, manager=manager, term=term, first_starts_at=FIRST)
    course = course_publish(course=fresh(course), user=manager)
    version = course.version

    with pytest.raises(NotAllowed, match="college manager") as refused:
        course_restore(
            course=course, user=peer_trainer, base_version=version, version=three_sessions
        )

    assert refused.value.message == SCHEDULE_REFUSED
    course = fresh(course)
    assert (course.session_count, course.version, course.status) == (2, version, "published")
    assert course.plans.count() == 2
