"""Session reminders (workshops/services/reminders.py): once to each enrolled student a
day or two before, again when a session moves or is rearranged."""

from datetime import timedelta

import pytest

from workshops.services import session_cancel, session_schedule
from workshops.services.reminders import session_reminders_send

from .enrolment_support import (
    FIRST,
    SECOND,
    TITLE,
    emails,
    enrolled,
    fresh,
    mail_to,
    mail_with,
    recipients,
    waiting,
)


@pytest.mark.django_db
def test_a_reminder_goes_once_to_each_enrolled_student_and_not_to_those_waiting(
    open_course, time_machine, committed, mailoutbox
):
    first_student, second_student = enrolled(open_course, 2)
    (queued,) = waiting(open_course, 1)
    time_machine.move_to(FIRST - timedelta(hours=24), tick=False)

    with committed():
        assert session_reminders_send() == 2
        assert session_reminders_send() == 0

    subject = f"Reminder: “{TITLE}” on Thursday 11 March at 10:00"
    assert recipients(mailoutbox, "Reminder") == emails(
        first_student.student, second_student.student
    )
    assert {m.subject for m in mail_with(mailoutbox, "Reminder")} == {subject}
    assert mail_to(mailoutbox, queued.student, "Reminder") == []


@pytest.mark.django_db
def test_no_reminder_is_sent_more_than_48_hours_before_a_session(
    open_course, time_machine, mailoutbox
):
    enrolled(open_course, 1)
    time_machine.move_to(FIRST - timedelta(hours=49), tick=False)

    assert session_reminders_send() == 0

    assert fresh(open_course.sessions.get(number=1)).reminded_at is None


@pytest.mark.django_db
def test_moving_a_reminded_session_reminds_again_for_the_new_time(
    open_course, manager, room, time_machine, committed, mailoutbox
):
    (enrolment,) = enrolled(open_course, 1)
    time_machine.move_to(FIRST - timedelta(hours=24), tick=False)
    with committed():
        session_reminders_send()

    with committed():
        session_schedule(
            course=open_course,
            user=manager,
            number=1,
            starts_at=FIRST + timedelta(hours=3),
            room=room,
        )
        assert session_reminders_send() == 1
        assert session_reminders_send() == 0

    assert [m.subject for m in mail_to(mailoutbox, enrolment.student, "Reminder")] == [
        f"Reminder: “{TITLE}” on Thursday 11 March at 10:00",
        f"Reminder: “{TITLE}” on Thursday 11 March at 13:00",
    ]


@pytest.mark.django_db
def test_a_cancelled_session_rearranged_later_is_reminded_for_its_new_time(
    open_course, manager, room, time_machine, committed, mailoutbox
):
    (enrolment,) = enrolled(open_course, 1)
    time_machine.move_to(SECOND - timedelta(hours=24), tick=False)
    with committed():
        assert session_reminders_send() == 1  # session 2, Thursday 18 March
        session_cancel(course=open_course, user=manager, number=2, reason="Trainer unwell.")
        session_schedule(
            course=open_course,
            user=manager,
            number=2,
            starts_at=SECOND + timedelta(days=1),
            room=room,
        )

        assert session_reminders_send() == 1, "no reminder for the rearranged session"

    assert [m.subject for m in mail_to(mailoutbox, enrolment.student, "Reminder")] == [
        f"Reminder: “{TITLE}” on Thursday 18 March at 10:00",
        f"Reminder: “{TITLE}” on Friday 19 March at 10:00",
    ]
