"""Messages to a course's students (workshops/services/messages.py and the reads in
selectors/messages.py): each person holding a place gets one email, and the waiting
list only when asked; nobody cancelled, nobody of another course; a double submit or a
retried send sends nothing twice; plain-language refusals; who may send; what students
read (trainers by their public name)."""

from datetime import timedelta

import pytest

from recovery_college.notifications.models import OutboxMessage
from trainers.models import Trainer
from workshops.errors import MessageError, MessageOutOfDate, NobodyToMessage, NotAllowed
from workshops.models import CourseMessage, CourseMessageRecipient, Enrolment
from workshops.selectors.messages import course_messages, student_messages
from workshops.services import enrolment_cancel
from workshops.services.messages import course_message_send

from ..factories import open_course_make
from .enrolment_support import FIRST, deliver_twice, enrolled, mail_with, quiet, waiting

SUBJECT = "A message about “Understanding anxiety”"
NOTE = "Please bring a notebook and a pen."


def send(course, user, *, body=NOTE, include_waiting=False, token="form-1"):
    return course_message_send(
        course=course, user=user, body=body, include_waiting=include_waiting, token=token
    )


@pytest.fixture
def full(open_course, mailoutbox, manager):
    """The open course's two places taken (one of them then cancelled and given to the
    first person waiting as an offer), two more waiting, and a student of another course.
    Returns (holding: the enrolled and the offered, waiting: the one still waiting,
    cancelled, other course's student)."""
    places = enrolled(open_course, 2)
    queued = waiting(open_course, 2)
    enrolment_cancel(enrolment=places[1], user=places[1].student)  # offers queued[0]
    offered = Enrolment.objects.get(pk=queued[0].pk)
    assert offered.status == Enrolment.Status.OFFERED
    other = open_course_make(manager=manager, title="Sleep well")
    outsider = enrolled(other, 1)[0]
    quiet(mailoutbox)
    return [places[0], offered], [queued[1]], places[1], outsider


@pytest.mark.django_db
def test_each_person_holding_a_place_gets_the_message_once_and_nobody_else(
    open_course, full, peer_trainer, committed, mailoutbox
):
    holding, queued, cancelled, outsider = full

    with committed():
        message, sent_now = send(open_course, peer_trainer)

    assert sent_now
    sent = mail_with(mailoutbox, SUBJECT)
    assert sorted(m.to[0] for m in sent) == sorted(e.student.email for e in holding)
    assert NOTE in sent[0].body
    assert message.recipient_count == 2
    assert set(
        CourseMessageRecipient.objects.filter(message=message).values_list("enrolment", flat=True)
    ) == {e.pk for e in holding}


@pytest.mark.django_db
def test_the_waiting_list_gets_it_too_only_when_asked(
    open_course, full, manager, committed, mailoutbox
):
    holding, queued, cancelled, outsider = full

    with committed():
        message, _ = send(open_course, manager, include_waiting=True)

    sent = mail_with(mailoutbox, SUBJECT)
    assert sorted(m.to[0] for m in sent) == sorted(e.student.email for e in holding + queued)
    assert cancelled.student.email not in [m.to[0] for m in sent]
    assert outsider.student.email not in [m.to[0] for m in sent]
    assert message.recipient_count == 3
    waiting_copy = next(m for m in sent if m.to == [queued[0].student.email])
    assert "on the waiting list for “Understanding anxiety”" in waiting_copy.body


@pytest.mark.django_db
def test_once_the_course_has_started_the_closed_waiting_list_is_not_messaged(
    open_course, full, manager, time_machine, mailoutbox, committed
):
    holding, queued, *_ = full
    time_machine.move_to(FIRST + timedelta(minutes=5), tick=False)

    with committed():
        message, _ = send(open_course, manager, include_waiting=True)

    assert message.recipient_count == 2
    assert queued[0].student.email not in [m.to[0] for m in mail_with(mailoutbox, SUBJECT)]


@pytest.mark.django_db
def test_a_double_submit_sends_nothing_more(open_course, full, peer_trainer, committed, mailoutbox):
    with committed():
        first, first_now = send(open_course, peer_trainer, token="same-form")
    with committed():
        again, again_now = send(open_course, peer_trainer, token="same-form")

    assert (first_now, again_now) == (True, False)
    assert again.pk == first.pk
    assert CourseMessage.objects.count() == 1
    assert len(mail_with(mailoutbox, SUBJECT)) == 2


