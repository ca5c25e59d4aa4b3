"""Rooms (added on the venue page, changed on workshops:room-edit): access features,
capacity and names refused plainly, and a room that cannot hold fewer than a booked
course's places."""

import pytest

from workshops.models import Room

from ...factories import RoomFactory
from .support import VENUES, room_fields, room_row, room_url, venue_url


@pytest.mark.django_db
def test_a_room_is_added_with_its_access_features_and_listed(client_for, manager, venue):
    client = client_for(manager)
    response = client.post(
        venue_url(venue),
        {
            "room-name": "Main Hall",
            "room-capacity": 24,
            "room-step_free_access": "on",
            "room-hearing_loop": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == venue_url(venue)
    added = Room.objects.get()
    assert room_row(added) == (venue.pk, "Main Hall", 24, True, True, False, False)
    html = client.get(venue_url(venue)).content.decode()
    assert "Main Hall is added to Oak House." in html
    assert "Main Hall: holds 24 · step-free · hearing loop · <a" in html
    listed = client.get(VENUES).content.decode()
    assert "Main Hall: holds 24 · step-free · hearing loop</li>" in listed


@pytest.mark.django_db
@pytest.mark.parametrize("capacity", [0, -3])
def test_a_room_must_hold_at_least_one_person(capacity, client_for, manager, venue):
    response = client_for(manager).post(
        venue_url(venue), {"room-name": "Cupboard", "room-capacity": capacity}
    )
    assert response.status_code == 200
    assert response.context["room_form"].errors == {
        "capacity": ["A room holds at least one person."]
    }
    assert "How many people it holds: A room holds at least one person." in (
        response.content.decode()
    )
    assert not Room.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("capacity", [0, -3])
def test_a_room_cannot_be_changed_to_hold_nobody(capacity, client_for, manager, room):
    before = room_row(room)
    response = client_for(manager).post(room_url(room), room_fields(room, capacity=capacity))
    assert response.status_code == 200
    assert response.context["form"].errors == {"capacity": ["A room holds at least one person."]}
    assert room_row(room) == before


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["Garden Room", "garden room", "GARDEN ROOM", " Garden Room "])
def test_a_room_name_already_used_in_the_venue_is_refused(typed, client_for, manager, venue, room):
    response = client_for(manager).post(venue_url(venue), {"room-name": typed, "room-capacity": 8})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Oak House already has a room called" in html
    assert list(Room.objects.values_list("name", flat=True)) == ["Garden Room"]


@pytest.mark.django_db
def test_renaming_a_room_to_another_in_the_venue_is_refused(client_for, manager, venue, room):
    library = RoomFactory(venue=venue, name="Library", capacity=10)
    before = room_row(library)
    response = client_for(manager).post(room_url(library), room_fields(library, name="garden ROOM"))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["Oak House already has a room called garden ROOM."]
    }
    assert room_row(library) == before


@pytest.mark.django_db
def test_a_room_keeps_its_own_name_when_saved(client_for, manager, venue, room):
    response = client_for(manager).post(room_url(room), room_fields(room, capacity=12))
    assert response.status_code == 302
    assert response["Location"] == venue_url(venue)
    assert room_row(room) == (venue.pk, "Garden Room", 12, True, False, False, True)


@pytest.mark.django_db
def test_the_same_room_name_in_another_venue_is_fine(client_for, manager, room, other_venue):
    response = client_for(manager).post(
        venue_url(other_venue), {"room-name": "Garden Room", "room-capacity": 8}
    )
    assert response.status_code == 302
    assert sorted(Room.objects.values_list("venue__name", "name")) == [
        ("Oak House", "Garden Room"),
        ("Riverside Community Centre", "Garden Room"),
    ]


@pytest.mark.django_db
def test_a_room_cannot_hold_fewer_than_a_booked_course_has_places(
    client_for, manager, room, booked_course
):
    before = room_row(room)
    response = client_for(manager).post(room_url(room), room_fields(room, capacity=9))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "“Understanding anxiety” has 10 places and is booked in this room." in html
    assert room_row(room) == before


@pytest.mark.django_db
def test_a_room_may_hold_exactly_a_booked_course_places(
    client_for, manager, venue, room, booked_course
):
    response = client_for(manager).post(room_url(room), room_fields(room, capacity=10))
    assert response.status_code == 302
    assert response["Location"] == venue_url(venue)
    assert room_row(room)[2] == 10


@pytest.mark.django_db
def test_a_refused_room_change_keeps_the_page_named_after_the_saved_room(
    client_for, manager, room, booked_course
):
    response = client_for(manager).post(
        room_url(room), room_fields(room, name="Big Room", capacity=9)
    )
    html = response.content.decode()
    assert "has 10 places and is booked in this room" in html
    assert 'value="Big Room"' in html  # what was typed stays in the form
    assert room_row(room)[1:3] == ("Garden Room", 14)
    # The heading names the room as it is, not as it was typed.
    assert "<h1>Garden Room, Oak House</h1>" in html
