"""My courses (workshops:my-courses): log in first; where to start; offers, upcoming,
waiting and past places with their feedback links; who cancelled a place; and the same
number of queries for 5 or 500 places."""

from datetime import UTC, timedelta

import pytest
from django.urls import reverse

from workshops.models import (
    Attendance,
    Course,
    CourseMessage,
    CourseMessageRecipient,
    Enrolment,
    ScheduledSession,
)
from workshops.services import course_cancel, enrolment_cancel, enrolment_create, waiting_list_join

from ...factories import PairingFactory, UserFactory, fresh
from ..enrolment_support import TITLE, enrolled
from .support import (
    FIRST,
    MY_COURSES,
    NOW,
    course_open,
    course_past,
    offer_to,
    path_to,
    queries_for,
    section_of,
)


@pytest.mark.django_db
def test_my_courses_asks_anonymous_people_to_log_in(client):
    response = client.get(reverse("workshops:my-courses"))
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_my_courses_shows_a_student_where_to_start(client_for, student):
    html = client_for(student).get(reverse("workshops:my-courses")).content.decode()
    assert "You have not enrolled on any courses yet" in html


@pytest.mark.django_db
def test_my_courses_groups_offers_upcoming_waiting_and_past_with_a_feedback_link(
    client_for, student, manager, active_pairing, term, past_term, room, open_course, clock
):
    past = course_past(
        clock, manager=manager, pairing=active_pairing, term=past_term, came=[student]
    )
    enrolment_create(course=open_course, student=student)
    offered = course_open(
        manager=manager,
        pairing=active_pairing,
        term=term,
        room=room,
        first=FIRST + timedelta(days=1),
        capacity=1,
        title="Money worries",
    )
    enrolment_create(course=offered, student=UserFactory())
    waiting_list_join(course=offered, student=student)
    offer_to(offered, student)
    queue = course_open(
        manager=manager,
        pairing=active_pairing,
        term=term,
        room=room,
        first=FIRST + timedelta(days=2),
        capacity=1,
        title="Hearing voices",
    )
    enrolment_create(course=queue, student=UserFactory())
    waiting_list_join(course=queue, student=UserFactory())
    waiting_list_join(course=queue, student=student)

    html = client_for(student).get(MY_COURSES).content.decode()
    offers, upcoming = section_of(html, "offers-title"), section_of(html, "upcoming-title")
    waiting, finished = section_of(html, "waiting-title"), section_of(html, "past-title")
    assert "Money worries" in offers and "Claim my place on Money worries" in offers
    assert (
        "Understanding anxiety" in upcoming and "2 sessions from Thursday 11 March 2027" in upcoming
    )
    assert "Hearing voices" in waiting and "<strong>number 2</strong>" in waiting
    assert "Sleep better" in finished
    past_place = Enrolment.objects.get(course=past, student=student)
    assert f'href="{path_to("feedback-give", past_place.pk)}"' in finished
    for title in ("Money worries", "Understanding anxiety", "Hearing voices"):
        assert title not in finished


@pytest.mark.django_db
def test_the_feedback_link_goes_once_feedback_is_given(
    client_for, student, manager, active_pairing, past_term, clock
):
    past = course_past(
        clock, manager=manager, pairing=active_pairing, term=past_term, came=[student]
    )
    place = Enrolment.objects.get(course=past, student=student)
    client = client_for(student)
    client.post(path_to("feedback-give", place.pk), {"rating": "5"})
    finished = section_of(client.get(MY_COURSES).content.decode(), "past-title")
    assert "Sleep better" in finished
    assert path_to("feedback-give", place.pk) not in finished
    assert "feedback given, thank you" in finished


def _past_item(html: str, title: str) -> str:
    """The line for `title` in the Past and cancelled list ('' when it is not there)."""
    if 'id="past-title"' not in html:
        return ""
    past = html.split('id="past-title"', 1)[1].split("</section>", 1)[0]
    items = [li for li in past.split("<li>")[1:] if title in li]
    return items[0].split("</li>", 1)[0] if items else ""


@pytest.mark.django_db
def test_my_courses_does_not_say_the_college_cancelled_a_place_the_student_gave_up_first(
    open_course, manager, client_for
):
    gave_up, _ = enrolled(open_course, 2)
    enrolment_cancel(enrolment=gave_up, user=gave_up.student)
    course_cancel(course=open_course, user=manager, reason="The venue closed.")

    html = client_for(gave_up.student).get(reverse("workshops:my-courses")).content.decode()

    item = _past_item(html, TITLE)
    assert item, "the course is not in the student's past and cancelled list"
    assert "(cancelled by the college)" not in item
    # Nor the variant for a course that had started: it had not, and the student left.
    assert "cancelled by the college" not in item, item


