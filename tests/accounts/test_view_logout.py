import pytest
from django.urls import reverse

URL = reverse("accounts:logout")


@pytest.mark.django_db
def test_it_logs_out_and_says_so(client_for, student):
    client = client_for(student)
    response = client.post(URL, follow=True)
    assert "_auth_user_id" not in client.session
    assert "You have logged out." in response.content.decode()


@pytest.mark.django_db
def test_it_refuses_a_get_so_links_cannot_log_people_out(client_for, student):
    client = client_for(student)
    assert client.get(URL).status_code == 405
    assert client.session["_auth_user_id"] == str(student.pk)