@pytest.mark.django_db
def test_a_send_task_run_twice_still_sends_each_email_once(
    open_course, full, practitioner_trainer, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks() as callbacks:
        send(open_course, practitioner_trainer)

    deliver_twice(callbacks)

    assert len(mail_with(mailoutbox, SUBJECT)) == 2
    assert OutboxMessage.objects.filter(subject=SUBJECT).count() == 2


@pytest.mark.django_db
def test_a_new_form_sends_a_new_message(open_course, full, peer_trainer, committed, mailoutbox):
    with committed():
        send(open_course, peer_trainer, token="form-1")
        send(open_course, peer_trainer, token="form-2", body="We are in room 2 today.")

    assert CourseMessage.objects.count() == 2
    assert len(mail_with(mailoutbox, SUBJECT)) == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", "Write your message to the students."),
        ("   \n  ", "Write your message to the students."),
        ("x" * 1001, "Keep your message to 1,000 characters or fewer. It has 1,001."),
    ],
)
def test_an_empty_or_too_long_message_is_refused_in_plain_words(
    open_course, full, peer_trainer, body, error
):
    with pytest.raises(MessageError) as refused:
        send(open_course, peer_trainer, body=body)

    assert refused.value.message == error
    assert refused.value.field == "body"
    assert not CourseMessage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["", "x" * 65])
def test_a_form_without_its_token_is_out_of_date(open_course, full, peer_trainer, token):
    with pytest.raises(MessageOutOfDate):
        send(open_course, peer_trainer, token=token)


@pytest.mark.django_db
def test_another_courses_token_does_not_count_as_sent(open_course, full, manager, peer_trainer):
    other_course = full[3].course
    send(other_course, manager, token="shared")

    with pytest.raises(MessageOutOfDate):
        send(open_course, manager, token="shared")
    assert not CourseMessage.objects.filter(course=open_course).exists()


@pytest.mark.django_db
def test_a_course_nobody_holds_a_place_on_says_so(open_course, peer_trainer):
    with pytest.raises(NobodyToMessage) as refused:
        send(open_course, peer_trainer)

    assert refused.value.message == (
        "Nobody holds a place on this course yet, so there is nobody to send a message to."
    )


@pytest.mark.django_db
def test_with_only_a_waiting_list_it_says_how_to_reach_them(open_course, peer_trainer, mailoutbox):
    # Two places are taken and then given up with nobody waiting: only later arrivals wait.
    places = enrolled(open_course, 2)
    waiting(open_course, 1)
    Enrolment.objects.filter(pk__in=[p.pk for p in places]).update(status="cancelled")

    with pytest.raises(NobodyToMessage) as refused:
        send(open_course, peer_trainer)

    assert "To reach the 1 on the waiting list, tick “also send it" in refused.value.message


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["student", "outsider_trainer", "anonymous"])
def test_only_the_pair_and_managers_may_send(open_course, full, who, request):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    with pytest.raises(NotAllowed):
        send(open_course, user)
    assert not CourseMessage.objects.exists()


@pytest.mark.django_db
def test_students_read_a_trainer_by_their_public_name_and_a_manager_as_the_college(
    open_course, full, peer_trainer, manager, committed, mailoutbox
):
    holding = full[0]
    trainer = peer_trainer.trainer
    trainer.public_name_style, trainer.public_name_other = Trainer.PublicName.OTHER, "Sam P."
    trainer.save()
    with committed():
        send(open_course, peer_trainer, token="a")
        send(open_course, manager, token="b", body="The college is closed on Friday.")

    emails = [m for m in mail_with(mailoutbox, SUBJECT) if m.to == [holding[0].student.email]]
    bodies = sorted(m.body for m in emails)
    assert any("Sam P., Peer Trainer sent this message" in b for b in bodies)
    assert any("The college sent this message" in b for b in bodies)
    assert all("Pat Peer" not in b for b in bodies)
    mine = student_messages(user=holding[0].student)[holding[0].pk]
    assert [m.from_label for m in mine] == ["The college", "Sam P., Peer Trainer"]


@pytest.mark.django_db
def test_a_student_reads_only_the_messages_sent_to_their_own_places(
    open_course, full, peer_trainer, manager
):
    holding, queued, cancelled, outsider = full
    send(open_course, peer_trainer)

    assert set(student_messages(user=holding[0].student)) == {holding[0].pk}
    assert student_messages(user=queued[0].student) == {}
    assert student_messages(user=cancelled.student) == {}
    assert student_messages(user=outsider.student) == {}


@pytest.mark.django_db
def test_reading_messages_costs_one_query_however_many_there_are(
    open_course, full, peer_trainer, manager, django_assert_num_queries
):
    student = full[0][0].student
    for n in range(6):
        send(open_course, peer_trainer if n % 2 else manager, token=f"t{n}")

    with django_assert_num_queries(1):
        mine = student_messages(user=student)
        labels = [m.from_label for m in next(iter(mine.values()))]
    with django_assert_num_queries(1):
        sent = course_messages(course=open_course)
        names = [m.sender.full_name for m in sent]
    assert len(labels) == len(names) == 6


@pytest.mark.django_db
def test_a_place_without_its_student_is_left_out(open_course, full, peer_trainer):
    """A deleted account's rows keep no student (services.student_forget)."""
    holding = full[0]
    Enrolment.objects.filter(pk=holding[0].pk).update(student=None)

    message, _ = send(open_course, peer_trainer)

    assert message.recipient_count == 1
