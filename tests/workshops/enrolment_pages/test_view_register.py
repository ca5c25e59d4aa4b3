"""The register (workshops:register): taken on the day with the counts shown, not for
another pairing's trainer, closed until the day, and the same number of queries for 5
or 500 students. Walk-ins: added with the marks in one save, plain errors that keep what
was typed, the capacity question, later registers, and who sees them (every role)."""

from datetime import timedelta

import pytest

from recovery_college.notifications.models import OutboxMessage
from workshops.models import Attendance, Enrolment, Room, ScheduledSession, WalkIn

from ...factories import PairingFactory, WalkInAttendanceFactory, WalkInFactory
from .support import FIRST, bulk_students, path_to, queries_for


@pytest.mark.django_db
def test_a_trainer_takes_the_register_on_the_day_and_sees_the_counts(
    client_for, peer_trainer, register_course, clock
):
    clock.move_to(FIRST - timedelta(hours=1))  # the morning of session 1
    client = client_for(peer_trainer)
    url = path_to("register", register_course.pk, 1)
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
    roster = client.get(path_to("course-students", register_course.pk))
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
    url = path_to("register", register_course.pk, 1)
    assert client.get(url).status_code == 404
    assert client.post(url, {f"mark-{amy.pk}": "present"}).status_code == 404
    assert client.get(path_to("sign-in-sheet", register_course.pk, 1)).status_code == 404
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_a_future_sessions_register_opens_on_the_day_and_refuses_a_post_plainly(
    client_for, practitioner_trainer, register_course
):
    client = client_for(practitioner_trainer)
    url = path_to("register", register_course.pk, 1)
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
def test_the_register_costs_the_same_for_5_and_500_students(client_for, peer_trainer, open_course):
    client = client_for(peer_trainer)
    url = path_to("register", open_course.pk, 1)
    bulk_students(open_course, 0, 5)
    with_5 = queries_for(client, url)
    bulk_students(open_course, 5, 495)
    with_500 = queries_for(client, url)
    assert client.get(url).content.decode().count('value="present"') == 450
    assert (with_5, with_500) == (8, 8)  # 12 and one for walk-ins, less 2 for roles and 3
    # for the session write (see tests/accounts/test_roles.py)


# Walk-ins


def _amy_ben(course):
    return (
        Enrolment.objects.get(course=course, student__full_name="Amy Able"),
        Enrolment.objects.get(course=course, student__full_name="Ben Bold"),
    )


@pytest.mark.django_db
def test_a_trainer_adds_a_walk_in_and_saves_the_marks_in_one_go(
    client_for, peer_trainer, register_course, clock
):
    clock.move_to(FIRST - timedelta(hours=1))
    client = client_for(peer_trainer)
    url = path_to("register", register_course.pk, 1)
    amy, _ = _amy_ben(register_course)
    assert "Someone came without enrolling?" in client.get(url).content.decode()

    response = client.post(
        url,
        {f"mark-{amy.pk}": "present", "walk_in-name": "Sam Jones", "walk_in-email": "s@x.org"},
        follow=True,
    )

    html = response.content.decode()
    assert response.redirect_chain == [(url, 302)]
    assert (
        "Sam Jones is added as a walk-in. We have emailed them an invitation to make an account."
        in html
    )
    assert "<span data-came-count>2</span> of 3 marked as came." in html
    walk_in = WalkIn.objects.get()
    assert f'name="walk-in-{walk_in.pk}" id="walk-in-came-{walk_in.pk}" value="present"' in html
    queued = OutboxMessage.objects.filter(subject__startswith="Thank you for coming")
    assert list(queued.values_list("to", flat=True)) == ["s@x.org"]  # sent after commit


