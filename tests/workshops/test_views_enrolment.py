"""Students' pages: enrolling in two steps, the waiting list and offers, My courses, the
personal calendar feed and anonymous feedback; the trainers' and managers' pages about a
course's people (who sees access needs and goals, registers, the CSV, changes after
publishing); a student's data download and account deletion; and query counts that do
not grow with the number of enrolments.

Time is fixed at NOW (a Monday morning); the open course's first session is ten days
later, in a term whose enrolment opened yesterday."""

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from recovery_college.accounts.models import User
from trainers.models import AgreementConsent
from workshops.models import (
    Attendance,
    CalendarFeed,
    CollegeSettings,
    Course,
    Enrolment,
    Feedback,
    Room,
    ScheduledSession,
    Term,
    Venue,
)
from workshops.selectors import course_roster
from workshops.services import (
    attendance_mark,
    course_agree,
    course_capacity_set,
    course_publish,
    enrolment_cancel,
    enrolment_create,
    session_schedule,
    waiting_list_join,
)
from workshops.services.reminders import feedback_invitations_send

from ..factories import PASSWORD, PairingFactory, UserFactory, fresh, make_course

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=LONDON)  # a Monday morning
TODAY = NOW.date()
FIRST = datetime(2027, 3, 11, 10, 0, tzinfo=LONDON)  # the open course's first session
PAST_FIRST = datetime(2027, 1, 30, 14, 0, tzinfo=LONDON)  # a finished course's first session
ACCESS = "ACCESS-NEEDS-SENTINEL"
GOAL = "GOAL-SENTINEL"
MY_COURSES = reverse("workshops:my-courses")


# Building courses through the real services


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW)
    return time_machine


@pytest.fixture
def term(db):
    """Enrolment opened yesterday."""
    return Term.objects.create(
        name="Spring 2027",
        starts_on=TODAY - timedelta(days=7),
        ends_on=TODAY + timedelta(days=120),
        enrolment_opens_on=TODAY - timedelta(days=1),
    )


@pytest.fixture
def past_term(db):
    return Term.objects.create(
        name="Winter 2027",
        starts_on=TODAY - timedelta(days=60),
        ends_on=TODAY - timedelta(days=1),
        enrolment_opens_on=TODAY - timedelta(days=70),
    )


@pytest.fixture
def room(db):
    venue = Venue.objects.create(name="Oak House", address="1 Oak Street\nLeeds")
    return Room.objects.create(venue=venue, name="Garden Room", capacity=16, hearing_loop=True)


def course_ready(*, manager, pairing, term, first=FIRST, capacity=3, title, room=None):
    """A course agreed by both trainers, with session 1 in `room` (online without one) and
    session 2 online a week later, its places and term set: everything but publishing."""
    version = pairing.agreement.versions.get()
    for trainer in pairing.trainers:
        AgreementConsent.objects.get_or_create(version=version, trainer=trainer)
    course = make_course(pairing, pairing.peer.user, title=title, session_count=2)
    for trainer in pairing.trainers:
        course_agree(course=course, user=trainer.user, version=course.version)
    session_schedule(
        course=course,
        user=manager,
        number=1,
        starts_at=first,
        room=room,
        online_link="" if room else f"https://meet.example.org/course-{course.pk}-1",
    )
    session_schedule(
        course=course,
        user=manager,
        number=2,
        starts_at=first + timedelta(weeks=1),
        online_link=f"https://meet.example.org/course-{course.pk}-2",
    )
    course_capacity_set(course=course, user=manager, capacity=capacity, term=term)
    return fresh(course)


def course_open(*, manager, **details):
    course = course_ready(manager=manager, **details)
    course_publish(course=course, user=manager)
    return fresh(course)


@pytest.fixture
def open_course(manager, active_pairing, term, room):
    """Published, enrolment open since yesterday, both sessions ahead, 3 places."""
    return course_open(
        manager=manager, pairing=active_pairing, term=term, room=room, title="Understanding anxiety"
    )


@pytest.fixture
def full_course(manager, active_pairing, term, room):
    """One place, already taken."""
    course = course_open(
        manager=manager,
        pairing=active_pairing,
        term=term,
        room=room,
        first=FIRST + timedelta(days=1),
        capacity=1,
        title="Hearing voices",
    )
    enrolment_create(course=course, student=UserFactory(full_name="Hana Holder"))
    return fresh(course)


def course_past(clock, *, manager, pairing, term, came=(), absent=(), title="Sleep better"):
    """A published course whose sessions are over: built and enrolled on before it began,
    session 1's register taken (`came` came, `absent` did not), feedback invitations sent
    by the beat job."""
    clock.move_to(PAST_FIRST - timedelta(days=10))
    course = course_open(
        manager=manager,
        pairing=pairing,
        term=term,
        first=PAST_FIRST,
        capacity=len(came) + len(absent) + 1,
        title=title,
    )
    places = {
        s: enrolment_create(
            course=course, student=s, access_needs=f"{ACCESS} {s.full_name}", goal=GOAL
        )
        for s in (*came, *absent)
    }
    clock.move_to(PAST_FIRST + timedelta(minutes=30))
    marks = {places[s].pk: "present" for s in came} | {places[s].pk: "absent" for s in absent}
    attendance_mark(session=course.sessions.get(number=1), user=manager, marks=marks)
    clock.move_to(NOW)
    feedback_invitations_send()
    return fresh(course)


