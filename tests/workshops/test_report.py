"""The co-production report: figures on a hand-built term match hand-computed values,
the query count does not grow with the number of courses, and the CSV holds exactly the
tables on the page."""

import csv
import io
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workshops.management.commands.bench_report import build_report_term
from workshops.models import Attendance, Course, Enrolment, ScheduledSession
from workshops.selectors.report import Filters, fidelity_report

from ..factories import PeerTrainerFactory, PractitionerTrainerFactory, UserFactory

pytestmark = pytest.mark.django_db


def _term(n: int, name: str = "Report term"):
    return build_report_term(
        n, peer=PeerTrainerFactory(), practitioner=PractitionerTrainerFactory(), name=name
    )


@pytest.fixture
def term():
    """10 courses, each one held 60-minute session planned as 30 minutes shared and 30
    led by the practitioner; both debriefs say the peer led the practitioner's part. The
    first session was delivered by one trainer (only the practitioner's debrief is due).
    Two feedback responses a course (4 of 5; both led: yes; valued: partly). On the first
    course 4 students came to the register: 3 came, 1 did not."""
    term = _term(10)
    first = Course.objects.filter(term=term).order_by("title").first()
    session = ScheduledSession.objects.get(course=first)
    for index, student in enumerate(UserFactory.create_batch(4)):
        enrolment = Enrolment.objects.create(course=first, student=student, status="enrolled")
        Attendance.objects.create(
            session=session, enrolment=enrolment, status="absent" if index == 3 else "present"
        )
    return term


def test_the_figures_match_hand_computed_values(term, manager):
    report = fidelity_report(user=manager, term=term, filters=Filters())
    assert (report.held, report.co_delivered, report.solo) == (10, 9, 1)
    assert report.planned.shares == {"peer": 0, "shared": 50, "practitioner": 50}
    assert report.delivered.shares == {"peer": 50, "shared": 50, "practitioner": 0}
    assert report.attendance == 75
    assert report.fill == round(100 * 4 / 120)
    assert (report.feedback_count, report.feedback_avg) == (20, 4.0)
    assert report.answers["both_led"]["yes"] == 20
    assert report.answers["both_valued"]["partly"] == 20
    assert (report.debriefs_done, report.debriefs_due) == (19, 19)


def test_the_page_says_the_co_delivery_share_in_a_sentence(term, manager, client_for):
    html = client_for(manager).get(reverse("workshops:report") + f"?term={term.pk}")
    assert "9 of 10 held sessions (90%) were co-delivered" in html.content.decode()


def test_a_pairing_filter_leaves_out_other_pairings_courses(term, manager):
    other = _term(3, name="Other")
    Course.objects.filter(term=other).update(term=term)
    pairing_id = Course.objects.filter(term=term).order_by("pk").first().pairing_id
    report = fidelity_report(user=manager, term=term, filters=Filters(pairing=pairing_id))
    assert len(report.courses) == 10


def _queries(client, term) -> int:
    url = reverse("workshops:report") + f"?term={term.pk}"
    client.get(url)  # sessions and caches warm
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_report_costs_the_same_queries_for_20_and_500_courses(manager, client_for):
    client = client_for(manager)
    small = _queries(client, _term(20, name="Twenty"))
    large = _queries(client, _term(500, name="Five hundred"))
    print(f"\nreport queries: {small} at 20 courses, {large} at 500")
    assert small == large


class _Tables(HTMLParser):
    """Every data table on a page, as rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self.row, self.cell, self.caption = [], None, None, None

    def handle_starttag(self, tag, attrs):
        if (
            tag == "table"
            and ("data-report-table", None) not in attrs
            and any(k == "data-report-table" for k, _ in attrs)
        ):
            self.tables.append([])
        elif tag == "caption" and self.tables:
            self.caption = ""
        elif tag == "tr" and self.tables:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        elif self.caption is not None:
            self.caption += data

    def handle_endtag(self, tag):
        if tag == "caption" and self.caption is not None:
            self.tables[-1].append([self.caption.strip()])
            self.caption = None
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1].append(self.row)
            self.row = None


def test_the_csv_holds_exactly_the_tables_on_the_page(term, manager, client_for):
    client = client_for(manager)
    query = f"?term={term.pk}"
    parser = _Tables()
    parser.feed(client.get(reverse("workshops:report") + query).content.decode())
    page = [row for table in parser.tables for row in table]
    response = client.get(reverse("workshops:report-csv") + query)
    assert response["Content-Type"].startswith("text/csv")
    rows = [r for r in csv.reader(io.StringIO(response.content.decode())) if r]
    assert rows == page
    assert ["Co-delivered by the pair", "9", "90%"] in rows


def test_the_print_view_is_one_page_of_the_main_tables(term, manager, client_for):
    html = client_for(manager).get(reverse("workshops:report-print") + f"?term={term.pk}")
    text = html.content.decode()
    assert "term report" in text
    assert "Per course" not in text


def test_the_pdf_is_a_pdf_or_points_to_the_print_view(term, manager, client_for):
    response = client_for(manager).get(reverse("workshops:report-pdf") + f"?term={term.pk}")
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    else:
        assert response.status_code == 503
        assert reverse("workshops:report-print") in response.content.decode()


def test_a_term_with_nothing_held_says_so(manager):
    empty = _term(0, name="Empty")
    report = fidelity_report(user=manager, term=empty, filters=Filters())
    assert report.held == 0
    assert report.planned.peer_or_shared is None


def test_cover_counts_as_co_delivered_and_an_unmet_request_does_not(manager):
    """Session 1 of 3 was recorded as one-trainer; session 2 was covered; session 3's
    request for cover was still open when it was held."""
    from workshops.models import CoverRequest

    from ..factories import PeerTrainerFactory as Peer

    term = _term(3, name="Three")
    _, second, third = ScheduledSession.objects.filter(course__term=term).order_by("starts_at")
    CoverRequest.objects.create(
        session=second, absent_trainer=second.peer, status="covered", cover_trainer=Peer()
    )
    CoverRequest.objects.create(session=third, absent_trainer=third.peer, status="open")
    report = fidelity_report(user=manager, term=term, filters=Filters())
    assert (report.held, report.co_delivered, report.with_cover, report.solo) == (3, 1, 1, 2)


def test_a_topic_filter_keeps_only_that_topics_courses(term, manager):
    from ..factories import TopicFactory

    sleep = TopicFactory(name="Sleep")
    chosen = list(Course.objects.filter(term=term).order_by("pk")[:3])
    Course.objects.filter(pk__in=[c.pk for c in chosen]).update(topic=sleep)
    report = fidelity_report(user=manager, term=term, filters=Filters(topic=sleep.pk))
    assert sorted(r.course.pk for r in report.courses) == sorted(c.pk for c in chosen)
