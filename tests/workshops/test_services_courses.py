"""Courses (workshops/services/courses.py): creating, agreeing by version (and the sign-off
resetting on every kind of change), stale saves, the number of sessions, and what can no
longer be edited, including the schedule students signed up for. History and restore are
in test_services_course_history.py, copies and templates in test_services_course_copies.py."""

from datetime import time

import pytest
from django.utils import timezone

from trainers.services import pairing_end
from workshops.errors import CourseLocked, NotAllowed, StaleEdit
from workshops.models import Course, CourseChange, CourseSignOff
from workshops.selectors import course_signoff
from workshops.services import (
    course_agree,
    course_details_update,
    course_restore,
    course_unpublish,
    plan_update,
    section_add,
    section_delete,
    section_move,
    section_update,
)
from workshops.snapshots import course_snapshot

from ..factories import add_section, fresh, make_course, section_fields
from .course_support import (
    AGAIN,
    BOTH_AGREED,
    OPENING,
    SCHEDULE_REFUSED,
    both_agree,
    details_of,
    section_titled,
    titles,
)
from .enrolment_support import enrolled

pytestmark = pytest.mark.django_db


# Creating a course


def test_course_create_makes_a_draft_at_version_1(active_pairing, peer_trainer):
    course = make_course(active_pairing, peer_trainer)

    assert (course.status, course.version, course.pairing) == ("draft", 1, active_pairing)


def test_course_create_makes_one_plan_per_session(active_pairing, peer_trainer):
    course = make_course(active_pairing, peer_trainer, session_count=3)

    assert list(course.plans.values_list("number", flat=True)) == [1, 2, 3]


def test_each_new_plan_opens_with_the_shared_welcome_section(active_pairing, peer_trainer):
    course = make_course(active_pairing, peer_trainer)

    openings = [
        [(s.title, s.lead, s.minutes) for s in plan.sections.all()] for plan in course.plans.all()
    ]
    assert openings == [[(OPENING, "shared", 15)], [(OPENING, "shared", 15)]]


def test_course_create_records_version_1_as_created(active_pairing, peer_trainer):
    course = make_course(active_pairing, peer_trainer)

    change = CourseChange.objects.get(course=course)
    assert (change.version, change.summary, change.author) == (
        1,
        "Created the course",
        peer_trainer,
    )
    assert change.snapshot == course_snapshot(course)


def test_course_create_by_an_outsider_trainer_is_refused(active_pairing, outsider_trainer):
    with pytest.raises(NotAllowed):
        make_course(active_pairing, outsider_trainer)

    assert not Course.objects.exists()


def test_course_create_by_a_manager_is_refused(active_pairing, manager):
    with pytest.raises(NotAllowed):
        make_course(active_pairing, manager)

    assert not Course.objects.exists()


def test_course_create_for_a_proposed_pairing_is_refused(pairing, peer_trainer):
    with pytest.raises(CourseLocked):
        make_course(pairing, peer_trainer)

    assert not Course.objects.exists()


# The sign-off resets on every kind of change


def _change_details(course, user):
    course_details_update(
        course=course,
        user=user,
        base_version=course.version,
        **details_of(course, title="Living well with anxiety"),
    )


def _add_section(course, user):
    add_section(course, user, title="Tea break", lead="shared")


def _edit_section(course, user):
    section_update(
        section=section_titled(course, "Breathing together"),
        user=user,
        base_version=course.version,
        **section_fields(minutes=25),
    )


def _delete_section(course, user):
    section_delete(
        section=section_titled(course, "Breathing together"),
        user=user,
        base_version=course.version,
    )


def _reorder(course, user):
    section_move(
        section=section_titled(course, "Breathing together"),
        user=user,
        base_version=course.version,
        direction="up",
    )


def _restore(course, user):
    course_restore(course=course, user=user, base_version=course.version, version=1)


def _start_later(course, user):
    plan_update(
        plan=course.plans.get(number=1),
        user=user,
        base_version=course.version,
        starts_at=time(13, 30),
    )


CHANGES = pytest.mark.parametrize(
    "change",
    [
        _change_details,
        _add_section,
        _edit_section,
        _delete_section,
        _reorder,
        _restore,
        _start_later,
    ],
    ids=["details", "section-add", "section-edit", "section-delete", "reorder", "restore", "start"],
)


@pytest.fixture
def agreed_course(active_pairing, peer_trainer, practitioner_trainer):
    """A course at version 2 (a section added after the opening one), agreed by both."""
    course = make_course(active_pairing, peer_trainer)
    add_section(course, peer_trainer)
    both_agree(course, peer_trainer, practitioner_trainer)
    course = fresh(course)
    assert (course.status, course.version) == ("agreed", 2)
    return course


@CHANGES
def test_any_change_puts_an_agreed_course_back_to_draft(agreed_course, peer_trainer, change):
    change(agreed_course, peer_trainer)

    assert fresh(agreed_course).status == "draft"


