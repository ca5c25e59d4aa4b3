"""The name each trainer chose is the name on every public page (issue 11, item 4)."""

import pytest
from django.test import Client
from django.urls import reverse

URL = reverse("trainers:public-name")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("style", "other", "shown"),
    [("full", "", "Pat Peer"), ("first", "", "Pat"), ("other", "P. Peer", "P. Peer")],
)
def test_each_choice_is_what_every_public_page_shows(
    style, other, shown, client_for, peer_trainer, open_course
):
    client_for(peer_trainer).post(URL, {"style": style, "other": other})
    visitor = Client()
    course_page = visitor.get(
        reverse("workshops:prospectus-course", args=[open_course.pk])
    ).content.decode()
    printed = visitor.get(
        reverse("workshops:prospectus") + f"?term={open_course.term_id}&print=1"
    ).content.decode()
    assert f"{shown}, Peer Trainer" in course_page
    assert f"{shown} (Peer Trainer)" in printed
    if shown != "Pat Peer":
        assert "Pat Peer" not in course_page and "Pat Peer" not in printed
