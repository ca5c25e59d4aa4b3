import pytest
from django.test import RequestFactory
from django.views.defaults import server_error


@pytest.mark.django_db
def test_missing_pages_answer_404_in_plain_language(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We cannot find that page" in response.content.decode()


@pytest.mark.django_db
def test_forbidden_pages_answer_403_in_plain_language(client_for, student):
    from django.urls import reverse

    response = client_for(student).get(reverse("workshops:college-overview"))
    assert response.status_code == 403
    assert "You cannot open this page" in response.content.decode()


def test_server_errors_answer_500_in_plain_language():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "This is a problem on our side, not something you did" in response.content.decode()


@pytest.mark.django_db
def test_a_form_sent_without_its_security_token_gets_a_plain_explanation():
    from django.test import Client
    from django.urls import reverse

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "a@example.org"})
    assert response.status_code == 403
    assert "Please try that again" in response.content.decode()