def _url(name, *args):
    return reverse(f"workshops:{name}", args=args)


def _offer_to(course, waiter):
    """The holder of the course's only place gives it up; `waiter` is offered it."""
    holder = Enrolment.objects.get(course=course, status=Enrolment.Status.ENROLLED)
    enrolment_cancel(enrolment=holder, user=holder.student)
    offer = Enrolment.objects.get(course=course, student=waiter)
    assert offer.status == Enrolment.Status.OFFERED
    return offer


def _section(html, title_id):
    match = re.search(rf'<section aria-labelledby="{title_id}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# Enrolling


@pytest.mark.django_db
def test_a_student_enrols_in_two_steps_and_a_double_submit_takes_no_second_place(
    client_for, student, open_course
):
    client = client_for(student)
    course_url = _url("prospectus-course", open_course.pk)
    enrol_url = _url("enrol", open_course.pk)

    course_page = client.get(course_url).content.decode()
    assert "3 places left" in course_page
    assert f'href="{enrol_url}">Enrol on this course</a>' in course_page

    form_page = client.get(enrol_url)
    assert form_page.status_code == 200
    html = form_page.content.decode()
    assert "Anything that would help you take part (optional)" in html
    assert "Your own learning goal (optional)" in html
    assert 'value="enrol"' in html and "Confirm my place" in html

    answers = {
        "action": "enrol",
        "access_needs": "Large print",
        "goal": "Sleep",
        "share_goal": "on",
    }
    response = client.post(enrol_url, answers)
    enrolment = Enrolment.objects.get(course=open_course, student=student)
    detail_url = _url("enrolment-detail", enrolment.pk)
    assert response.status_code == 302
    assert response["Location"] == detail_url
    assert (enrolment.status, enrolment.access_needs, enrolment.goal, enrolment.share_goal) == (
        "enrolled",
        "Large print",
        "Sleep",
        True,
    )
    assert "You are enrolled." in client.get(course_url).content.decode()

    again = client.post(enrol_url, answers)
    assert again.status_code == 302
    assert again["Location"] == detail_url
    assert Enrolment.objects.filter(course=open_course, student=student).count() == 1
    assert fresh(open_course).places_taken == 1


@pytest.mark.django_db
def test_an_anonymous_visitor_signs_up_from_the_enrol_page_and_comes_straight_back(
    client, open_course
):
    enrol_url = _url("enrol", open_course.pk)
    signup_url = f"{reverse('accounts:signup')}?next={enrol_url}"
    login_url = f"{reverse('accounts:login')}?next={enrol_url}"
    html = client.get(enrol_url).content.decode()
    assert f'href="{signup_url}">Create an account</a>' in html
    assert f'href="{login_url}">Log in</a>' in html
    assert "Confirm my place" not in html

    response = client.post(
        signup_url,
        {"full_name": "Nia Jones", "email": "nia@example.org", "password": "lantern-meadow-copper"},
    )
    assert response.status_code == 302
    assert response["Location"] == enrol_url
    user = User.objects.get(email="nia@example.org")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Confirm my place" in client.get(enrol_url).content.decode()


@pytest.mark.django_db
def test_an_anonymous_visitor_logs_in_from_the_enrol_page_and_comes_straight_back(
    client, student, open_course
):
    enrol_url = _url("enrol", open_course.pk)
    login_url = f"{reverse('accounts:login')}?next={enrol_url}"
    assert "Log in to carry on enrolling" in client.get(login_url).content.decode()

    response = client.post(
        login_url, {"username": student.email, "password": PASSWORD, "next": enrol_url}
    )
    assert response.status_code == 302
    assert response["Location"] == enrol_url
    assert client.session["_auth_user_id"] == str(student.pk)
    assert "Confirm my place" in client.get(enrol_url).content.decode()


@pytest.mark.django_db
def test_a_full_course_offers_the_waiting_list_and_tells_the_student_their_position(
    client_for, student, full_course
):
    client = client_for(student)
    enrol_url = _url("enrol", full_course.pk)
    course_page = client.get(_url("prospectus-course", full_course.pk)).content.decode()
    assert "Full: waiting list open." in course_page
    assert f'href="{enrol_url}">Join the waiting list</a>' in course_page

    html = client.get(enrol_url).content.decode()
    assert 'value="wait"' in html and "Join the waiting list</button>" in html
    assert "Confirm my place" not in html

    response = client.post(
        enrol_url, {"action": "wait", "access_needs": "", "goal": ""}, follow=True
    )
    enrolment = Enrolment.objects.get(course=full_course, student=student)
    assert enrolment.status == Enrolment.Status.WAITING
    assert response.redirect_chain == [(_url("enrolment-detail", enrolment.pk), 302)]
    html = response.content.decode()
    assert "You are on the waiting list for “Hearing voices”: number 1." in html
    assert "You are number 1 on the waiting list" in html
    assert fresh(full_course).places_taken == 1


@pytest.mark.django_db
def test_when_someone_takes_the_last_place_first_the_form_offers_the_waiting_list_and_keeps_text(
    client_for, student, manager, active_pairing, term, room
):
    course = course_open(
        manager=manager, pairing=active_pairing, term=term, room=room, capacity=1, title="Tea"
    )
    client = client_for(student)
    enrol_url = _url("enrol", course.pk)
    assert "Confirm my place" in client.get(enrol_url).content.decode()
    enrolment_create(course=course, student=UserFactory())  # someone else, a moment earlier

    response = client.post(
        enrol_url,
        {"action": "enrol", "access_needs": "Sitting near the door", "goal": "Meet people"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone took the last place a moment ago. You can join the waiting list" in html
    assert "Sitting near the door" in html and "Meet people" in html
    assert 'value="wait"' in html and "Join the waiting list</button>" in html
    assert not Enrolment.objects.filter(course=course, student=student).exists()
    assert fresh(course).places_taken == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment,reason",
    [
        (NOW - timedelta(days=3), "Enrolment opens on Sunday 28 February 2027."),
        (FIRST + timedelta(hours=1), "Enrolment has closed: the course has started."),
    ],
    ids=["before-enrolment-opens", "after-the-first-session-starts"],
)
def test_when_enrolment_is_closed_the_pages_say_why_and_a_post_is_refused_plainly(
    client_for, student, open_course, clock, moment, reason
):
    clock.move_to(moment)
    client = client_for(student)
    enrol_url = _url("enrol", open_course.pk)
    course_page = client.get(_url("prospectus-course", open_course.pk)).content.decode()
    assert reason in course_page
    assert "Enrol on this course" not in course_page

    page = client.get(enrol_url)
    assert page.status_code == 200
    assert reason in page.content.decode()
    assert "Confirm my place" not in page.content.decode()

    response = client.post(enrol_url, {"action": "enrol", "access_needs": "Large print"})
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not Enrolment.objects.filter(course=open_course).exists()
    assert fresh(open_course).places_taken == 0


@pytest.mark.django_db
def test_the_enrol_form_asks_nothing_clinical(client_for, student, open_course):
    response = client_for(student).get(_url("enrol", open_course.pk))
    assert list(response.context["form"].fields) == ["access_needs", "goal", "share_goal"]
    html = response.content.decode()
    form = re.search(r'<form method="post" novalidate>.*?</form>', html, re.S).group(0)
    assert set(re.findall(r'name="([^"]+)"', form)) == {
        "csrfmiddlewaretoken",
        "access_needs",
        "goal",
        "share_goal",
        "action",
    }
    labels = [
        re.sub(r"<[^>]+>", "", label)
        for label in re.findall(r"<label[^>]*>(.*?)</label>", form, re.S)
    ]
    assert len(labels) == 3
    for word in ("diagnos", "treatment", "medication", "condition"):
        assert not any(word in label.lower() for label in labels)
    assert "We never ask about diagnoses or treatment." in html


# Cancelling, leaving the waiting list, claiming an offer


@pytest.mark.django_db
def test_cancelling_a_place_confirms_first_and_offers_it_to_the_first_person_waiting(
    client_for, student, manager, active_pairing, term, room
):
    course = course_open(
        manager=manager, pairing=active_pairing, term=term, room=room, capacity=1, title="Tea"
    )
    mine = enrolment_create(course=course, student=student)
    first_waiting = waiting_list_join(course=course, student=UserFactory())
    second_waiting = waiting_list_join(course=course, student=UserFactory())
    client = client_for(student)
    cancel_url = _url("enrolment-cancel", mine.pk)

    page = client.get(cancel_url)
    assert page.status_code == 200
    assert "Cancel your place on “Tea”?" in page.content.decode()
    assert "Yes, cancel my place" in page.content.decode()
    assert fresh(mine).status == Enrolment.Status.ENROLLED

    response = client.post(cancel_url, follow=True)
    assert response.redirect_chain == [(MY_COURSES, 302)]
    assert "Your place on “Tea” is cancelled." in response.content.decode()
    assert fresh(mine).status == Enrolment.Status.CANCELLED
    assert fresh(first_waiting).status == Enrolment.Status.OFFERED
    assert fresh(first_waiting).offer_expires_at is not None
    assert fresh(second_waiting).status == Enrolment.Status.WAITING
    assert fresh(course).places_taken == 1  # held for the offer

    again = client.post(cancel_url, follow=True)
    assert again.redirect_chain == [(MY_COURSES, 302)]
    assert "That place was already cancelled." in again.content.decode()
    assert fresh(mine).status == Enrolment.Status.CANCELLED
    assert fresh(second_waiting).status == Enrolment.Status.WAITING
    assert fresh(course).places_taken == 1


@pytest.mark.django_db
def test_leaving_the_waiting_list_confirms_first_and_moves_the_next_person_up(
    client_for, student, full_course
):
    mine = waiting_list_join(course=full_course, student=student)
    behind = waiting_list_join(course=full_course, student=UserFactory())
    client = client_for(student)
    cancel_url = _url("enrolment-cancel", mine.pk)

    page = client.get(cancel_url).content.decode()
    assert "Leave the waiting list for “Hearing voices”?" in page
    assert "Yes, leave the list" in page

    response = client.post(cancel_url, follow=True)
    assert response.redirect_chain == [(MY_COURSES, 302)]
    assert "You have left the waiting list for “Hearing voices”." in response.content.decode()
    assert fresh(mine).status == Enrolment.Status.LEFT
    behind_page = client_for(behind.student).get(_url("enrolment-detail", behind.pk))
    assert "You are number 1 on the waiting list" in behind_page.content.decode()

    again = client.post(cancel_url, follow=True)
    assert "That place was already cancelled." in again.content.decode()
    assert fresh(mine).status == Enrolment.Status.LEFT
    assert fresh(full_course).places_taken == 1


@pytest.mark.django_db
def test_an_offer_is_claimed_with_one_button(client_for, student, full_course):
    waiting_list_join(course=full_course, student=student)
    offer = _offer_to(full_course, student)
    client = client_for(student)
    claim_url = _url("offer-claim", offer.pk)

    html = client.get(claim_url).content.decode()
    assert html.count("Claim my place</button>") == 1
    assert "held for you until" in html

    response = client.post(claim_url)
    assert response.status_code == 302
    assert response["Location"] == _url("enrolment-detail", offer.pk)
    assert fresh(offer).status == Enrolment.Status.ENROLLED
    assert fresh(offer).offer_expires_at is None
    assert fresh(full_course).places_taken == 1


@pytest.mark.django_db
def test_an_expired_offer_says_so_and_a_late_claim_is_refused_plainly(
    client_for, student, full_course, clock
):
    waiting_list_join(course=full_course, student=student)
    next_in_line = waiting_list_join(course=full_course, student=UserFactory())
    offer = _offer_to(full_course, student)
    clock.move_to(offer.offer_expires_at + timedelta(minutes=1))
    client = client_for(student)
    claim_url = _url("offer-claim", offer.pk)

    html = client.get(claim_url).content.decode()
    assert "the time to claim this place has passed" in html
    assert "Claim my place</button>" not in html

    response = client.post(claim_url, follow=True)
    assert response.redirect_chain == [(MY_COURSES, 302)]
    assert (
        "Sorry, the time to claim this place has passed, so it was offered to the next person "
        "waiting." in response.content.decode()
    )
    assert fresh(offer).status == Enrolment.Status.EXPIRED
    assert fresh(next_in_line).status == Enrolment.Status.OFFERED
    assert fresh(full_course).places_taken == 1


# My courses and the calendar feed


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
    _offer_to(offered, student)
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
    offers, upcoming = _section(html, "offers-title"), _section(html, "upcoming-title")
    waiting, finished = _section(html, "waiting-title"), _section(html, "past-title")
    assert "Money worries" in offers and "Claim my place on Money worries" in offers
    assert (
        "Understanding anxiety" in upcoming and "2 sessions from Thursday 11 March 2027" in upcoming
    )
    assert "Hearing voices" in waiting and "<strong>number 2</strong>" in waiting
    assert "Sleep better" in finished
    past_place = Enrolment.objects.get(course=past, student=student)
    assert f'href="{_url("feedback-give", past_place.pk)}"' in finished
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
    client.post(_url("feedback-give", place.pk), {"rating": "5"})
    finished = _section(client.get(MY_COURSES).content.decode(), "past-title")
    assert "Sleep better" in finished
    assert _url("feedback-give", place.pk) not in finished
    assert "feedback given, thank you" in finished


@pytest.mark.django_db
def test_the_personal_calendar_feed_has_enrolled_sessions_with_links_and_resets(
    client_for, student, open_course, full_course
):
    enrolment_create(course=open_course, student=student)
    waiting_list_join(course=full_course, student=student)
    client = client_for(student)

    response = client.post(_url("calendar-feed-reset"))
    assert response.status_code == 302
    assert response["Location"] == MY_COURSES
    feed = CalendarFeed.objects.get(user=student)
    old_url = _url("calendar-feed", feed.token)
    assert old_url in client.get(MY_COURSES).content.decode()

    anonymous = Client()
    ics = anonymous.get(old_url)
    assert ics.status_code == 200
    assert ics["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(ics.content).walk("VEVENT")
    sessions = ScheduledSession.objects.filter(course=open_course)
    assert sorted(str(e["UID"]) for e in events) == sorted(
        f"session-{s.pk}@recovery-college" for s in sessions
    )
    assert all("Understanding anxiety" in str(e["SUMMARY"]) for e in events)
    online = sessions.get(number=2)
    assert any(online.online_link in str(e["LOCATION"]) for e in events)

    client.post(_url("calendar-feed-reset"))
    new_token = CalendarFeed.objects.get(user=student).token
    assert new_token != feed.token
    assert anonymous.get(old_url).status_code == 404
    assert anonymous.get(_url("calendar-feed", new_token)).status_code == 200


# Feedback


@pytest.mark.django_db
def test_feedback_is_only_for_invited_students_needs_a_rating_and_is_stored_without_them(
    client_for,
    student,
    manager,
    peer_trainer,
    practitioner_trainer,
    active_pairing,
    past_term,
    clock,
):
    absent = UserFactory(full_name="Abe Absent")
    past = course_past(
        clock,
        manager=manager,
        pairing=active_pairing,
        term=past_term,
        came=[student],
        absent=[absent],
    )
    not_invited = Enrolment.objects.get(course=past, student=absent)
    assert not_invited.feedback_invited_at is None
    assert client_for(absent).get(_url("feedback-give", not_invited.pk)).status_code == 404

    place = Enrolment.objects.get(course=past, student=student)
    client = client_for(student)
    url = _url("feedback-give", place.pk)
    assert "Send my feedback" in client.get(url).content.decode()

    missing = client.post(url, {"useful": "The breathing exercise", "for_trainers": "Thanks both"})
    assert missing.status_code == 200
    html = missing.content.decode()
    assert "Choose a rating from 1 to 5." in html
    assert "The breathing exercise" in html and "Thanks both" in html
    assert not Feedback.objects.exists()

    response = client.post(
        url, {"rating": "4", "useful": "The breathing exercise", "for_trainers": "Thanks both"}
    )
    assert response.status_code == 302
    assert response["Location"] == MY_COURSES
    feedback = Feedback.objects.get()
    assert (feedback.course_id, feedback.rating, feedback.useful) == (
        past.pk,
        4,
        "The breathing exercise",
    )
    relations = {f.name: f.related_model for f in Feedback._meta.get_fields() if f.is_relation}
    assert relations == {"course": Course}
    assert fresh(place).feedback_given_on is not None

    again = client.post(url, {"rating": "1", "useful": "Second go"})
    assert again.status_code == 302
    assert Feedback.objects.count() == 1

    for viewer in (peer_trainer, practitioner_trainer, manager):
        page = client_for(viewer).get(_url("course-feedback", past.pk))
        assert page.status_code == 200
        results = page.content.decode()
        assert "The breathing exercise" in results and "Thanks both" in results
        assert "average rating <strong>4.0 out of 5</strong>" in results
        assert student.full_name not in results and student.email not in results


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
    response = client_for(viewers[viewer]).get(_url(page, pk))
    status, sees_access, sees_goal = EXPECTED[(viewer, page)]
    if sees_goal == "if shared":
        sees_goal = share_goal
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("accounts:login"))
    assert (ACCESS.encode() in response.content) is sees_access
    assert (GOAL.encode() in response.content) is sees_goal


# Registers and sign-in sheets


@pytest.fixture
def register_course(manager, active_pairing, term, room):
    """Two places taken (Amy and Ben) and one person waiting (Wendy)."""
    course = course_open(
        manager=manager, pairing=active_pairing, term=term, room=room, capacity=2, title="Tea"
    )
    for name in ("Amy Able", "Ben Bold"):
        enrolment_create(course=course, student=UserFactory(full_name=name))
    waiting_list_join(course=course, student=UserFactory(full_name="Wendy Waiting"))
    return fresh(course)


@pytest.mark.django_db
def test_a_trainer_takes_the_register_on_the_day_and_sees_the_counts(
    client_for, peer_trainer, register_course, clock
):
    clock.move_to(FIRST - timedelta(hours=1))  # the morning of session 1
    client = client_for(peer_trainer)
    url = _url("register", register_course.pk, 1)
    amy = Enrolment.objects.get(course=register_course, student__full_name="Amy Able")
    ben = Enrolment.objects.get(course=register_course, student__full_name="Ben Bold")

    html = client.get(url).content.decode()
    assert "The register opens on the day" not in html
    assert f'name="mark-{amy.pk}" id="came-{amy.pk}" value="present"' in html
    assert f'name="mark-{ben.pk}" id="absent-{ben.pk}" value="absent"' in html
    assert "Wendy Waiting" not in html

    response = client.post(
        url, {f"mark-{amy.pk}": "present", f"mark-{ben.pk}": "absent"}, follow=True
    )
    assert response.redirect_chain == [(url, 302)]
    html = response.content.decode()
    assert "The register for session 1 is saved." in html
    assert "<span data-came-count>1</span> of 2 marked as came." in html
    assert dict(Attendance.objects.values_list("enrolment__student__full_name", "status")) == {
        "Amy Able": "present",
        "Ben Bold": "absent",
    }
    roster = client.get(_url("course-students", register_course.pk))
    assert [(s.number, came, missed) for s, came, missed in roster.context["session_rows"]] == [
        (1, 1, 1),
        (2, 0, 0),
    ]
    assert "50% of marks were “came”" in roster.content.decode()


@pytest.mark.django_db
def test_another_pairings_trainer_cannot_open_the_register_or_sign_in_sheet(
    client_for, outsider_trainer, register_course, clock
):
    clock.move_to(FIRST - timedelta(hours=1))
    PairingFactory(peer=outsider_trainer.trainer, active=True)
    client = client_for(outsider_trainer)
    amy = Enrolment.objects.get(course=register_course, student__full_name="Amy Able")
    url = _url("register", register_course.pk, 1)
    assert client.get(url).status_code == 404
    assert client.post(url, {f"mark-{amy.pk}": "present"}).status_code == 404
    assert client.get(_url("sign-in-sheet", register_course.pk, 1)).status_code == 404
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_a_future_sessions_register_opens_on_the_day_and_refuses_a_post_plainly(
    client_for, practitioner_trainer, register_course
):
    client = client_for(practitioner_trainer)
    url = _url("register", register_course.pk, 1)
    amy = Enrolment.objects.get(course=register_course, student__full_name="Amy Able")
    html = client.get(url).content.decode()
    assert "The register opens on the day of the session." in html
    assert "Save the register" not in html

    response = client.post(url, {f"mark-{amy.pk}": "present"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert response.content.decode().count("The register opens on the day of the session.") == 2
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_the_sign_in_sheet_lists_enrolled_students_not_those_waiting(
    client_for, peer_trainer, register_course
):
    response = client_for(peer_trainer).get(_url("sign-in-sheet", register_course.pk, 1))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Amy Able" in html and "Ben Bold" in html
    assert "Wendy Waiting" not in html


# Managers: the CSV, and changes after publishing


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

    response = client_for(manager).get(_url("course-students-csv", open_course.pk))
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


def _blank_reason_is_refused(client, url, message):
    page = client.get(url)
    assert page.status_code == 200
    assert "2 students</strong> have a place or are waiting" in page.content.decode()
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert message in response.content.decode()


def _sent_to(mailoutbox, subject_part):
    return sorted(address for m in mailoutbox if subject_part in m.subject for address in m.to)


@pytest.fixture
def holders(open_course):
    """One student enrolled and one waiting (capacity made 1 first)."""
    enrolled = enrolment_create(
        course=open_course, student=UserFactory(email="enrolled@example.org")
    )
    Course.objects.filter(pk=open_course.pk).update(capacity=1)
    waiting = waiting_list_join(course=open_course, student=UserFactory(email="waits@example.org"))
    assert waiting.status == Enrolment.Status.WAITING
    return enrolled, waiting


@pytest.mark.django_db
def test_taking_a_course_off_the_prospectus_needs_a_reason_and_tells_the_students(
    client_for, manager, open_course, holders, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    url = _url("course-unpublish", open_course.pk)
    _blank_reason_is_refused(
        client, url, "Please say why: the students enrolled or waiting are told."
    )
    assert fresh(open_course).status == Course.Status.PUBLISHED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "The room flooded."})
    assert response.status_code == 302
    assert response["Location"] == _url("course-detail", open_course.pk)
    assert fresh(open_course).status == Course.Status.AGREED
    assert {e.status for e in map(fresh, holders)} == {"enrolled", "waiting"}
    assert _sent_to(mailoutbox, "taken off the prospectus") == [
        "enrolled@example.org",
        "waits@example.org",
    ]
    assert all("The room flooded." in m.body for m in mailoutbox)


@pytest.mark.django_db
def test_cancelling_a_course_needs_a_reason_and_tells_students_and_trainers(
    client_for,
    manager,
    peer_trainer,
    practitioner_trainer,
    open_course,
    holders,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client = client_for(manager)
    url = _url("course-cancel", open_course.pk)
    _blank_reason_is_refused(
        client, url, "Please say why: the students enrolled or waiting are told."
    )
    assert fresh(open_course).status == Course.Status.PUBLISHED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Both trainers are unwell."})
    assert response.status_code == 302
    course = fresh(open_course)
    assert (course.status, course.places_taken) == (Course.Status.CANCELLED, 0)
    assert {e.status for e in map(fresh, holders)} == {"course_cancelled"}
    assert _sent_to(mailoutbox, "is cancelled") == sorted(
        [
            "enrolled@example.org",
            "waits@example.org",
            peer_trainer.email,
            practitioner_trainer.email,
        ]
    )
    assert all("Both trainers are unwell." in m.body for m in mailoutbox)


@pytest.mark.django_db
def test_cancelling_a_session_needs_a_reason_and_tells_the_people_holding_places(
    client_for,
    manager,
    peer_trainer,
    practitioner_trainer,
    open_course,
    holders,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client = client_for(manager)
    url = _url("session-cancel", open_course.pk, 1)
    _blank_reason_is_refused(
        client, url, "Please say why the session is cancelled: the students are told."
    )
    assert not open_course.sessions.get(number=1).cancelled

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "The room is double booked."})
    assert response.status_code == 302
    assert response["Location"] == _url("course-schedule", open_course.pk)
    assert open_course.sessions.get(number=1).cancelled
    assert not open_course.sessions.get(number=2).cancelled
    assert _sent_to(mailoutbox, "session 1 is cancelled") == sorted(
        ["enrolled@example.org", peer_trainer.email, practitioner_trainer.email]
    )
    assert all("The room is double booked." in m.body for m in mailoutbox)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,number",
    [("course-unpublish", None), ("course-cancel", None), ("session-cancel", 1)],
)
def test_a_trainer_who_is_not_a_manager_gets_404_on_the_managers_changes(
    client_for, peer_trainer, open_course, holders, name, number
):
    client = client_for(peer_trainer)
    url = _url(name, open_course.pk, *([number] if number else []))
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "I would like to"}).status_code == 404
    assert fresh(open_course).status == Course.Status.PUBLISHED
    assert not open_course.sessions.filter(cancelled=True).exists()


