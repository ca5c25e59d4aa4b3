"""The managers' page of mail that has not gone (/college/mail/) and its retry button."""

import pytest
from django.urls import reverse

from recovery_college.notifications.models import OutboxMessage

URL = reverse("notifications:outbox-list")
OTHERS = ["student", "peer_trainer", "practitioner_trainer", "outsider_trainer"]
Status = OutboxMessage.Status


def retry_url(message):
    return reverse("notifications:outbox-retry", args=[message.pk])


def _message(subject="Your place", **fields):
    return OutboxMessage.objects.create(to="ann@example.org", subject=subject, body="Hi", **fields)


@pytest.fixture
def failed(db):
    return _message(status=Status.FAILED, attempts=80, last_error="TimeoutError: timed out")


# Who may open the page and press the button


@pytest.mark.django_db
def test_it_asks_anonymous_people_to_log_in(client):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", OTHERS)
def test_it_is_not_found_for_everyone_but_managers(role, request, client_for, failed):
    assert client_for(request.getfixturevalue(role)).get(URL).status_code == 404


@pytest.mark.django_db
def test_anonymous_people_cannot_send_a_message_again(client, failed, mailoutbox):
    response = client.post(retry_url(failed))
    assert response["Location"].startswith(reverse("accounts:login"))
    failed.refresh_from_db()
    assert failed.status == Status.FAILED and mailoutbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", OTHERS)
def test_no_one_but_a_manager_can_send_a_message_again(
    role, request, client_for, failed, mailoutbox
):
    response = client_for(request.getfixturevalue(role)).post(retry_url(failed))
    assert response.status_code == 404
    failed.refresh_from_db()
    assert failed.status == Status.FAILED and mailoutbox == []


# What managers see and do


@pytest.mark.django_db
def test_it_lists_mail_that_stopped_trying_with_a_button_to_send_it_again(
    client_for, manager, failed
):
    page = client_for(manager).get(URL).content.decode()
    assert "Your place" in page and "Stopped trying" in page
    assert f'action="{retry_url(failed)}"' in page


@pytest.mark.django_db
def test_it_leaves_out_mail_that_has_gone(client_for, manager):
    _message(subject="Already delivered", status=Status.SENT)
    assert "Already delivered" not in client_for(manager).get(URL).content.decode()


@pytest.mark.django_db
def test_a_manager_sends_a_message_again(
    client_for, manager, failed, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(retry_url(failed))
    assert response["Location"] == URL
    failed.refresh_from_db()
    assert failed.status == Status.SENT
    assert [m.subject for m in mailoutbox] == ["Your place"]


@pytest.mark.django_db
def test_sending_again_a_message_that_has_gone_says_so_and_sends_nothing(
    client_for, manager, mailoutbox
):
    sent = _message(status=Status.SENT)
    response = client_for(manager).post(retry_url(sent), follow=True)
    assert "already been sent" in response.content.decode()
    assert mailoutbox == []


@pytest.mark.django_db
def test_sending_again_a_message_that_does_not_exist_is_not_found(client_for, manager):
    url = reverse("notifications:outbox-retry", args=[999999])
    assert client_for(manager).post(url).status_code == 404


@pytest.mark.django_db
def test_the_page_asks_the_database_the_same_number_of_times_for_many_messages(
    client_for, manager, django_assert_max_num_queries
):
    client = client_for(manager)
    _message(status=Status.FAILED)
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    for n in range(30):
        _message(subject=f"Notice {n}", status=Status.FAILED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)


@pytest.mark.django_db
def test_it_lists_mail_nobody_has_tried_to_send_for_a_while_as_late(
    client_for, manager, time_machine
):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    time_machine.move_to(now - timedelta(hours=1), tick=False)
    _message(subject="Waiting for a worker")
    time_machine.move_to(now, tick=False)
    page = client_for(manager).get(URL).content.decode()
    assert "Waiting for a worker" in page and ">Late<" in page
