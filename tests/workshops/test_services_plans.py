"""Session plans: adding, changing, moving and deleting sections, the start time, and who
may do it."""

from datetime import time

import pytest

from workshops.errors import NotAllowed
from workshops.models import CourseChange, Section
from workshops.services import (
    plan_update,
    section_add,
    section_delete,
    section_move,
    section_update,
)
from workshops.snapshots import course_snapshot

from ..factories import add_section, fresh, make_course, section_fields

pytestmark = pytest.mark.django_db

OPENING = "Welcome and setting the scene"


def titles(course, number=1) -> list[str]:
    return list(
        Section.objects.filter(plan__course=course, plan__number=number)
        .order_by("position", "id")
        .values_list("title", flat=True)
    )


def versions(course) -> int:
    return CourseChange.objects.filter(course=course).count()


@pytest.fixture
def course(course, peer_trainer):
    """The shared draft `course` with, in session 1: the welcome, then "Breathing
    together", then "Tea break" (version 3)."""
    add_section(course, peer_trainer)
    add_section(course, peer_trainer, title="Tea break", lead="shared")
    return fresh(course)


def move(course, user, title, direction):
    section_move(
        section=Section.objects.get(plan__course=course, plan__number=1, title=title),
        user=user,
        base_version=course.version,
        direction=direction,
    )


# Adding


def test_section_add_appends_at_the_end_of_the_plan(course):
    assert titles(course) == [OPENING, "Breathing together", "Tea break"]


def test_section_add_keeps_what_was_typed(course, practitioner_trainer):
    section = add_section(
        course,
        practitioner_trainer,
        title="What helps",
        minutes=35,
        activity="Small groups list what helps.",
        materials="Sticky notes",
        lead="practitioner",
    )

    section.refresh_from_db()
    assert (section.title, section.minutes, section.activity, section.materials, section.lead) == (
        "What helps",
        35,
        "Small groups list what helps.",
        "Sticky notes",
        "practitioner",
    )


def test_section_add_leaves_the_other_sessions_alone(course):
    assert titles(course, 2) == [OPENING]


def test_section_add_makes_a_new_version(course, peer_trainer):
    add_section(course, peer_trainer, title="Closing round")

    assert fresh(course).version == 4
    assert versions(course) == 4


# Changing


def test_section_update_changes_its_fields(course, practitioner_trainer):
    section = Section.objects.get(plan__course=course, title="Breathing together")

    section_update(
        section=section,
        user=practitioner_trainer,
        base_version=3,
        **section_fields(
            title="Breathing slowly", minutes=25, activity="Count to four.", lead="shared"
        ),
    )

    section.refresh_from_db()
    assert (section.title, section.minutes, section.activity, section.lead) == (
        "Breathing slowly",
        25,
        "Count to four.",
        "shared",
    )
    assert fresh(course).version == 4


def test_section_update_without_changes_makes_no_new_version(course, practitioner_trainer):
    section = Section.objects.get(plan__course=course, title="Breathing together")

    section_update(section=section, user=practitioner_trainer, base_version=3, **section_fields())

    assert fresh(course).version == 3
    assert versions(course) == 3


# Moving


def test_moving_a_section_up_swaps_it_with_the_one_above(course, peer_trainer):
    move(course, peer_trainer, "Tea break", "up")

    assert titles(course) == [OPENING, "Tea break", "Breathing together"]


def test_moving_a_section_down_swaps_it_with_the_one_below(course, peer_trainer):
    move(course, peer_trainer, OPENING, "down")

    assert titles(course) == ["Breathing together", OPENING, "Tea break"]


def test_a_move_makes_a_new_version(course, peer_trainer):
    move(course, peer_trainer, OPENING, "down")

    assert fresh(course).version == 4
    assert CourseChange.objects.filter(course=course).first().summary == (
        f"Moved “{OPENING}” down in session 1"
    )


def test_moving_the_first_section_up_changes_nothing(course, peer_trainer):
    move(course, peer_trainer, OPENING, "up")

    assert titles(course) == [OPENING, "Breathing together", "Tea break"]
    assert fresh(course).version == 3


def test_moving_the_last_section_down_changes_nothing(course, peer_trainer):
    move(course, peer_trainer, "Tea break", "down")

    assert titles(course) == [OPENING, "Breathing together", "Tea break"]
    assert fresh(course).version == 3