# The college setting "pairs may publish"


@pytest.mark.django_db
def test_with_pairs_may_publish_off_a_trainer_cannot_open_the_publish_page(
    client_for, manager, peer_trainer, active_pairing, term, room
):
    course = course_ready(
        manager=manager, pairing=active_pairing, term=term, room=room, title="Tea"
    )
    client = client_for(peer_trainer)
    assert client.get(_url("course-publish", course.pk)).status_code == 404
    assert client.post(_url("course-publish", course.pk)).status_code == 404
    assert fresh(course).status == Course.Status.AGREED


@pytest.mark.django_db
def test_with_pairs_may_publish_on_a_trainer_sees_the_conditions_and_publishes(
    client_for, manager, practitioner_trainer, active_pairing, term, room
):
    course = course_ready(
        manager=manager, pairing=active_pairing, term=term, room=room, title="Tea"
    )
    settings = CollegeSettings.load()
    settings.pairs_may_publish = True
    settings.save()
    client = client_for(practitioner_trainer)
    url = _url("course-publish", course.pk)

    page = client.get(url)
    assert page.status_code == 200
    conditions = page.context["conditions"]
    assert len(conditions) == 8 and all(c.met for c in conditions)
    html = page.content.decode()
    assert "The number of places is set." in html
    assert html.count("Done</span>") == 8
    assert "Publish to the prospectus" in html

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == _url("course-detail", course.pk)
    assert fresh(course).status == Course.Status.PUBLISHED


