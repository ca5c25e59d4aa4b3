import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_prospectus_is_open_to_everyone(client):
    response = client.get(reverse("workshops:prospectus"))
    assert response.status_code == 200
    assert "not published yet" in response.content.decode()


@pytest.mark.django_db
def test_my_courses_asks_anonymous_people_to_log_in(client):
    response = client.get(reverse("workshops:my-courses"))
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_my_courses_shows_a_student_where_to_start(client_for, student):
    html = client_for(student).get(reverse("workshops:my-courses")).content.decode()
    assert "You have not enrolled on any courses yet" in html
