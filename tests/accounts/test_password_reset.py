import re

import pytest
from django.urls import reverse

from recovery_college.notifications.models import OutboxMessage

URL = reverse("accounts:password-reset")


@pytest.mark.django_db
def test_it_emails_a_working_link_through_the_outbox(
    client, student, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"email": student.email})
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [student.email]
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT
    link = re.search(r"http://testserver(/\S+)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    new = "a-brand-new-passphrase"
    done = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert done["Location"] == reverse("accounts:password-reset-complete")
    student.refresh_from_db()
    assert student.check_password(new)


@pytest.mark.django_db
def test_it_does_not_say_whether_an_address_has_an_account(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mailoutbox == []


@pytest.mark.django_db
def test_it_explains_an_address_that_is_not_an_email(client):
    response = client.post(URL, {"email": "not an email"})
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert 'value="not an email"' in html