# Query counts that do not grow with enrolments


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
    Enrolment.objects.bulk_create(
        Enrolment(
            course=course,
            student=student,
            status=statuses[i % 4],
            offer_expires_at=NOW + timedelta(days=2) if i % 4 == 2 else None,
            feedback_invited_at=NOW - timedelta(days=20) if i % 4 == 3 else None,
        )
        for i, course in zip(numbers, courses, strict=True)
    )


@pytest.mark.django_db
def test_my_courses_costs_the_same_for_5_and_500_places(client_for, student, term):
    pairing = PairingFactory(active=True)
    client = client_for(student)
    client.post(_url("calendar-feed-reset"))
    _bulk_my_courses(student, pairing, term, 0, 5)
    with_5 = _queries(client, MY_COURSES)
    _bulk_my_courses(student, pairing, term, 5, 495)
    assert Enrolment.objects.filter(student=student).count() == 500
    with_500 = _queries(client, MY_COURSES)
    html = client.get(MY_COURSES).content.decode()
    assert html.count("Claim my place on Course") == 125
    assert html.count("give feedback on Course") == 125
    assert (with_5, with_500) == (8, 8)


def _bulk_students(course, start, count):
    """`count` more people on the course: nine in ten enrolled (marked present or absent
    at session 1), one in ten waiting. places_taken follows."""
    numbers = range(start, start + count)
    users = User.objects.bulk_create(
        User(email=f"bulk{i}@example.org", full_name=f"Bulk Student {i:04}", password="!")
        for i in numbers
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            course=course,
            student=user,
            status="waiting" if i % 10 == 9 else "enrolled",
            access_needs=f"Needs {i}",
            goal=f"Goal {i}",
            share_goal=bool(i % 2),
        )
        for i, user in zip(numbers, users, strict=True)
    )
    session = course.sessions.get(number=1)
    Attendance.objects.bulk_create(
        Attendance(session=session, enrolment=e, status="present" if e.pk % 2 else "absent")
        for e in enrolments
        if e.status == "enrolled"
    )
    taken = Enrolment.objects.filter(course=course, status="enrolled").count()
    Course.objects.filter(pk=course.pk).update(capacity=600, places_taken=taken)


