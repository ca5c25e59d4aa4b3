"""Telling the pair what happened: activity emails at most one per 15 minutes, never to
the person who acted, and comments (by the pair or a manager)."""

from datetime import UTC, datetime, timedelta

import pytest

from workshops.errors import NotAllowed
from workshops.models import Comment, Section
from workshops.services import comment_add, course_template_save, section_add

from ..factories import make_course

pytestmark = pytest.mark.django_db

WORKING_ON = "has been working on"
START = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)


def add_section(course, user, title="Breathing together") -> Section:
    course.refresh_from_db()
    return section_add(
        plan=course.plans.get(number=1),
        user=user,
        base_version=course.version,
        title=title,
        minutes=20,
        activity="",
        materials="",
        lead="peer",
    )


def activity_to(mailoutbox, user) -> list:
    return [m for m in mailoutbox if m.to == [user.email] and WORKING_ON in m.subject]


@pytest.fixture
def course(active_pairing, peer_trainer, time_machine):
    time_machine.move_to(START, tick=False)
    return make_course(active_pairing, peer_trainer)


# Activity emails


def test_several_changes_within_15_minutes_send_the_co_trainer_one_email(
    course,
    peer_trainer,
    practitioner_trainer,
    time_machine,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        for minutes, title in [(0, "Arriving"), (5, "Breathing"), (14, "Tea break")]:
            time_machine.move_to(START + timedelta(minutes=minutes), tick=False)
            add_section(course, peer_trainer, title=title)

    emails = activity_to(mailoutbox, practitioner_trainer)
    assert len(emails) == 1
    assert emails[0].subject == "Pat Peer has been working on “Understanding anxiety”"


def test_a_change_16_minutes_later_sends_a_second_email(
    course,
    peer_trainer,
    practitioner_trainer,
    time_machine,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        add_section(course, peer_trainer, title="Arriving")
        time_machine.move_to(START + timedelta(minutes=16), tick=False)
        add_section(course, peer_trainer, title="Tea break")

    assert len(activity_to(mailoutbox, practitioner_trainer)) == 2


def test_the_acting_trainer_is_never_emailed_about_their_own_changes(
    course,
    peer_trainer,
    practitioner_trainer,
    time_machine,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        add_section(course, peer_trainer, title="Arriving")
        time_machine.move_to(START + timedelta(minutes=16), tick=False)
        add_section(course, peer_trainer, title="Tea break")
        comment_add(course=course, user=peer_trainer, body="I have added a tea break.")

    assert [m.to for m in mailoutbox] == [[practitioner_trainer.email]] * 2


def test_a_trainers_comment_emails_the_co_trainer(
    course,
    peer_trainer,
    practitioner_trainer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(course=course, user=practitioner_trainer, body="Shall we swap sessions?")

    assert [m.to for m in mailoutbox] == [[peer_trainer.email]]
    assert "Shall we swap sessions?" in mailoutbox[0].body


# Comments


def test_a_managers_comment_emails_both_trainers(
    course,
    manager,
    peer_trainer,
    practitioner_trainer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(course=course, user=manager, body="Lovely plan. Room 2 has a hearing loop.")

    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [peer_trainer.email, practitioner_trainer.email]
    )
    assert all(m.subject.startswith("Morgan Manager has been working on") for m in mailoutbox)


def test_a_comment_is_kept_with_its_author_and_section(course, manager):
    section = course.plans.get(number=1).sections.get()

    comment = comment_add(course=course, user=manager, body="  Nice welcome.  ", section=section)

    comment.refresh_from_db()
    assert (comment.author, comment.section, comment.body) == (manager, section, "Nice welcome.")


def test_comments_on_a_college_template_are_refused(course, manager):
    template = course_template_save(user=manager, source=course)

    with pytest.raises(NotAllowed):
        comment_add(course=template, user=manager, body="Good template.")

    assert not Comment.objects.exists()


def test_an_empty_comment_is_refused(course, peer_trainer):
    with pytest.raises(NotAllowed) as error:
        comment_add(course=course, user=peer_trainer, body="   \n ")

    assert error.value.field == "body"
    assert not Comment.objects.exists()


def test_an_outsiders_comment_is_refused(course, outsider_trainer):
    with pytest.raises(NotAllowed):
        comment_add(course=course, user=outsider_trainer, body="Can I join?")

    assert not Comment.objects.exists()


def test_a_comment_about_a_section_of_another_course_is_refused(
    course, active_pairing, peer_trainer
):
    other = make_course(active_pairing, peer_trainer, title="Another course")
    theirs = other.plans.get(number=1).sections.get()

    with pytest.raises(NotAllowed) as error:
        comment_add(course=course, user=peer_trainer, body="About this part…", section=theirs)

    assert error.value.field == "section"
    assert not Comment.objects.exists()