def test_a_move_in_any_other_direction_is_refused(course, peer_trainer):
    with pytest.raises(NotAllowed):
        move(course, peer_trainer, "Tea break", "sideways")

    assert fresh(course).version == 3


# Deleting


def test_section_delete_removes_only_that_section(course, peer_trainer):
    section_delete(
        section=Section.objects.get(plan__course=course, title="Breathing together"),
        user=peer_trainer,
        base_version=3,
    )

    assert titles(course) == [OPENING, "Tea break"]
    assert fresh(course).version == 4


# The start time


def test_plan_update_changes_the_start_time(course, practitioner_trainer):
    plan = course.plans.get(number=2)

    plan_update(plan=plan, user=practitioner_trainer, base_version=3, starts_at=time(13, 30))

    plan.refresh_from_db()
    assert plan.starts_at == time(13, 30)
    assert fresh(course).version == 4


def test_plan_update_to_the_same_time_makes_no_new_version(course, practitioner_trainer):
    plan = course.plans.get(number=2)

    plan_update(plan=plan, user=practitioner_trainer, base_version=3, starts_at=time(10, 0))

    assert fresh(course).version == 3


# Who may edit


def _add(course, user):
    section_add(
        plan=course.plans.get(number=1), user=user, base_version=course.version, **section_fields()
    )


def _update(course, user):
    section_update(
        section=Section.objects.get(plan__course=course, title="Tea break"),
        user=user,
        base_version=course.version,
        **section_fields(title="Tea break", minutes=5),
    )


def _move(course, user):
    move(course, user, "Tea break", "up")


def _delete(course, user):
    section_delete(
        section=Section.objects.get(plan__course=course, title="Tea break"),
        user=user,
        base_version=course.version,
    )


def _start(course, user):
    plan_update(
        plan=course.plans.get(number=1), user=user, base_version=course.version, starts_at=time(9)
    )


PLAN_EDITS = pytest.mark.parametrize(
    "edit",
    [_add, _update, _move, _delete, _start],
    ids=["add", "update", "move", "delete", "start"],
)


@PLAN_EDITS
def test_an_outsider_trainer_cannot_edit_a_plan(course, outsider_trainer, edit):
    before = course_snapshot(course)

    with pytest.raises(NotAllowed):
        edit(course, outsider_trainer)

    assert fresh(course).version == 3
    assert course_snapshot(course) == before


@PLAN_EDITS
def test_a_manager_cannot_edit_a_plan(course, manager, edit):
    with pytest.raises(NotAllowed):
        edit(course, manager)

    assert fresh(course).version == 3


@pytest.mark.parametrize(
    "edit",
    [
        lambda section, user, base: section_update(
            section=section, user=user, base_version=base, **section_fields(title="Hijacked")
        ),
        lambda section, user, base: section_delete(section=section, user=user, base_version=base),
        lambda section, user, base: section_move(
            section=section, user=user, base_version=base, direction="up"
        ),
    ],
    ids=["update", "delete", "move"],
)
def test_a_section_of_another_course_is_refused(
    course, active_pairing, peer_trainer, practitioner_trainer, edit
):
    """A form for this course naming a section that belongs to another course."""
    other = make_course(active_pairing, practitioner_trainer, title="Another course")
    add_section(other, practitioner_trainer, title="Their section")
    theirs = Section.objects.get(plan__course=other, title="Their section")
    theirs.plan = course.plans.get(number=1)
    other_before = course_snapshot(fresh(other))

    with pytest.raises(NotAllowed):
        edit(theirs, peer_trainer, course.version)

    assert course_snapshot(fresh(other)) == other_before
    assert (fresh(course).version, fresh(other).version) == (3, 2)


def test_a_plan_of_another_course_is_refused(course, active_pairing, peer_trainer):
    other = make_course(active_pairing, peer_trainer, title="Another course")
    theirs = other.plans.get(number=1)
    theirs.course = course

    with pytest.raises(NotAllowed):
        plan_update(plan=theirs, user=peer_trainer, base_version=3, starts_at=time(18, 0))

    assert other.plans.get(number=1).starts_at == time(10, 0)
    assert fresh(other).version == 1
