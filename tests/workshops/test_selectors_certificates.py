"""Who has earned an attendance certificate (workshops/selectors/certificates.py): at
least the college's share of a course's sessions (50% by default), once it has run;
exactly the threshold is enough; cancelled sessions count in neither side; other
people's marks change nothing; what a certificate says."""

import pytest
from django.http import Http404

from trainers.models import Trainer
from workshops.models import Enrolment, ScheduledSession
from workshops.selectors.certificates import (
    certificate_earned,
    certificate_for,
    certificates_ready,
)
from workshops.services import attendance_mark, course_cancel, enrolment_cancel

from ..factories import UserFactory
from .certificate_support import after_the_course, course_with_students, registers, threshold_set


@pytest.mark.parametrize(
    ("came", "held", "threshold", "earned"),
    [
        (2, 4, 50, True),  # exactly half
        (1, 4, 50, False),  # below
        (3, 4, 75, True),  # exactly three quarters
        (2, 3, 67, False),  # 66.7% is below 67%
        (4, 4, 100, True),
        (3, 4, 100, False),
        (1, 100, 1, True),
        (0, 0, 50, False),  # no sessions held: nothing to certify
    ],
)
def test_the_share_is_compared_in_whole_numbers(came, held, threshold, earned):
    assert certificate_earned(came=came, held=held, threshold=threshold) is earned


@pytest.fixture
def four(time_machine, manager):
    """Ann, Ben and Cat enrolled on a four-session course."""
    students = [UserFactory(full_name=name) for name in ("Ann Ash", "Ben Birch", "Cat Cedar")]
    course, places = course_with_students(time_machine, manager=manager, students=students)
    return course, dict(zip(("ann", "ben", "cat"), places, strict=True))


@pytest.mark.django_db
def test_exactly_half_the_sessions_earns_a_certificate_and_below_half_does_not(
    four, manager, time_machine
):
    course, places = four
    after_the_course(time_machine, course)
    registers(course, manager=manager, came={places["ann"]: {1, 3}, places["ben"]: {2}})

    assert certificates_ready(user=places["ann"].student) == {places["ann"].pk}
    assert certificates_ready(user=places["ben"].student) == set()
    assert certificates_ready(user=places["cat"].student) == set()


@pytest.mark.django_db
def test_nothing_is_ready_until_the_last_session_has_ended(four, manager, time_machine):
    course, places = four
    last = ScheduledSession.objects.filter(course=course).order_by("-ends_at").first()
    time_machine.move_to(last.starts_at, tick=False)  # the last session is under way
    registers(course, manager=manager, came={places["ann"]: {1, 2, 3, 4}})

    assert certificates_ready(user=places["ann"].student) == set()
    certificate = certificate_for(user=places["ann"].student, pk=places["ann"].pk)
    assert not certificate.earned
    assert certificate.why_not == (
        "Your certificate will be ready once the course's last session has ended."
    )


@pytest.mark.django_db
def test_the_college_setting_moves_the_threshold(four, manager, time_machine):
    course, places = four
    after_the_course(time_machine, course)
    registers(course, manager=manager, came={places["ann"]: {1, 2}, places["ben"]: {1, 2, 3}})
    threshold_set(75)

    assert certificates_ready(user=places["ann"].student) == set()
    assert certificates_ready(user=places["ben"].student) == {places["ben"].pk}
    why = certificate_for(user=places["ann"].student, pk=places["ann"].pk).why_not
    assert "at least 75% of the sessions. The register shows you at 2 of 4." in why


@pytest.mark.django_db
def test_a_cancelled_session_counts_in_neither_the_sessions_held_nor_those_come_to(
    four, manager, time_machine
):
    course, places = four
    after_the_course(time_machine, course)
    # Ann came to 1 and 4; Ben to 1 only; session 4 is then cancelled (the register had
    # been taken): 3 sessions held, Ann came to 1 of them and Ben to 1.
    registers(course, manager=manager, came={places["ann"]: {1, 4}, places["ben"]: {1}})
    ScheduledSession.objects.filter(course=course, number__in=[2, 3]).update(cancelled=True)

    # 2 sessions held (1 and 4): Ann came to both, Ben to one: exactly half.
    assert certificates_ready(user=places["ann"].student) == {places["ann"].pk}
    assert certificates_ready(user=places["ben"].student) == {places["ben"].pk}
    certificate = certificate_for(user=places["ben"].student, pk=places["ben"].pk)
    assert (certificate.came, certificate.held) == (1, 2)


