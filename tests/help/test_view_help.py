import pytest
from django.urls import reverse

from recovery_college.help.models import HelpSettings

HELP = reverse("help:page")
EDIT = reverse("help:settings")


@pytest.mark.django_db
def test_anyone_sees_the_uk_crisis_lines_before_a_college_changes_them(client):
    html = client.get(HELP).content.decode()
    assert "If you need help now" in html
    assert "NHS 111: call 111" in html
    assert "Samaritans: call 116 123" in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/prospectus/", "/accounts/login/"])
def test_every_page_links_to_help_from_its_footer(client, url):
    html = client.get(url).content.decode()
    footer = html[html.index("<footer") :]
    assert f'href="{HELP}">Help and support</a>' in footer


@pytest.mark.django_db
def test_a_manager_sets_how_to_contact_the_college(client_for, manager):
    response = client_for(manager).post(
        EDIT,
        {
            "contact_phone": "0161 496 0000",
            "contact_email": "help@college.example.org",
            "contact_hours": "Monday to Friday, 9am to 5pm",
            "contact_address": "Oak House\nManchester",
            "crisis_lines": "Our local crisis line: call 0800 000 0000, any time.",
        },
    )
    assert response.status_code == 302
    html = client_for(None).get(HELP).content.decode()
    assert '<a href="tel:01614960000">0161 496 0000</a>' in html
    assert "help@college.example.org" in html
    assert "Our local crisis line: call 0800 000 0000, any time." in html
    assert "Samaritans" not in html


@pytest.mark.django_db
def test_the_crisis_lines_cannot_be_left_empty_and_nothing_typed_is_lost(client_for, manager):
    response = client_for(manager).post(
        EDIT, {"contact_phone": "0161 496 0000", "crisis_lines": "  "}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "Enter at least one place to turn for help now" in html
    assert 'value="0161 496 0000"' in html
    assert "Samaritans" in HelpSettings.load().crisis_lines


@pytest.mark.django_db
def test_only_managers_change_the_help_details(client_for, peer_trainer, student):
    assert client_for(peer_trainer).get(EDIT).status_code == 403
    assert client_for(student).get(EDIT).status_code == 403


@pytest.mark.django_db
def test_a_declaration_page_title_names_the_pairing(client_for, manager):
    from tests.factories import DeclarationFactory

    declaration = DeclarationFactory(
        pairing__peer__user__full_name="Sam Whitfield",
        pairing__practitioner__user__full_name="Owen Hughes",
    )
    url = reverse("trainers:declaration-detail", args=[declaration.pk])
    html = client_for(manager).get(url).content.decode()
    assert (
        "<title>Conflict-of-interest declaration — Sam Whitfield and Owen Hughes"
        " — Recovery College</title>"
    ) in html
