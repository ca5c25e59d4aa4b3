import pytest
from django.urls import reverse

from ..factories import UserFactory

URL = reverse("accounts:profile")


@pytest.mark.django_db
def test_it_asks_anonymous_people_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_a_student_sees_their_own_details(client_for, student):
    response = client_for(student).get(URL)
    html = response.content.decode()
    assert student.email in html
    assert "Student: you can enrol" in html
    assert "Peer Trainer" not in html


@pytest.mark.django_db
def test_a_practitioner_sees_their_role_and_profession(client_for, practitioner_trainer):
    html = client_for(practitioner_trainer).get(URL).content.decode()
    assert "Practitioner Trainer (Mental health nurse)" in html


@pytest.mark.django_db
def test_a_manager_sees_their_role(client_for, manager):
    assert "College manager" in client_for(manager).get(URL).content.decode()


@pytest.mark.django_db
def test_it_saves_changes(client_for, student):
    response = client_for(student).post(URL, {"full_name": "Sally Jones", "email": "s@example.org"})
    assert response.status_code == 302
    student.refresh_from_db()
    assert (student.full_name, student.email) == ("Sally Jones", "s@example.org")


@pytest.mark.django_db
def test_it_refuses_an_email_someone_else_uses_and_keeps_the_typed_name(client_for, student):
    other = UserFactory()
    response = client_for(student).post(URL, {"full_name": "New Name", "email": other.email})
    html = response.content.decode()
    assert "Another account already uses this email address." in html
    assert 'value="New Name"' in html
    student.refresh_from_db()
    assert student.full_name == "Sally Student"


@pytest.mark.django_db
def test_it_uses_a_fixed_number_of_queries(
    client_for, practitioner_trainer, django_assert_max_num_queries
):
    client = client_for(practitioner_trainer)
    with django_assert_max_num_queries(8):
        client.get(URL)
