"""The College page (workshops:college-overview): managers only; people and pairings
counted; one term's courses summarised and shown a page at a time with their figures,
filtered and sorted; bad input gives a sensible page; the queries stay the same from 20
to 1,000 courses. The managers' to-do at the top is in test_view_college_todo.py."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trainers.models import AgreementConsent
from workshops.models import (
    Attendance,
    Course,
    Enrolment,
    Feedback,
    ScheduledSession,
)
from workshops.selectors.college import PAGE_SIZE

from ..factories import (
    DeclarationFactory,
    PairingFactory,
    PeerTrainerFactory,
    PractitionerTrainerFactory,
    TermFactory,
    TopicFactory,
    UserFactory,
    agreement_in_force,
)

URL = reverse("workshops:college-overview")
# What the page asks the database, however many courses, pairings and trainers: the
# session, the user and their roles (3); the filter's terms, trainers and topics (3); the
# page of courses (its count, its ids, and its courses with their figures: 3); the live
# pairings (1); the sessions that need cover (1, and their invitations when there are
# any); and every count on the page, from the term's summary to the mail (1).
QUERIES = 12


@pytest.fixture
def term(db):
    today = timezone.localdate()
    return TermFactory(
        name="Now",
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=60),
        enrolment_opens_on=today - timedelta(days=20),
    )


def _courses(term, n, *, pairing=None, status="published", title="Course", **fields):
    """`n` courses made in one INSERT (1,000 take a moment, not a minute)."""
    pairing = pairing or PairingFactory(active=True)
    return Course.objects.bulk_create(
        Course(
            pairing=pairing,
            title=f"{title} {index:04}",
            summary="A course.",
            outcomes="Learn",
            status=status,
            term=term,
            capacity=20,
            places_taken=index % 21,
            **fields,
        )
        for index in range(n)
    )


def _with_figures(courses, students):
    """Each course gets one session an hour after the last (a pair never clashes), every
    student enrolled and marked (one in three absent), one waiting and one feedback."""
    pairing = courses[0].pairing
    start = timezone.now() - timedelta(days=2)
    sessions = ScheduledSession.objects.bulk_create(
        ScheduledSession(
            course=course,
            number=1,
            starts_at=start + timedelta(hours=index),
            ends_at=start + timedelta(hours=index, minutes=30),
            online_link="https://meet.example.org/x",
            peer=pairing.peer,
            practitioner=pairing.practitioner,
        )
        for index, course in enumerate(courses)
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(course=course, student=student, status="enrolled")
        for course in courses
        for student in students
    )
    session_of = {s.course_id: s for s in sessions}
    Attendance.objects.bulk_create(
        Attendance(
            session=session_of[e.course_id],
            enrolment=e,
            status="absent" if number % 3 == 0 else "present",
        )
        for number, e in enumerate(enrolments)
    )
    waiting = UserFactory()
    Enrolment.objects.bulk_create(
        Enrolment(course=course, student=waiting, status="waiting") for course in courses
    )
    Feedback.objects.bulk_create(Feedback(course=course, rating=5) for course in courses)


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
def test_a_pairing_with_both_answers_and_nothing_declared_waits_for_a_decision(client_for, manager):
    ready = PairingFactory()
    DeclarationFactory(pairing=ready, trainer=ready.peer)
    DeclarationFactory(pairing=ready, trainer=ready.practitioner)
    DeclarationFactory(pairing=PairingFactory())  # one answer of two
    counts = client_for(manager).get(URL).context["pairing_counts"]
    assert counts == {"active": 0, "awaiting_declarations": 1, "awaiting_decision": 1}


@pytest.mark.django_db
def test_it_counts_active_pairings_whose_agreement_is_not_in_force(client_for, manager):
    agreement_in_force(PairingFactory(active=True))
    PairingFactory(active=True)  # its headings are not written yet
    agreed_by_one = PairingFactory(active=True)
    version = agreement_in_force(agreed_by_one)
    AgreementConsent.objects.filter(version=version, trainer=agreed_by_one.practitioner).delete()
    agreement_in_force(PairingFactory(ended=True))  # no longer live: not counted
    context = client_for(manager).get(URL).context
    assert context["pairing_counts"]["active"] == 3
    assert context["agreements_not_in_force"] == 2
    assert context["agreements_review_passed"] == []


@pytest.mark.django_db
def test_its_query_count_does_not_grow_with_people(
    client_for, manager, term, django_assert_num_queries
):
    client = client_for(manager)
    _courses(term, 3)
    PairingFactory(active=True)
    with django_assert_num_queries(QUERIES):
        client.get(URL)
    PeerTrainerFactory.create_batch(5)
    PractitionerTrainerFactory.create_batch(5)
    PairingFactory.create_batch(5, active=True)
    with django_assert_num_queries(QUERIES):
        client.get(URL)


@pytest.mark.django_db
def test_its_queries_are_the_same_at_20_and_1000_courses_and_within_a_fixed_number(
    client_for, manager, term, django_assert_num_queries
):
    client = client_for(manager)
    students = UserFactory.create_batch(3)
    _with_figures(_courses(term, 20), students)
    with django_assert_num_queries(QUERIES) as small:
        response = client.get(URL)
    assert len(response.context["course_figures"]) == 20
    _with_figures(_courses(term, 980, title="More"), students)
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL)
    assert len(response.context["course_figures"]) == PAGE_SIZE
    assert response.context["page"].paginator.count == 1000
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db
def test_a_thousand_courses_make_a_page_of_a_few_dozen_rows(client_for, manager, term):
    _courses(term, 1000)
    html = client_for(manager).get(URL).content.decode()
    assert html.count("<tr>") == PAGE_SIZE + 1  # the heading row and one page
    assert "1000 courses: 1 to 25 shown." in html
    assert len(html) < 60_000


@pytest.mark.django_db
def test_it_shows_each_courses_places_waiting_attendance_and_no_shows(client_for, manager, term):
    _with_figures(_courses(term, 2), UserFactory.create_batch(3))
    response = client_for(manager).get(URL)
    row = next(c for c in response.context["course_figures"] if c.title == "Course 0000")
    assert (row.enrolled, row.waiting, row.came, row.no_shows, row.attendance_rate) == (
        3,
        1,
        2,
        1,
        67,
    )
    assert row.feedback_count == 1


@pytest.mark.django_db
def test_the_summary_counts_the_terms_courses_by_stage_with_totals(client_for, manager, term):
    courses = _courses(term, 4)
    _courses(term, 2, status="cancelled", title="Gone")
    _courses(term, 1, status="draft", title="Draft")  # the pair's business: not counted
    _with_figures(courses[:1], UserFactory.create_batch(3))
    summary = client_for(manager).get(URL).context["summary"]
    assert summary.stages["published"] == 4
    assert summary.stages["cancelled"] == 2
    assert summary.courses == 6
    assert (summary.places_taken, summary.capacity) == (0 + 1 + 2 + 3, 4 * 20)
    assert (summary.enrolled, summary.waiting, summary.came, summary.no_shows) == (3, 1, 2, 1)
    assert summary.attendance_rate == 67
    assert summary.feedback == 1


@pytest.mark.django_db
def test_it_shows_the_current_term_only_with_its_dates(client_for, manager, term):
    last = TermFactory(
        name="Before",
        starts_on=term.starts_on - timedelta(days=120),
        ends_on=term.starts_on - timedelta(days=30),
    )
    _courses(term, 2, title="Now")
    _courses(last, 3, title="Then")
    response = client_for(manager).get(URL)
    assert {c.title for c in response.context["course_figures"]} == {"Now 0000", "Now 0001"}
    html = response.content.decode()
    dates = f"{term.starts_on:%-d %b %Y} to {term.ends_on:%-d %b %Y}"
    assert f'Courses in Now <small class="text-body-secondary fs-6">({dates})</small>' in html
    assert f"Before ({last.starts_on:%-d %b %Y} to {last.ends_on:%-d %b %Y})" in html


@pytest.mark.django_db
def test_another_term_or_every_term_can_be_chosen(client_for, manager, term):
    last = TermFactory(name="Before", starts_on=term.starts_on - timedelta(days=120))
    _courses(term, 2, title="Now")
    _courses(last, 3, title="Then")
    client = client_for(manager)
    response = client.get(URL, {"term": last.pk})
    assert len(response.context["course_figures"]) == 3
    response = client.get(URL, {"term": "any"})
    assert len(response.context["course_figures"]) == 5
    assert '<th scope="col">Term</th>' in response.content.decode()


@pytest.mark.django_db
def test_it_filters_by_status_trainer_topic_and_title(client_for, manager, term):
    other = PairingFactory(active=True)
    topic = TopicFactory(name="Sleep")
    _courses(term, 3, title="Anxiety")
    _courses(term, 2, pairing=other, title="Sleep well", topic=topic)
    _courses(term, 1, status="cancelled", title="Gone")
    client = client_for(manager)

    def titles(**params):
        return {c.title for c in client.get(URL, params).context["course_figures"]}

    assert titles(stage="cancelled") == {"Gone 0000"}
    assert titles(trainer=other.practitioner_id) == {"Sleep well 0000", "Sleep well 0001"}
    assert titles(topic=topic.pk) == {"Sleep well 0000", "Sleep well 0001"}
    assert titles(q="  anxiety 0001 ") == {"Anxiety 0001"}
    assert titles(q="nothing like it") == set()


@pytest.mark.django_db
def test_an_empty_filter_says_so_and_offers_to_clear_it(client_for, manager, term):
    _courses(term, 2)
    html = client_for(manager).get(URL, {"q": "nothing like it"}).content.decode()
    assert "No course matches this filter." in html
    assert "Clear the filter" in html


@pytest.mark.django_db
def test_it_sorts_by_places_taken(client_for, manager, term):
    _courses(term, 5)
    rows = client_for(manager).get(URL, {"sort": "fullest"}).context["course_figures"]
    assert [c.places_taken for c in rows] == [4, 3, 2, 1, 0]


@pytest.mark.django_db
def test_pages_keep_the_filter(client_for, manager, term):
    _courses(term, PAGE_SIZE + 5)
    response = client_for(manager).get(URL, {"q": "Course", "sort": "emptiest"})
    kept = f"?term={term.pk}&q=Course&sort=emptiest"
    assert response.context["next_url"] == f"{kept}&page=2#courses-title"
    second = client_for(manager).get(URL, {"q": "Course", "sort": "emptiest", "page": 2})
    assert len(second.context["course_figures"]) == 5
    assert second.context["previous_url"] == f"{kept}&page=1#courses-title"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "page_number"),
    [
        ({"page": "abc"}, 1),
        ({"page": "9999"}, 2),
        ({"page": "-1"}, 2),
        ({"page": "0"}, 2),
        ({"page": "²"}, 1),
        ({"stage": "nonsense"}, 1),
        ({"sort": "'; DROP TABLE"}, 1),
        ({"term": "abc", "trainer": "x", "topic": "9999999999999999999999"}, 1),
        ({"q": "x" * 5000}, 1),
        ({"q": "\x00"}, 1),
    ],
)
def test_bad_input_gives_a_sensible_page_never_an_error(
    client_for, manager, term, params, page_number
):
    _courses(term, PAGE_SIZE + 1)
    response = client_for(manager).get(URL, params)
    assert response.status_code == 200
    assert response.context["page"].number == page_number


@pytest.mark.django_db
def test_a_college_with_no_terms_yet_says_so(client_for, manager):
    html = client_for(manager).get(URL).content.decode()
    assert "No courses are scheduled in this term yet." in html


@pytest.mark.django_db
def test_each_course_links_to_its_students_and_its_next_step(client_for, manager, term):
    (published,) = _courses(term, 1, title="Open")
    (agreed,) = _courses(term, 1, status="agreed", title="Agreed")
    html = client_for(manager).get(URL).content.decode()
    assert f'href="{reverse("workshops:course-students", args=[published.pk])}"' in html
    assert f'href="{reverse("workshops:course-schedule", args=[agreed.pk])}"' in html
    assert "Agreed: waiting to be scheduled" in html


@pytest.mark.django_db
def test_the_term_is_a_term_with_dates_in_the_terms_of_the_schedule_page(term):
    from workshops.forms import CapacityForm

    choices = [label for _, label in CapacityForm().fields["term"].choices]
    assert f"Now ({term.starts_on:%-d %b %Y} to {term.ends_on:%-d %b %Y})" in choices


@pytest.mark.django_db
def test_the_default_term_is_the_prospectus_current_term(client_for, manager, term):
    from workshops.selectors import term_current

    coming = TermFactory(name="Next", starts_on=term.ends_on + timedelta(days=10))
    _courses(term, 1, status="agreed", title="Not yet")  # nothing published this term
    _courses(coming, 1, title="Soon")
    assert term_current() == coming
    assert client_for(manager).get(URL).context["filters"].term == coming


@pytest.mark.django_db
def test_it_sorts_by_first_session_with_unscheduled_courses_last(client_for, manager, term):
    unscheduled, *scheduled = _courses(term, 3)
    _with_figures(list(reversed(scheduled)), [])
    rows = client_for(manager).get(URL, {"sort": "starts"}).context["course_figures"]
    assert [c.pk for c in rows] == [scheduled[1].pk, scheduled[0].pk, unscheduled.pk]
    assert rows[0].first_at < rows[1].first_at
    assert rows[2].first_at is None


@pytest.mark.django_db
def test_courses_waiting_to_be_scheduled_include_those_with_no_term_yet(client_for, manager, term):
    (no_term,) = _courses(None, 1, status="agreed", title="No term")
    (in_term,) = _courses(term, 1, status="agreed", title="In term")
    client = client_for(manager)
    rows = client.get(URL, {"term": "any", "stage": "to_schedule"}).context["course_figures"]
    assert {c.pk for c in rows} == {no_term.pk, in_term.pk}
    rows = client.get(URL, {"stage": "to_schedule"}).context["course_figures"]
    assert [c.pk for c in rows] == [in_term.pk]
    assert client.get(URL).context["summary"].stages["to_schedule"] == 1


@pytest.mark.django_db
def test_every_term_shows_each_courses_term_and_first_session(client_for, manager, term):
    (scheduled,) = _courses(term, 1)
    _with_figures([scheduled], [])
    _courses(None, 1, status="agreed", title="No term")
    response = client_for(manager).get(URL, {"term": "any"})
    row = next(c for c in response.context["course_figures"] if c.pk == scheduled.pk)
    assert row.first_at == ScheduledSession.objects.get(course=scheduled).starts_at
    html = response.content.decode()
    first = timezone.localtime(row.first_at).strftime("%-d %b %Y")
    assert f'<td>Now</td><td class="text-nowrap">{first}</td>' in html
    assert '<td>None yet</td><td class="text-nowrap">–</td>' in html


@pytest.mark.django_db
def test_each_row_shows_places_of_capacity_and_attendance_or_a_dash(client_for, manager, term):
    marked, unmarked = _courses(term, 2)
    _with_figures([marked], UserFactory.create_batch(3))
    Course.objects.filter(pk=unmarked.pk).update(capacity=None, places_taken=0)
    html = client_for(manager).get(URL).content.decode()
    assert "<td>0 of 20</td><td>1</td><td>0</td><td>67%</td><td>1</td><td>1</td>" in html
    assert "<td>0</td><td>0</td><td>0</td><td>–</td><td>0</td><td>0</td>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("term_param", ["", "any"])
def test_each_stage_counts_what_its_link_shows_and_the_rows_say(
    client_for, manager, term, term_param
):
    """Ready to publish (every session booked, a term and places) is judged in three
    places: the counts' plain SQL, the table's filter and each row's stage. They agree for
    every kind of agreed course."""
    ready, no_places, half_booked, unbooked = _courses(
        term, 4, status="agreed", session_count=1, title="Agreed"
    )
    Course.objects.filter(pk=no_places.pk).update(capacity=None, places_taken=0)
    Course.objects.filter(pk=half_booked.pk).update(session_count=2)
    (no_term,) = _courses(None, 1, status="agreed", session_count=1, title="No term")
    _courses(term, 2, title="Published")
    _courses(term, 1, status="cancelled", title="Cancelled")
    booked = [ready, no_places, half_booked, no_term]
    start = timezone.now() + timedelta(days=3)
    ScheduledSession.objects.bulk_create(
        ScheduledSession(
            course=course,
            number=number,
            starts_at=start + timedelta(hours=index),
            ends_at=start + timedelta(hours=index, minutes=30),
            online_link="https://meet.example.org/x",
            peer=course.pairing.peer,
            practitioner=course.pairing.practitioner,
            cancelled=cancelled,
        )
        for index, (course, number, cancelled) in enumerate(
            [(c, 1, False) for c in booked] + [(half_booked, 2, True), (unbooked, 1, True)]
        )
    )
    client = client_for(manager)
    params = {"term": term_param} if term_param else {}
    page = client.get(URL, params).context
    stage_of_rows = [c.stage for c in page["course_figures"]]
    assert page["summary"].stages["to_publish"] == 1
    assert page["summary"].stages["to_schedule"] == (4 if term_param else 3)
    for code, count in page["summary"].stages.items():
        shown = client.get(URL, {**params, "stage": code}).context["page"].paginator.count
        assert count == shown == stage_of_rows.count(code), code
