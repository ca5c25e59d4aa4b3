"""A course's students (workshops:course-students, course-students-csv) and a student's own
place (enrolment-detail): who sees access needs and goals, the managers' CSV, and the
same number of queries for 5 or 500 students."""

import csv
import io

import pytest
from django.urls import reverse

from workshops.services import enrolment_cancel, enrolment_create, waiting_list_join

from ...factories import PairingFactory, UserFactory
from .support import ACCESS, GOAL, bulk_students, path_to, queries_for

# Who sees access needs and goals


EXPECTED = {
    # (viewer, page): (status, sees access needs, sees goal: True / False / "if shared")
    ("anonymous", "course-students"): (404, False, False),
    ("anonymous", "course-students-csv"): (302, False, False),
    ("anonymous", "enrolment-detail"): (302, False, False),
    ("another student", "course-students"): (404, False, False),
    ("another student", "course-students-csv"): (404, False, False),
    ("another student", "enrolment-detail"): (404, False, False),
    ("outsider trainer", "course-students"): (404, False, False),
    ("outsider trainer", "course-students-csv"): (404, False, False),
    ("outsider trainer", "enrolment-detail"): (404, False, False),
    ("peer trainer", "course-students"): (200, True, "if shared"),
    ("peer trainer", "course-students-csv"): (404, False, False),
    ("peer trainer", "enrolment-detail"): (404, False, False),
    ("practitioner trainer", "course-students"): (200, True, "if shared"),
    ("practitioner trainer", "course-students-csv"): (404, False, False),
    ("practitioner trainer", "enrolment-detail"): (404, False, False),
    ("manager", "course-students"): (200, True, False),
    ("manager", "course-students-csv"): (200, True, False),
    ("manager", "enrolment-detail"): (404, False, False),
    ("the student", "course-students"): (404, False, False),
    ("the student", "course-students-csv"): (404, False, False),
    ("the student", "enrolment-detail"): (200, True, True),
}


@pytest.fixture
def viewers(student, peer_trainer, practitioner_trainer, outsider_trainer, manager):
    PairingFactory(peer=outsider_trainer.trainer, active=True)  # another pairing's trainer
    return {
        "anonymous": None,
        "another student": UserFactory(full_name="Alex Another"),
        "outsider trainer": outsider_trainer,
        "peer trainer": peer_trainer,
        "practitioner trainer": practitioner_trainer,
        "manager": manager,
        "the student": student,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("share_goal", [True, False], ids=["goal-shared", "goal-private"])
@pytest.mark.parametrize("viewer,page", list(EXPECTED), ids=[f"{v}-{p}" for v, p in EXPECTED])
def test_who_sees_a_students_access_needs_and_goal(
    client_for, viewers, student, open_course, viewer, page, share_goal
):
    enrolment = enrolment_create(
        course=open_course, student=student, access_needs=ACCESS, goal=GOAL, share_goal=share_goal
    )
    pk = enrolment.pk if page == "enrolment-detail" else open_course.pk
    response = client_for(viewers[viewer]).get(path_to(page, pk))
    status, sees_access, sees_goal = EXPECTED[(viewer, page)]
    if sees_goal == "if shared":
        sees_goal = share_goal
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("accounts:login"))
    assert (ACCESS.encode() in response.content) is sees_access
    assert (GOAL.encode() in response.content) is sees_goal


# The managers' CSV


@pytest.mark.django_db
def test_the_managers_csv_has_a_header_one_row_per_live_place_and_defuses_formulas(
    client_for, manager, open_course
):
    formula = UserFactory(full_name="=HYPERLINK(1)", email="formula@example.org")
    enrolment_create(
        course=open_course, student=formula, access_needs="=1+1", goal=GOAL, share_goal=True
    )
    enrolment_create(
        course=open_course, student=UserFactory(email="plain@example.org"), access_needs="Ramp"
    )
    leaver = enrolment_create(course=open_course, student=UserFactory(email="leaver@example.org"))
    enrolment_cancel(enrolment=leaver, user=leaver.student)
    enrolment_create(course=open_course, student=UserFactory(email="third@example.org"))
    waiting_list_join(course=open_course, student=UserFactory(email="waiting@example.org"))

    response = client_for(manager).get(path_to("course-students-csv", open_course.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "name",
        "email",
        "status",
        "since",
        "offer ends",
        "access needs",
        "session 1 (2027-03-11)",
        "session 2 (2027-03-18)",
    ]
    by_email = {row[1]: row for row in rows[1:]}
    assert len(rows) == 5
    assert sorted(by_email) == [
        "formula@example.org",
        "plain@example.org",
        "third@example.org",
        "waiting@example.org",
    ]
    assert by_email["formula@example.org"][0] == "'=HYPERLINK(1)"
    assert by_email["formula@example.org"][5] == "'=1+1"
    assert by_email["plain@example.org"][5] == "Ramp"
    assert by_email["waiting@example.org"][2] == "On the waiting list"
    assert GOAL not in response.content.decode()


@pytest.mark.django_db
def test_the_managers_course_students_page_costs_the_same_for_5_and_500_students(
    client_for, manager, open_course
):
    client = client_for(manager)
    url = path_to("course-students", open_course.pk)
    bulk_students(open_course, 0, 5)
    with_5 = queries_for(client, url)
    bulk_students(open_course, 5, 495)
    with_500 = queries_for(client, url)
    response = client.get(url)
    assert len(response.context["roster"].enrolled) == 450
    assert "Goal 1" not in response.content.decode()  # managers never see goals
    assert (with_5, with_500) == (8, 8)  # 12 and one for walk-ins, less 2 for roles and 3 for
    # the session write (see tests/accounts/test_roles.py)
