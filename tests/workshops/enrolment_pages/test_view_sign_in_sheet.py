"""The printable sign-in sheet (workshops:sign-in-sheet)."""

import pytest

from .support import path_to


@pytest.mark.django_db
def test_the_sign_in_sheet_lists_enrolled_students_not_those_waiting(
    client_for, peer_trainer, register_course
):
    response = client_for(peer_trainer).get(path_to("sign-in-sheet", register_course.pk, 1))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Amy Able" in html and "Ben Bold" in html
    assert "Wendy Waiting" not in html
