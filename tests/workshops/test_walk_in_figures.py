"""Walk-ins count in the figures: the course's register totals, the College page's
attendance and no-shows (selectors/college.py), and the co-production report's attendance
(selectors/report.py). Here one student came, one did not, and two walk-ins came: 3 of 4
marks are "came" (75%), where enrolled students alone would give 50%."""

import pytest

from workshops.management.commands.bench_report import build_report_term
from workshops.models import Attendance, Course, Enrolment, ScheduledSession
from workshops.selectors import college_course_page, college_filters, course_roster
from workshops.selectors.report import Filters, fidelity_report

from ..factories import (
    PeerTrainerFactory,
    PractitionerTrainerFactory,
    UserFactory,
    WalkInAttendanceFactory,
    WalkInFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    term = build_report_term(
        2, peer=PeerTrainerFactory(), practitioner=PractitionerTrainerFactory(), name="Walk-ins"
    )
    course = Course.objects.filter(term=term).order_by("title").first()
    session = ScheduledSession.objects.get(course=course)
    for status in ("present", "absent"):
        enrolment = Enrolment.objects.create(
            course=course, student=UserFactory(), status="enrolled"
        )
        Attendance.objects.create(session=session, enrolment=enrolment, status=status)
    for _ in range(2):
        WalkInAttendanceFactory(walk_in=WalkInFactory(course=course, first_session=session))
    return course


def _college_row(course):
    """The course's row on the College page (its term, searched by its title)."""
    filters = college_filters({"term": str(course.term_id), "q": course.title})
    (row,) = [c for c in college_course_page(filters).object_list if c.pk == course.pk]
    return row


def test_the_college_figures_count_walk_ins_as_came(course):
    row = _college_row(course)
    assert (row.enrolled, row.came, row.no_shows) == (2, 3, 1)


def test_the_co_production_report_counts_walk_ins_in_attendance(course, manager):
    report = fidelity_report(user=manager, term=course.term, filters=Filters())
    assert (report.came, report.missed, report.attendance) == (3, 1, 75)
    assert report.enrolled == 2  # walk-ins hold no place


def test_the_courses_register_totals_count_walk_ins(course):
    roster = course_roster(course=course)
    assert list(roster.came.values()) == [3]
    assert roster.attendance_rate == 75
    assert [w.marks for w in roster.walk_ins] == [["present"], ["present"]]


def test_a_walk_in_marked_did_not_come_is_a_no_show(course):
    Attendance.objects.filter(walk_in__isnull=False).update(status="absent")
    row = _college_row(course)
    assert (row.came, row.no_shows) == (1, 3)