@pytest.mark.django_db
def test_a_walk_in_without_a_name_is_refused_beside_the_field_keeping_everything_typed(
    client_for, practitioner_trainer, register_course, clock
):
    clock.move_to(FIRST - timedelta(hours=1))
    client = client_for(practitioner_trainer)
    url = path_to("register", register_course.pk, 1)
    amy, ben = _amy_ben(register_course)

    response = client.post(
        url,
        {f"mark-{amy.pk}": "present", f"mark-{ben.pk}": "absent", "walk_in-email": "sam@x.org"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Error: Register" in html
    assert "Their name: Enter the person&#x27;s name." in html  # the summary, linked
    assert 'value="sam@x.org"' in html
    assert f'id="came-{amy.pk}" value="present" checked' in html
    assert f'id="absent-{ben.pk}" value="absent" checked' in html
    assert not Attendance.objects.exists() and not WalkIn.objects.exists()


@pytest.mark.django_db
def test_a_walk_ins_email_that_is_not_an_email_is_refused_keeping_the_name(
    client_for, manager, register_course, clock
):
    clock.move_to(FIRST - timedelta(hours=1))
    response = client_for(manager).post(
        path_to("register", register_course.pk, 1),
        {"walk_in-name": "Sam Jones", "walk_in-email": "sam at home"},
    )

    html = response.content.decode()
    assert "Enter an email address like name@example.org, or leave it empty." in html
    assert 'value="Sam Jones"' in html and 'value="sam at home"' in html
    assert not WalkIn.objects.exists()


@pytest.mark.django_db
def test_the_same_walk_in_email_twice_is_refused_beside_the_email(
    client_for, peer_trainer, register_course, clock
):
    clock.move_to(FIRST - timedelta(hours=1))
    client = client_for(peer_trainer)
    url = path_to("register", register_course.pk, 1)
    client.post(url, {"walk_in-name": "Sam Jones", "walk_in-email": "sam@x.org"})

    response = client.post(url, {"walk_in-name": "Sam Again", "walk_in-email": "SAM@x.org"})

    html = response.content.decode()
    assert "already on this course&#x27;s register as a walk-in" in html
    assert 'value="Sam Again"' in html
    assert list(WalkIn.objects.values_list("name", flat=True)) == ["Sam Jones"]


@pytest.mark.django_db
def test_going_over_the_rooms_capacity_is_a_question_then_save_anyway_adds_them(
    client_for, peer_trainer, register_course, clock
):
    clock.move_to(FIRST - timedelta(hours=1))
    Room.objects.filter(sessions__course=register_course).update(capacity=2)
    client = client_for(peer_trainer)
    url = path_to("register", register_course.pk, 1)
    amy, _ = _amy_ben(register_course)
    typed = {f"mark-{amy.pk}": "present", "walk_in-name": "Sam Jones"}

    response = client.post(url, typed)

    html = response.content.decode()
    assert response.status_code == 200
    assert "More people than there is room for" in html
    assert (
        "Adding Sam Jones makes 3 people on this register not marked “did not come”, and "
        "Garden Room holds 2." in html
    )
    assert 'name="action" value="anyway"' in html and 'value="Sam Jones"' in html
    assert not WalkIn.objects.exists()

    response = client.post(url, {**typed, "action": "anyway"}, follow=True)
    assert "Sam Jones is added as a walk-in." in response.content.decode()
    assert WalkIn.objects.count() == 1


@pytest.mark.django_db
def test_a_walk_in_is_on_the_later_sessions_register_and_sign_in_sheet(
    client_for, peer_trainer, register_course, clock
):
    clock.move_to(FIRST - timedelta(hours=1))
    client = client_for(peer_trainer)
    client.post(path_to("register", register_course.pk, 1), {"walk_in-name": "Sam Jones"})
    clock.move_to(FIRST + timedelta(days=7, minutes=-60))
    client = client_for(peer_trainer)  # a week idle logs out

    html = client.get(path_to("register", register_course.pk, 2)).content.decode()
    sheet = client.get(path_to("sign-in-sheet", register_course.pk, 2)).content.decode()

    assert "Sam Jones" in html and "walk-in" in html
    assert "<span data-came-count>0</span> of 3 marked as came." in html
    assert "<td>Sam Jones</td>" in sheet


ROLES = ["anonymous", "student", "outsider", "peer", "practitioner", "manager", "cover"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_walk_ins_are_seen_only_by_the_courses_trainers_the_cover_and_managers(
    role,
    client_for,
    register_course,
    peer_trainer,
    practitioner_trainer,
    manager,
    outsider_trainer,
    clock,
):
    clock.move_to(FIRST - timedelta(hours=1))
    session = register_course.sessions.get(number=1)
    walk_in = WalkInFactory(
        course=register_course, first_session=session, name="Wally Walkin", email="wally@x.org"
    )
    WalkInAttendanceFactory(walk_in=walk_in)
    if role == "cover":
        ScheduledSession.objects.filter(pk=session.pk).update(peer=outsider_trainer.trainer)
    user = {
        "anonymous": None,
        "student": Enrolment.objects.filter(course=register_course).first().student,
        "outsider": outsider_trainer,
        "peer": peer_trainer,
        "practitioner": practitioner_trainer,
        "manager": manager,
        "cover": outsider_trainer,
    }[role]
    client = client_for(user)
    sees_register = role in ("peer", "practitioner", "manager", "cover")
    sees_course = role in ("peer", "practitioner", "manager")

    pages = {
        path_to("register", register_course.pk, 1): sees_register,
        path_to("sign-in-sheet", register_course.pk, 1): sees_register,
        path_to("course-students", register_course.pk): sees_course,
    }
    for url, sees in pages.items():
        response = client.get(url)
        html = response.content.decode()
        assert ("Wally Walkin" in html) == sees, url
        if not sees:
            assert response.status_code in (302, 404), url
    students = client.get(path_to("course-students", register_course.pk)).content.decode()
    assert ("wally@x.org" in students) == sees_course
    csv = client.get(path_to("course-students-csv", register_course.pk))
    assert ("Wally Walkin" in csv.content.decode()) == (role == "manager")
