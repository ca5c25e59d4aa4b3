"""Feedback invitations (the beat job in workshops/services/reminders.py): once, to the
students who came, after the last session has ended. Giving feedback is in
enrolment_pages/test_view_feedback.py."""

from datetime import timedelta

import pytest
from django.urls import reverse

from recovery_college.notifications import tasks
from workshops.services import attendance_mark
from workshops.services.reminders import feedback_invitations_send

from .enrolment_support import SECOND, TITLE, fresh, mail_with, recipients


@pytest.mark.django_db
def test_feedback_invitations_go_once_to_the_students_who_came(
    on_the_day, peer_trainer, time_machine, committed, mailoutbox
):
    session, (came, stayed_away), queued = on_the_day
    attendance_mark(
        session=session, user=peer_trainer, marks={came.pk: "present", stayed_away.pk: "absent"}
    )
    time_machine.move_to(SECOND + timedelta(hours=3), tick=False)  # session 2 ended at 12:00

    with committed():
        assert feedback_invitations_send() == 1
        assert feedback_invitations_send() == 0

    invited = f"How was “{TITLE}”?"
    assert recipients(mailoutbox, invited) == [came.student.email]
    assert fresh(came).feedback_invited_at == SECOND + timedelta(hours=3)
    assert fresh(stayed_away).feedback_invited_at is None
    assert tasks.outbox_drain() == 0
    assert len(mail_with(mailoutbox, invited)) == 1


@pytest.mark.django_db
def test_no_feedback_invitation_before_the_last_session_has_ended(
    on_the_day, peer_trainer, time_machine
):
    session, (came, _), _ = on_the_day
    attendance_mark(session=session, user=peer_trainer, marks={came.pk: "present"})
    time_machine.move_to(SECOND + timedelta(hours=1), tick=False)  # session 2 under way

    assert feedback_invitations_send() == 0

    assert fresh(came).feedback_invited_at is None


@pytest.mark.django_db
def test_a_student_who_came_sees_the_feedback_link_after_the_last_session_with_no_job_run(
    on_the_day, peer_trainer, time_machine, client_for
):
    session, (came, _), _ = on_the_day
    attendance_mark(session=session, user=peer_trainer, marks={came.pk: "present"})
    time_machine.move_to(SECOND + timedelta(hours=2, minutes=1), tick=False)  # just over

    page = client_for(came.student).get(reverse("workshops:my-courses")).content.decode()

    assert fresh(came).feedback_invited_at is None  # no invitation job has run
    assert reverse("workshops:feedback-give", args=[came.pk]) in page


@pytest.mark.django_db
def test_a_student_who_stayed_away_sees_no_feedback_link(
    on_the_day, peer_trainer, time_machine, client_for
):
    session, (came, stayed_away), _ = on_the_day
    attendance_mark(
        session=session, user=peer_trainer, marks={came.pk: "present", stayed_away.pk: "absent"}
    )
    time_machine.move_to(SECOND + timedelta(hours=3), tick=False)

    page = client_for(stayed_away.student).get(reverse("workshops:my-courses"))

    assert reverse("workshops:feedback-give", args=[stayed_away.pk]) not in page.content.decode()


@pytest.mark.django_db
def test_the_feedback_form_opens_without_an_invitation_once_the_course_is_over(
    on_the_day, peer_trainer, time_machine, client_for
):
    session, (came, _), _ = on_the_day
    attendance_mark(session=session, user=peer_trainer, marks={came.pk: "present"})
    time_machine.move_to(SECOND + timedelta(hours=3), tick=False)

    response = client_for(came.student).get(reverse("workshops:feedback-give", args=[came.pk]))

    assert response.status_code == 200


@pytest.mark.django_db
def test_no_feedback_link_while_the_last_session_is_still_running(
    on_the_day, peer_trainer, time_machine, client_for
):
    session, (came, _), _ = on_the_day
    attendance_mark(session=session, user=peer_trainer, marks={came.pk: "present"})
    time_machine.move_to(SECOND + timedelta(hours=1), tick=False)

    response = client_for(came.student).get(reverse("workshops:feedback-give", args=[came.pk]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_links_in_emails_follow_site_url(
    on_the_day, peer_trainer, time_machine, committed, mailoutbox, settings
):
    settings.SITE_URL = "http://127.0.0.1:8123"
    session, (came, _), _ = on_the_day
    attendance_mark(session=session, user=peer_trainer, marks={came.pk: "present"})
    time_machine.move_to(SECOND + timedelta(hours=3), tick=False)

    with committed():
        feedback_invitations_send()

    (invitation,) = mail_with(mailoutbox, f"How was “{TITLE}”?")
    link = "http://127.0.0.1:8123" + reverse("workshops:feedback-give", args=[came.pk])
    assert link in invitation.body
