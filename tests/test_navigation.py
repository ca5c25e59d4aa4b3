"""The navigation shows each role what it can use, and nothing else."""

import pytest
from django.urls import reverse

HOME = reverse("home")


def _nav(client) -> str:
    html = client.get(HOME).content.decode()
    return html[html.index('aria-label="Main"') : html.index("</nav>")]


@pytest.mark.django_db
def test_anonymous_people_see_prospectus_log_in_and_sign_up(client):
    nav = _nav(client)
    assert "Prospectus" in nav and "Log in" in nav and "Sign up" in nav
    assert "My courses" not in nav and "My workshops" not in nav and ">College<" not in nav


@pytest.mark.django_db
def test_students_see_my_courses_but_not_trainer_or_manager_links(client_for, student):
    nav = _nav(client_for(student))
    assert "My courses" in nav and "Log out" in nav
    assert "My workshops" not in nav and ">College<" not in nav


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["peer_trainer", "practitioner_trainer"])
def test_trainers_see_my_workshops(role, request, client_for):
    nav = _nav(client_for(request.getfixturevalue(role)))
    assert "My workshops" in nav and "My courses" in nav
    assert ">College<" not in nav


@pytest.mark.django_db
def test_managers_see_college(client_for, manager):
    nav = _nav(client_for(manager))
    assert ">College<" in nav
    assert "My workshops" not in nav


@pytest.mark.django_db
def test_every_page_has_a_skip_link_to_main(client):
    html = client.get(HOME).content.decode()
    assert 'href="#main"' in html and 'id="main"' in html
