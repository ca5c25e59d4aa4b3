"""Venues (workshops:venues, venue-edit): adding one and going on to its rooms, names and
addresses refused plainly, the venue page's two forms kept apart, and a list whose
queries do not grow."""

import pytest

from workshops.models import Room, Venue

from .support import VENUES, queries_for, room_row, venue_url, venues_make

ADDRESS_MISSING = "Enter the venue's address, so people can find it."


@pytest.mark.django_db
def test_adding_a_venue_goes_to_its_page_to_add_rooms(client_for, manager):
    client = client_for(manager)
    response = client.post(
        VENUES, {"name": "Oak House", "address": "14 Oak Street", "directions": "Side door."}
    )
    venue = Venue.objects.get()
    assert (venue.name, venue.address, venue.directions) == (
        "Oak House",
        "14 Oak Street",
        "Side door.",
    )
    assert response.status_code == 302
    assert response["Location"] == venue_url(venue)
    assert "Oak House is added. Now add its rooms." in client.get(venue_url(venue)).content.decode()


@pytest.mark.django_db
def test_a_second_venue_with_the_same_name_is_refused(client_for, manager, venue):
    response = client_for(manager).post(VENUES, {"name": "Oak House", "address": "Elsewhere"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is already a venue with this name." in html
    assert 'value="Oak House"' in html
    assert Venue.objects.count() == 1


@pytest.mark.django_db
def test_a_venue_without_an_address_is_refused(client_for, manager):
    response = client_for(manager).post(VENUES, {"name": "Oak House", "address": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"address": [ADDRESS_MISSING]}
    assert not Venue.objects.exists()


@pytest.mark.django_db
def test_saving_the_venue_address_leaves_its_rooms_alone(client_for, manager, venue, room):
    rooms_before = room_row(room)
    response = client_for(manager).post(
        venue_url(venue),
        {
            "venue-name": "Oak House",
            "venue-address": "16 Oak Street\nLeeds LS2 7AB",
            "venue-directions": "Buses 1 and 6.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == venue_url(venue)
    venue.refresh_from_db()
    assert venue.address == "16 Oak Street\nLeeds LS2 7AB"
    assert venue.directions == "Buses 1 and 6."
    assert list(Room.objects.values_list("pk", flat=True)) == [room.pk]
    assert room_row(room) == rooms_before


@pytest.mark.django_db
def test_a_refused_venue_rename_keeps_the_page_named_after_the_saved_venue(
    client_for, manager, venue, other_venue
):
    response = client_for(manager).post(
        venue_url(venue),
        {"venue-name": other_venue.name, "venue-address": venue.address},
    )
    html = response.content.decode()
    assert "There is already a venue with this name." in html
    assert Venue.objects.get(pk=venue.pk).name == "Oak House"
    # The page is still about Oak House, not about the venue whose name was typed.
    assert "<h1>Oak House</h1>" in html
    assert "<h1>Riverside Community Centre</h1>" not in html


# The venue page's two forms


@pytest.mark.django_db
def test_a_refused_room_leaves_the_venue_form_untouched(client_for, manager, venue):
    response = client_for(manager).post(venue_url(venue), {"room-name": "", "room-capacity": "0"})
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["room_form"].errors == {
        "name": ["Enter the room's name, like “Room 2”."],
        "capacity": ["A room holds at least one person."],
    }
    venue_form = response.context["form"]
    assert not venue_form.is_bound
    assert not venue_form.errors
    assert html.count("There is a problem") == 1
    assert "Address: " not in html  # no venue field is listed in an error summary
    assert 'value="Oak House"' in html  # the venue form still shows the saved name
    assert not Room.objects.exists()


@pytest.mark.django_db
def test_a_refused_venue_save_leaves_the_room_form_untouched(client_for, manager, venue, room):
    response = client_for(manager).post(
        venue_url(venue), {"venue-name": "Oak House", "venue-address": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors == {"address": [ADDRESS_MISSING]}
    room_form = response.context["room_form"]
    assert not room_form.is_bound
    assert not room_form.errors
    assert html.count("There is a problem") == 1
    assert "How many people it holds: " not in html
    assert Venue.objects.get(pk=venue.pk).address == "14 Oak Street\nLeeds"
    assert Room.objects.count() == 1


@pytest.mark.django_db
def test_the_venue_list_costs_the_same_for_2_and_20_venues(client_for, manager):
    client = client_for(manager)
    venues_make(2, 2)
    small = queries_for(client, VENUES)
    Room.objects.all().delete()
    Venue.objects.all().delete()
    venues_make(20, 5)
    html = client.get(VENUES).content.decode()
    assert html.count("Room 4: holds 14") == 20
    large = queries_for(client, VENUES)
    assert large == small
    # Session, user, trainer, two permission look-ups, venues, rooms, session save (3).
    assert small == 5