@pytest.mark.django_db
def test_only_the_students_own_marks_count_not_other_peoples(four, manager, time_machine):
    """No walk-ins or classmates change a student's share: it is sessions, not people."""
    course, places = four
    after_the_course(time_machine, course)
    registers(
        course,
        manager=manager,
        came={places["ann"]: {1}, places["ben"]: {1, 2, 3, 4}, places["cat"]: {1, 2, 3, 4}},
    )

    assert certificates_ready(user=places["ann"].student) == set()
    assert certificate_for(user=places["ann"].student, pk=places["ann"].pk).came == 1


@pytest.mark.django_db
def test_a_cancelled_place_or_a_cancelled_course_has_no_certificate(four, manager, time_machine):
    course, places = four
    time_machine.move_to(ScheduledSession.objects.get(course=course, number=2).ends_at, tick=False)
    for number in (1, 2):
        session = ScheduledSession.objects.get(course=course, number=number)
        attendance_mark(session=session, user=manager, marks={places["ann"].pk: "present"})
    course_cancel(course=course, user=manager, reason="The room flooded.")
    after_the_course(time_machine, course)

    assert certificates_ready(user=places["ann"].student) == set()
    why = certificate_for(user=places["ann"].student, pk=places["ann"].pk).why_not
    assert why == "A certificate is for students who held a place on a course that ran."


@pytest.mark.django_db
def test_a_student_who_cancelled_before_the_course_has_no_certificate(four, manager, time_machine):
    course, places = four
    enrolment_cancel(enrolment=places["cat"], user=places["cat"].student)
    after_the_course(time_machine, course)

    assert certificates_ready(user=places["cat"].student) == set()
    assert Enrolment.objects.get(pk=places["cat"].pk).status == Enrolment.Status.CANCELLED


@pytest.mark.django_db
def test_a_certificate_names_the_student_the_course_its_dates_and_both_public_names(
    four, manager, time_machine
):
    course, places = four
    peer = course.pairing.peer
    peer.public_name_style, peer.public_name_other = Trainer.PublicName.OTHER, "Priya S."
    peer.save()
    practitioner = course.pairing.practitioner
    practitioner.public_name_style = Trainer.PublicName.FIRST
    practitioner.save()
    after_the_course(time_machine, course)
    registers(course, manager=manager, came={places["ann"]: {1, 2, 3}})

    certificate = certificate_for(user=places["ann"].student, pk=places["ann"].pk)
    sessions = list(ScheduledSession.objects.filter(course=course).order_by("starts_at"))

    assert certificate.earned
    assert certificate.student_name == "Ann Ash"
    assert certificate.course_title == "Finding calm"
    assert certificate.first_day == sessions[0].starts_at.date()
    assert certificate.last_day == sessions[-1].starts_at.date()
    assert (certificate.came, certificate.held) == (3, 4)
    assert certificate.trainers == [
        ("Priya S.", "Peer Trainer"),
        (practitioner.user.get_short_name(), "Practitioner Trainer"),
    ]


@pytest.mark.django_db
def test_finding_ready_certificates_costs_one_query_however_many_courses(
    manager, time_machine, django_assert_num_queries
):
    student = UserFactory()
    for n in range(3):
        course, (place,) = course_with_students(
            time_machine, manager=manager, students=[student], title=f"Course {n}"
        )
        after_the_course(time_machine, course)
        registers(course, manager=manager, came={place: {1, 2}})

    with django_assert_num_queries(1):
        ready = certificates_ready(user=student)
    assert len(ready) == 3


@pytest.mark.django_db
def test_another_persons_place_is_not_found(four, time_machine):
    course, places = four
    after_the_course(time_machine, course)
    with pytest.raises(Http404):
        certificate_for(user=places["ben"].student, pk=places["ann"].pk)