@pytest.mark.django_db
def test_the_register_costs_the_same_for_5_and_500_students(client_for, peer_trainer, open_course):
    client = client_for(peer_trainer)
    url = _url("register", open_course.pk, 1)
    _bulk_students(open_course, 0, 5)
    with_5 = _queries(client, url)
    _bulk_students(open_course, 5, 495)
    with_500 = _queries(client, url)
    assert client.get(url).content.decode().count('value="present"') == 450
    assert (with_5, with_500) == (12, 12)


@pytest.mark.django_db
def test_the_managers_course_students_page_costs_the_same_for_5_and_500_students(
    client_for, manager, open_course
):
    client = client_for(manager)
    url = _url("course-students", open_course.pk)
    _bulk_students(open_course, 0, 5)
    with_5 = _queries(client, url)
    _bulk_students(open_course, 5, 495)
    with_500 = _queries(client, url)
    response = client.get(url)
    assert len(response.context["roster"].enrolled) == 450
    assert "Goal 1" not in response.content.decode()  # managers never see goals
    assert (with_5, with_500) == (12, 12)


# The student's own data and deleting their account


@pytest.mark.django_db
def test_the_profile_links_to_the_data_download(client_for, student):
    html = client_for(student).get(reverse("accounts:profile")).content.decode()
    assert (
        f'<a href="{reverse("accounts:data-export")}">Download everything we hold about you</a>'
        in html
    )