@pytest.mark.django_db
def test_my_courses_says_the_college_cancelled_a_place_it_cancelled(
    open_course, manager, client_for
):
    (kept,) = enrolled(open_course, 1)
    course_cancel(course=open_course, user=manager, reason="The venue closed.")
    assert fresh(kept).status == Enrolment.Status.COURSE_CANCELLED

    html = client_for(kept.student).get(reverse("workshops:my-courses")).content.decode()

    item = _past_item(html, TITLE)
    assert item, "the course the college cancelled is missing from Past and cancelled"
    assert "(cancelled by the college)" in item


def _bulk_my_courses(student, pairing, term, start, count):
    """`count` published two-session courses (numbered from `start`, three hours apart so
    the pair never clashes), and the student's place on each in turn: enrolled, waiting,
    offered, and enrolled on a finished course with feedback due."""
    numbers = range(start, start + count)
    courses = Course.objects.bulk_create(
        Course(
            pairing=pairing,
            title=f"Course {i:04}",
            summary="A course.",
            outcomes="Learn",
            status=Course.Status.PUBLISHED,
            term=term,
            session_count=2,
            session_minutes=60,
            capacity=2,
            places_taken=0 if i % 4 == 1 else 1,
        )
        for i in numbers
    )
    sessions = []
    for i, course in zip(numbers, courses, strict=True):
        start = NOW - timedelta(days=100) if i % 4 == 3 else FIRST
        base = start.astimezone(UTC) + timedelta(hours=3 * i)  # UTC: no clock changes
        for number, offset in ((1, 0), (2, 90)):
            starts = base + timedelta(minutes=offset)
            sessions.append(
                ScheduledSession(
                    course=course,
                    number=number,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=1),
                    online_link=f"https://meet.example.org/{course.pk}-{number}",
                    peer=pairing.peer,
                    practitioner=pairing.practitioner,
                )
            )
    ScheduledSession.objects.bulk_create(sessions)
    statuses = ["enrolled", "waiting", "offered", "enrolled"]
    places = Enrolment.objects.bulk_create(
        Enrolment(
            course=course,
            student=student,
            status=statuses[i % 4],
            offer_expires_at=NOW + timedelta(days=2) if i % 4 == 2 else None,
        )
        for i, course in zip(numbers, courses, strict=True)
    )
    # They came to the first session of each past course: feedback is open there.
    firsts = {s.course_id: s for s in sessions if s.number == 1}
    Attendance.objects.bulk_create(
        Attendance(session=firsts[place.course_id], enrolment=place, status="present")
        for i, place in zip(numbers, places, strict=True)
        if i % 4 == 3
    )


@pytest.mark.django_db
def test_my_courses_costs_the_same_for_5_and_500_places(client_for, student, term):
    pairing = PairingFactory(active=True)
    client = client_for(student)
    client.post(path_to("calendar-feed-reset"))
    _bulk_my_courses(student, pairing, term, 0, 5)
    place = Enrolment.objects.filter(student=student).first()
    message = CourseMessage.objects.create(
        course=place.course, body="Bring a notebook.", include_waiting=False, token="t-1"
    )
    CourseMessageRecipient.objects.create(message=message, enrolment=place)
    with_5 = queries_for(client, MY_COURSES)
    _bulk_my_courses(student, pairing, term, 5, 495)
    assert Enrolment.objects.filter(student=student).count() == 500
    with_500 = queries_for(client, MY_COURSES)
    html = client.get(MY_COURSES).content.decode()
    assert html.count("Claim my place on Course") == 125
    assert html.count("give feedback on Course") == 125
    assert html.count("Bring a notebook.") == 1
    # 5 (the session, the user, the roles, the calendar address and the places with their
    # sessions' times, queue positions, attendance and whether they were sent messages in
    # one query: 6 before that query took in the sessions' prefetch), plus the messages
    # sent and the certificates ready (selectors.messages my_courses_extras): one query
    # each.
    assert (with_5, with_500) == (7, 7)


@pytest.mark.django_db
def test_my_courses_asks_for_certificates_only_once_a_course_has_ended(
    client_for, student, open_course, clock
):
    client = client_for(student)
    client.post(path_to("calendar-feed-reset"))
    enrolment_create(course=open_course, student=student)
    # The 7 of the page with places (see above) less the certificates' query (no place has
    # ended, so none can have a certificate) and the messages' (none was sent).
    assert queries_for(client, MY_COURSES) == 5
    html = client.get(MY_COURSES).content.decode()
    assert open_course.title in html and "certificate of attendance" not in html
