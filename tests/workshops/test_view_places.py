"""The managers' pages for terms, venues and rooms: who may open them, what they refuse
(in plain words, keeping what was typed), what they protect (published courses' dates and
places) and a number of queries that does not grow with rows."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from workshops.models import Room, Term, Venue

from ..factories import RoomFactory, TermFactory, VenueFactory, open_course_make

TERMS = reverse("workshops:terms")
VENUES = reverse("workshops:venues")
REQUIRED = "This field is required."


def term_edit_url(term):
    return reverse("workshops:term-edit", args=[term.pk])


def venue_url(venue):
    return reverse("workshops:venue-edit", args=[venue.pk])


def room_url(room):
    return reverse("workshops:room-edit", args=[room.pk])


def term_fields(**changes) -> dict:
    return {
        "name": "Spring 2027",
        "starts_on": "2027-01-04",
        "ends_on": "2027-03-26",
        "enrolment_opens_on": "2026-12-01",
        **changes,
    }


def room_fields(room, **changes) -> dict:
    """The room edit form as the page would post it, with changes (False unticks a box)."""
    fields = {
        "name": room.name,
        "capacity": room.capacity,
        **{
            box: "on"
            for box in ("step_free_access", "hearing_loop", "accessible_toilet", "quiet_space")
            if getattr(room, box)
        },
    }
    fields.update(changes)
    return {key: value for key, value in fields.items() if value is not False}


def room_row(room) -> tuple:
    return Room.objects.filter(pk=room.pk).values_list(
        "venue_id",
        "name",
        "capacity",
        "step_free_access",
        "hearing_loop",
        "accessible_toilet",
        "quiet_space",
    )[0]


def term_row(term) -> tuple:
    return Term.objects.filter(pk=term.pk).values_list(
        "name", "starts_on", "ends_on", "enrolment_opens_on"
    )[0]


@pytest.fixture
def term(db):
    return TermFactory(
        name="Spring 2027",
        starts_on=date(2027, 1, 4),
        ends_on=date(2027, 3, 26),
        enrolment_opens_on=date(2026, 12, 1),
    )


@pytest.fixture
def other_venue(db):
    return VenueFactory(name="Riverside Community Centre", address="2 Wharf Road")


@pytest.fixture
def page_urls(term, venue, room):
    return {
        "terms": TERMS,
        "term-edit": term_edit_url(term),
        "venues": VENUES,
        "venue-edit": venue_url(venue),
        "room-edit": room_url(room),
    }


PAGES = ["terms", "term-edit", "venues", "venue-edit", "room-edit"]


# Who may open the pages


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_anonymous_people_are_asked_to_log_in(page, client, page_urls):
    response = client.get(page_urls[page])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "role", ["student", "peer_trainer", "practitioner_trainer", "outsider_trainer"]
)
def test_students_and_trainers_are_forbidden(role, page, request, client_for, page_urls):
    client = client_for(request.getfixturevalue(role))
    assert client.get(page_urls[page]).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_managers_open_every_page(page, client_for, manager, page_urls):
    assert client_for(manager).get(page_urls[page]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["student", "peer_trainer"])
def test_a_forbidden_post_changes_nothing(role, request, client_for, term, venue, room):
    client = client_for(request.getfixturevalue(role))
    before = (term_row(term), room_row(room), Venue.objects.count())
    assert client.post(TERMS, term_fields(name="Summer 2027")).status_code == 403
    assert client.post(term_edit_url(term), term_fields(name="Renamed")).status_code == 403
    assert client.post(VENUES, {"name": "New place", "address": "1 Road"}).status_code == 403
    assert (
        client.post(venue_url(venue), {"room-name": "Attic", "room-capacity": 5}).status_code == 403
    )
    assert client.post(room_url(room), room_fields(room, capacity=1)).status_code == 403
    assert (term_row(term), room_row(room), Venue.objects.count()) == before


# Terms


@pytest.mark.django_db
def test_a_manager_adds_a_term_and_it_is_listed_with_its_dates(client_for, manager):
    client = client_for(manager)
    response = client.post(TERMS, term_fields())
    assert response.status_code == 302
    assert response["Location"] == TERMS
    saved = Term.objects.get()
    assert term_row(saved) == (
        "Spring 2027",
        date(2027, 1, 4),
        date(2027, 3, 26),
        date(2026, 12, 1),
    )
    html = client.get(TERMS).content.decode()
    assert "Spring 2027 is added." in html
    assert "<td>Spring 2027</td><td>4 Jan 2027 to 26 Mar 2027</td><td>1 Dec 2026</td>" in html
    assert "0 published of 0" in html


@pytest.mark.django_db
def test_a_last_day_before_the_first_day_is_refused_keeping_what_was_typed(client_for, manager):
    response = client_for(manager).post(
        TERMS, term_fields(name="Autumn 2027", starts_on="2027-09-20", ends_on="2027-09-01")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The last day must be on or after the first day." in html
    assert 'value="Autumn 2027"' in html
    assert 'value="2027-09-20"' in html
    assert not Term.objects.exists()


@pytest.mark.django_db
def test_enrolment_opening_after_the_term_ends_is_refused(client_for, manager):
    response = client_for(manager).post(TERMS, term_fields(enrolment_opens_on="2027-04-01"))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "enrolment_opens_on": ["Enrolment must open before the term ends."]
    }
    assert "Enrolment must open before the term ends." in response.content.decode()
    assert not Term.objects.exists()


@pytest.mark.django_db
def test_a_second_term_with_the_same_name_is_refused(client_for, manager, term):
    response = client_for(manager).post(
        TERMS, term_fields(starts_on="2028-01-04", ends_on="2028-03-26")
    )
    assert response.status_code == 200
    assert "There is already a term with this name." in response.content.decode()
    assert Term.objects.count() == 1


@pytest.mark.django_db
def test_missing_dates_get_plain_required_errors(client_for, manager):
    response = client_for(manager).post(
        TERMS, term_fields(starts_on="", ends_on="", enrolment_opens_on="")
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "starts_on": [REQUIRED],
        "ends_on": [REQUIRED],
        "enrolment_opens_on": [REQUIRED],
    }
    html = response.content.decode()
    assert "First day of the term: This field is required." in html
    assert 'value="Spring 2027"' in html
    assert not Term.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("nonsense", ["31/02/2027", "2027-02-31", "next tuesday"])
def test_a_date_that_does_not_exist_gets_a_plain_error(nonsense, client_for, manager):
    response = client_for(manager).post(TERMS, term_fields(ends_on=nonsense))
    assert response.status_code == 200
    assert response.context["form"].errors == {"ends_on": ["Enter a valid date."]}
    assert "Last day of the term: Enter a valid date." in response.content.decode()
    assert not Term.objects.exists()


@pytest.mark.django_db
def test_a_date_that_does_not_exist_is_refused_when_changing_a_term_too(client_for, manager, term):
    before = term_row(term)
    response = client_for(manager).post(term_edit_url(term), term_fields(starts_on="31/02/2027"))
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
    assert term_row(term) == before


@pytest.fixture
def published_course(manager):
    """A published online course, sessions 10 and 17 days from now at 10:00, in a term
    from a week ago to 120 days from now."""
    return open_course_make(manager=manager)


def _term_dates(term, **changes) -> dict:
    fields = {
        "name": term.name,
        "starts_on": term.starts_on.isoformat(),
        "ends_on": term.ends_on.isoformat(),
        "enrolment_opens_on": term.enrolment_opens_on.isoformat(),
    }
    return {**fields, **{k: v.isoformat() for k, v in changes.items()}}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "shrink",
    [
        pytest.param({"ends_on": 12}, id="ends before the second session"),
        pytest.param({"starts_on": 11}, id="starts after the first session"),
    ],
)
def test_a_term_cannot_shrink_past_a_published_session(
    shrink, client_for, manager, published_course
):
    term = published_course.term
    before = term_row(term)
    today = timezone.localdate()
    changes = {key: today + timedelta(days=days) for key, days in shrink.items()}
    response = client_for(manager).post(term_edit_url(term), _term_dates(term, **changes))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "“Understanding anxiety” has a session outside these dates." in html
    assert term_row(term) == before


@pytest.mark.django_db
def test_a_term_may_shrink_to_its_published_sessions(client_for, manager, published_course):
    term = published_course.term
    first, last = (s.starts_at for s in published_course.sessions.order_by("starts_at"))
    new_start = timezone.localtime(first).date()
    new_end = timezone.localtime(last).date()
    response = client_for(manager).post(
        term_edit_url(term),
        _term_dates(term, starts_on=new_start, ends_on=new_end, enrolment_opens_on=new_start),
    )
    assert response.status_code == 302
    assert response["Location"] == TERMS
    term.refresh_from_db()
    assert (term.starts_on, term.ends_on) == (new_start, new_end)


@pytest.mark.django_db
def test_the_term_list_counts_its_published_courses(client_for, manager, published_course):
    html = client_for(manager).get(TERMS).content.decode()
    assert published_course.term.name in html
    assert "1 published of 1" in html


@pytest.mark.django_db
def test_a_refused_term_rename_keeps_the_page_named_after_the_saved_term(client_for, manager, term):
    Term.objects.create(
        name="Summer 2027",
        starts_on=date(2027, 4, 19),
        ends_on=date(2027, 7, 9),
        enrolment_opens_on=date(2027, 3, 1),
    )
    response = client_for(manager).post(term_edit_url(term), term_fields(name="Summer 2027"))
    html = response.content.decode()
    assert "There is already a term with this name." in html
    assert term_row(term)[0] == "Spring 2027"
    # The page is still about Spring 2027: its heading and breadcrumb say so.
    assert "<h1>Change Spring 2027</h1>" in html
    assert 'aria-current="page">Spring 2027</li>' in html


# Venues


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
    assert response.context["form"].errors == {"address": [REQUIRED]}
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


# Rooms


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


@pytest.fixture
def booked_course(manager, room):
    """A published course with 10 places, both sessions in the 14-person Garden Room."""
    return open_course_make(manager=manager, room=room, capacity=10)


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


# The venue page's two forms


@pytest.mark.django_db
def test_a_refused_room_leaves_the_venue_form_untouched(client_for, manager, venue):
    response = client_for(manager).post(venue_url(venue), {"room-name": "", "room-capacity": "0"})
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["room_form"].errors == {
        "name": [REQUIRED],
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
    assert response.context["form"].errors == {"address": [REQUIRED]}
    room_form = response.context["room_form"]
    assert not room_form.is_bound
    assert not room_form.errors
    assert html.count("There is a problem") == 1
    assert "How many people it holds: " not in html
    assert Venue.objects.get(pk=venue.pk).address == "14 Oak Street\nLeeds"
    assert Room.objects.count() == 1


# Queries


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _venues(count, rooms_each, start=0):
    for v in range(start, start + count):
        venue = Venue.objects.create(name=f"Venue {v:02}", address=f"{v} High Street")
        Room.objects.bulk_create(
            Room(venue=venue, name=f"Room {r}", capacity=10 + r, hearing_loop=r % 2 == 0)
            for r in range(rooms_each)
        )


def _terms(count, start=0):
    Term.objects.bulk_create(
        Term(
            name=f"Term {t:02}",
            starts_on=date(2027, 1, 1) + timedelta(days=100 * t),
            ends_on=date(2027, 3, 1) + timedelta(days=100 * t),
            enrolment_opens_on=date(2026, 12, 1) + timedelta(days=100 * t),
        )
        for t in range(start, start + count)
    )


@pytest.mark.django_db
def test_the_venue_list_costs_the_same_for_2_and_20_venues(client_for, manager):
    client = client_for(manager)
    _venues(2, 2)
    small = _queries(client, VENUES)
    Room.objects.all().delete()
    Venue.objects.all().delete()
    _venues(20, 5)
    html = client.get(VENUES).content.decode()
    assert html.count("Room 4: holds 14") == 20
    large = _queries(client, VENUES)
    assert large == small
    # Session, user, trainer, two permission look-ups, venues, rooms, session save (3).
    assert small == 10


@pytest.mark.django_db
def test_the_term_list_costs_the_same_for_2_and_20_terms(client_for, manager):
    client = client_for(manager)
    _terms(2)
    small = _queries(client, TERMS)
    _terms(18, start=2)
    assert client.get(TERMS).content.decode().count("published of 0") == 20
    large = _queries(client, TERMS)
    assert large == small
    # Session, user, trainer, two permission look-ups, terms, session save (3).
    assert small == 9