@pytest.mark.django_db
def test_the_data_download_has_the_students_places_answers_and_says_feedback_is_anonymous(
    client_for, student, open_course
):
    enrolment_create(
        course=open_course, student=student, access_needs=ACCESS, goal=GOAL, share_goal=True
    )
    response = client_for(student).get(reverse("accounts:data-export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == student.email
    [place] = data["enrolments"]
    assert place["course"] == "Understanding anxiety"
    assert place["status"] == "enrolled"
    assert place["anything_that_would_help_you_take_part"] == ACCESS
    assert place["your_learning_goal"] == GOAL
    assert place["goal_shared_with_trainers"] is True
    assert "anonymous" in data["note"]


@pytest.mark.django_db
def test_deleting_an_account_needs_the_right_password(client_for, student):
    response = client_for(student).post(reverse("accounts:delete"), {"password": "not-it"})
    assert response.status_code == 200
    assert "That is not your password. Please try again." in response.content.decode()
    assert User.objects.filter(pk=student.pk).exists()


@pytest.mark.django_db
def test_deleting_a_student_frees_their_upcoming_place_for_the_next_person_and_ends_log_in(
    client, client_for, student, full_course
):
    Course.objects.filter(pk=full_course.pk).update(capacity=2)
    mine = enrolment_create(course=full_course, student=student, access_needs=ACCESS, goal=GOAL)
    waiter = waiting_list_join(course=full_course, student=UserFactory())
    assert waiter.status == Enrolment.Status.WAITING

    response = client_for(student).post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not User.objects.filter(pk=student.pk).exists()
    assert fresh(waiter).status == Enrolment.Status.OFFERED
    gone = fresh(mine)
    assert (gone.student, gone.status, gone.access_needs, gone.goal) == (None, "cancelled", "", "")
    assert fresh(full_course).places_taken == 2  # Hana's place and the offer

    login = client.post(
        reverse("accounts:login"), {"username": student.email, "password": PASSWORD}
    )
    assert login.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_deleting_a_student_keeps_a_finished_courses_numbers_attendance_and_feedback(
    client, client_for, student, manager, active_pairing, past_term, clock
):
    classmate = UserFactory(full_name="Cal Classmate")
    past = course_past(
        clock, manager=manager, pairing=active_pairing, term=past_term, came=[student, classmate]
    )
    place = Enrolment.objects.get(course=past, student=student)
    student_client = client_for(student)
    student_client.post(_url("feedback-give", place.pk), {"rating": "5", "useful": "Everything"})
    assert Feedback.objects.filter(course=past).count() == 1
    before = course_roster(course=past)
    places_taken = fresh(past).places_taken

    response = student_client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=student.pk).exists()
    kept = fresh(place)
    assert (kept.student, kept.status, kept.access_needs, kept.goal, kept.share_goal) == (
        None,
        Enrolment.Status.ENROLLED,
        "",
        "",
        False,
    )
    assert Attendance.objects.filter(enrolment=kept, status="present").count() == 1
    assert Feedback.objects.filter(course=past).count() == 1
    after = course_roster(course=past)
    assert len(after.enrolled) == len(before.enrolled) == 2
    assert after.came == before.came
    assert after.attendance_rate == before.attendance_rate == 100
    assert fresh(past).places_taken == places_taken
    login = client.post(
        reverse("accounts:login"), {"username": student.email, "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert login.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["peer_trainer", "manager"])
def test_a_trainer_or_manager_cannot_delete_their_account_here(client_for, request, role):
    user = request.getfixturevalue(role)
    response = client_for(user).post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 200
    assert (
        "Trainer and manager accounts cannot be deleted here. Please ask a college manager to "
        "end your role first." in response.content.decode()
    )
    assert User.objects.filter(pk=user.pk).exists()


# Issue 12, cause 6: a calendar address with NUL or other junk is simply not found.
@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/calendar/%00.ics", "/calendar/a%00b.ics", "/calendar/%C2%B2.ics"]
)
def test_a_malformed_calendar_address_is_not_found(path, client):
    assert client.get(path).status_code == 404
