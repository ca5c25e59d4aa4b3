import pytest
from django.urls import reverse

from ..factories import PairingFactory, PeerTrainerFactory, PractitionerTrainerFactory

URL = reverse("workshops:college-overview")


@pytest.mark.django_db
def test_it_asks_anonymous_people_to_log_in(client):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["student", "peer_trainer", "practitioner_trainer"])
def test_it_refuses_everyone_but_managers(role, request, client_for):
    assert client_for(request.getfixturevalue(role)).get(URL).status_code == 403


@pytest.mark.django_db
def test_it_counts_people_by_role(client_for, manager, student, peer_trainer, practitioner_trainer):
    context = client_for(manager).get(URL).context
    assert (context["student_count"], context["peer_count"], context["practitioner_count"]) == (
        1,
        1,
        1,
    )


@pytest.mark.django_db
def test_it_counts_pairings_by_stage(client_for, manager):
    PairingFactory(active=True)
    PairingFactory()
    counts = client_for(manager).get(URL).context["pairing_counts"]
    assert counts == {"active": 1, "awaiting_declarations": 1, "awaiting_decision": 0}


@pytest.mark.django_db
def test_its_query_count_does_not_grow(client_for, manager, django_assert_max_num_queries):
    client = client_for(manager)
    PairingFactory(active=True)
    # 16: the roles, the session, people and pairings, the terms' course figures, the
    # mail that was not sent and the sessions that need cover; the same for more rows.
    with django_assert_max_num_queries(16) as few:
        client.get(URL)
    PeerTrainerFactory.create_batch(5)
    PractitionerTrainerFactory.create_batch(5)
    PairingFactory.create_batch(5, active=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)


def _courses_with_students(term, n_courses, n_students):
    from datetime import timedelta

    from django.utils import timezone

    from workshops.models import Attendance, Course, Enrolment, ScheduledSession

    from ..factories import UserFactory

    pairing = PairingFactory(active=True)
    students = UserFactory.create_batch(n_students)
    for index in range(n_courses):
        course = Course.objects.create(
            pairing=pairing,
            title=f"Course {index}",
            summary="A course.",
            outcomes="Learn",
            status="published",
            term=term,
            capacity=n_students + 2,
            places_taken=n_students,
        )
        starts = timezone.now() - timedelta(days=1, hours=index)
        session = ScheduledSession.objects.create(
            course=course,
            number=1,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=30),
            online_link="https://meet.example.org/x",
            peer=pairing.peer,
            practitioner=pairing.practitioner,
        )
        for number, student in enumerate(students):
            enrolment = Enrolment.objects.create(course=course, student=student, status="enrolled")
            Attendance.objects.create(
                session=session, enrolment=enrolment, status="present" if number % 3 else "absent"
            )
        Enrolment.objects.create(course=course, student=UserFactory(), status="waiting")


@pytest.mark.django_db
def test_it_shows_each_courses_places_waiting_attendance_and_no_shows_in_fixed_queries(
    client_for, manager
):
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from workshops.models import Term

    today = timezone.localdate()
    term = Term.objects.create(
        name="Now",
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=60),
        enrolment_opens_on=today - timedelta(days=20),
    )
    client = client_for(manager)
    _courses_with_students(term, 2, 3)
    with CaptureQueriesContext(connection) as small:
        response = client.get(URL)
    row = next(c for c in response.context["course_figures"] if c.title == "Course 0")
    assert (row.enrolled, row.waiting, row.came, row.no_shows, row.attendance_rate) == (
        3,
        1,
        2,
        1,
        67,
    )
    _courses_with_students(term, 20, 6)
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL)
    assert len(response.context["course_figures"]) == 22
    assert len(large.captured_queries) == len(small.captured_queries)