@CHANGES
def test_any_change_bumps_the_version(agreed_course, peer_trainer, change):
    change(agreed_course, peer_trainer)

    assert fresh(agreed_course).version == 3


@CHANGES
def test_any_change_means_the_trainers_no_longer_both_agree(agreed_course, peer_trainer, change):
    change(agreed_course, peer_trainer)

    assert course_signoff(course=fresh(agreed_course)).agreed is False


@CHANGES
def test_any_change_asks_only_the_co_trainer_to_agree_again(
    agreed_course,
    peer_trainer,
    practitioner_trainer,
    change,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        change(agreed_course, peer_trainer)

    again = [m for m in mailoutbox if AGAIN in m.subject]
    assert [m.to for m in again] == [[practitioner_trainer.email]]


# Agreeing


def test_agreeing_an_old_version_is_refused_as_stale(active_pairing, peer_trainer):
    course = make_course(active_pairing, peer_trainer)
    add_section(course, peer_trainer)

    with pytest.raises(StaleEdit) as error:
        course_agree(course=course, user=peer_trainer, version=1)

    assert error.value.current_version == 2
    assert not CourseSignOff.objects.exists()


def test_a_manager_cannot_agree_a_course(active_pairing, peer_trainer, manager):
    course = make_course(active_pairing, peer_trainer)

    with pytest.raises(NotAllowed):
        course_agree(course=course, user=manager, version=1)

    assert not CourseSignOff.objects.exists()


def test_the_first_sign_off_leaves_the_course_a_draft(active_pairing, peer_trainer):
    course = make_course(active_pairing, peer_trainer)

    course_agree(course=course, user=peer_trainer, version=1)

    assert fresh(course).status == "draft"
    assert course_signoff(course=course).agreed_ids == {peer_trainer.trainer.pk}


def test_both_sign_offs_make_the_course_agreed(active_pairing, peer_trainer, practitioner_trainer):
    course = make_course(active_pairing, peer_trainer)

    both_agree(course, peer_trainer, practitioner_trainer)

    assert fresh(course).status == "agreed"
    assert course_signoff(course=course).agreed is True


def test_both_trainers_hear_once_that_they_have_both_agreed(
    active_pairing,
    peer_trainer,
    practitioner_trainer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    course = make_course(active_pairing, peer_trainer)

    with django_capture_on_commit_callbacks(execute=True):
        course_agree(course=course, user=peer_trainer, version=1)
        course_agree(course=course, user=practitioner_trainer, version=1)
        course_agree(course=course, user=practitioner_trainer, version=1)

    agreed = sorted(m.to[0] for m in mailoutbox if BOTH_AGREED in m.subject)
    assert agreed == sorted([peer_trainer.email, practitioner_trainer.email])


def test_agreeing_twice_keeps_one_sign_off(active_pairing, peer_trainer):
    course = make_course(active_pairing, peer_trainer)

    course_agree(course=course, user=peer_trainer, version=1)
    course_agree(course=course, user=peer_trainer, version=1)

    assert CourseSignOff.objects.filter(course=course).count() == 1


# Stale saves


def _stale_details(course, user):
    course_details_update(
        course=course, user=user, base_version=1, **details_of(course, title="Someone else's")
    )


def _stale_section_update(course, user):
    section_update(
        section=section_titled(course, "Breathing together"),
        user=user,
        base_version=1,
        **section_fields(minutes=45),
    )


def _stale_section_add(course, user):
    section_add(plan=course.plans.get(number=1), user=user, base_version=1, **section_fields())


def _stale_move(course, user):
    section_move(
        section=section_titled(course, "Breathing together"),
        user=user,
        base_version=1,
        direction="up",
    )


STALE_SAVES = pytest.mark.parametrize(
    "save",
    [_stale_details, _stale_section_update, _stale_section_add, _stale_move],
    ids=["details", "section-update", "section-add", "move"],
)


@pytest.fixture
def course_at_version_2(active_pairing, peer_trainer):
    course = make_course(active_pairing, peer_trainer)
    add_section(course, peer_trainer)
    return fresh(course)


@STALE_SAVES
def test_a_save_from_an_old_version_is_refused_with_the_current_version(
    course_at_version_2, practitioner_trainer, save
):
    with pytest.raises(StaleEdit) as error:
        save(course_at_version_2, practitioner_trainer)

    assert error.value.current_version == 2


@STALE_SAVES
def test_a_save_from_an_old_version_changes_nothing(
    course_at_version_2, practitioner_trainer, save
):
    before = course_snapshot(course_at_version_2)

    with pytest.raises(StaleEdit):
        save(course_at_version_2, practitioner_trainer)

    course = fresh(course_at_version_2)
    assert course.version == 2
    assert course_snapshot(course) == before
    assert CourseChange.objects.filter(course=course).count() == 2


# Changing the number of sessions


def test_fewer_sessions_remove_the_trailing_plans(active_pairing, peer_trainer):
    course = make_course(active_pairing, peer_trainer, session_count=3)

    course_details_update(
        course=course, user=peer_trainer, base_version=1, **details_of(course, session_count=1)
    )

    assert list(course.plans.values_list("number", flat=True)) == [1]


def test_more_sessions_add_plans_that_open_with_the_welcome(active_pairing, peer_trainer):
    course = make_course(active_pairing, peer_trainer, session_count=1)

    course_details_update(
        course=course, user=peer_trainer, base_version=1, **details_of(course, session_count=3)
    )

    assert list(course.plans.values_list("number", flat=True)) == [1, 2, 3]
    assert titles(course, 2) == titles(course, 3) == [OPENING]


def test_saving_unchanged_details_makes_no_new_version(active_pairing, peer_trainer):
    course = make_course(active_pairing, peer_trainer)

    course_details_update(course=course, user=peer_trainer, base_version=1, **details_of(course))

    assert fresh(course).version == 1
    assert CourseChange.objects.filter(course=course).count() == 1


# What can no longer be edited


def _edit_details(course, user):
    course_details_update(
        course=course, user=user, base_version=course.version, **details_of(course, title="New")
    )


def _edit_plan(course, user):
    add_section(course, user)


EDITS = pytest.mark.parametrize("edit", [_edit_details, _edit_plan], ids=["details", "plan"])


@EDITS
def test_a_course_of_an_ended_pairing_cannot_be_edited(active_pairing, peer_trainer, manager, edit):
    course = make_course(active_pairing, peer_trainer)
    pairing_end(pairing=active_pairing, manager=manager, end_date=timezone.localdate())

    with pytest.raises(CourseLocked):
        edit(fresh(course), peer_trainer)

    assert fresh(course).version == 1


@EDITS
def test_an_archived_course_cannot_be_edited(active_pairing, peer_trainer, edit):
    course = make_course(active_pairing, peer_trainer)
    Course.objects.filter(pk=course.pk).update(status="archived")

    with pytest.raises(CourseLocked):
        edit(fresh(course), peer_trainer)

    assert fresh(course).version == 1


@EDITS
def test_a_change_to_a_published_course_keeps_it_published_and_in_its_history(
    active_pairing, peer_trainer, edit
):
    course = make_course(active_pairing, peer_trainer)
    Course.objects.filter(pk=course.pk).update(status="published")

    edit(fresh(course), peer_trainer)

    course = fresh(course)
    assert (course.status, course.version) == ("published", 2)
    assert course.changes.filter(version=2).exists()


def test_a_course_of_an_ended_pairing_cannot_be_agreed(active_pairing, peer_trainer, manager):
    course = make_course(active_pairing, peer_trainer)
    pairing_end(pairing=active_pairing, manager=manager, end_date=timezone.localdate())

    with pytest.raises(CourseLocked):
        course_agree(course=course, user=peer_trainer, version=1)

    assert not CourseSignOff.objects.exists()


# The schedule students signed up for


@pytest.mark.django_db
def test_a_trainer_cannot_change_the_sessions_or_format_of_a_published_course_but_can_retitle_it(
    open_course, peer_trainer
):
    for change in ({"session_count": 3}, {"session_minutes": 90}, {"format": "online"}):
        course = fresh(open_course)
        with pytest.raises(NotAllowed, match="college manager") as refused:
            course_details_update(
                course=course,
                user=peer_trainer,
                base_version=course.version,
                **details_of(course, **change),
            )
        assert refused.value.message == SCHEDULE_REFUSED

    course = fresh(open_course)
    assert (course.session_count, course.session_minutes, course.format) == (2, 120, "in_person")
    course_details_update(
        course=course,
        user=peer_trainer,
        base_version=course.version,
        **details_of(course, title="Living with anxiety", summary="A new summary."),
    )
    course = fresh(open_course)
    working = course.working_details()
    assert (working["title"], working["summary"]) == ("Living with anxiety", "A new summary.")
    assert course.title == "Understanding anxiety"  # live until both trainers agree
    assert course.status == Course.Status.PUBLISHED


@pytest.mark.django_db
def test_a_trainer_cannot_change_the_sessions_of_an_unpublished_course_someone_is_on(
    open_course, manager, peer_trainer
):
    enrolled(open_course, 1)
    course_unpublish(course=open_course, user=manager, reason="A trainer is unwell.")

    for change in ({"session_count": 3}, {"session_minutes": 90}, {"format": "online"}):
        course = fresh(open_course)
        assert course.status != Course.Status.PUBLISHED
        with pytest.raises(NotAllowed, match="college manager"):
            course_details_update(
                course=course,
                user=peer_trainer,
                base_version=course.version,
                **details_of(course, **change),
            )

    course = fresh(open_course)
    course_details_update(
        course=course,
        user=peer_trainer,
        base_version=course.version,
        **details_of(course, title="Living with anxiety"),
    )
    course = fresh(open_course)
    assert course.working_details()["title"] == "Living with anxiety"
    assert (course.session_count, course.session_minutes, course.format) == (2, 120, "in_person")
