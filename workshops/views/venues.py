"""Managers keep the college's terms, venues and rooms."""

from copy import copy

from django.contrib import messages
from django.shortcuts import redirect, render

from recovery_college.accounts.permissions import manager_required
from recovery_college.errors import DomainError
from recovery_college.forms import form_error_from

from .. import services
from ..forms import RoomForm, TermForm, VenueForm
from ..models import Room
from ..selectors import venues as reads


def _saved(form, save, **kwargs):
    """Run a save service; a refusal goes on the form (what was typed stays) → None."""
    try:
        return save(**kwargs)
    except DomainError as error:
        form_error_from(form, error)
        return None


@manager_required
def term_list(request):
    """Every term with its courses counted, and a form to add one."""
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        term = _saved(form, services.term_save, term=form.instance, user=request.user)
        if term is not None:
            messages.success(request, f"{term.name} is added.")
            return redirect("workshops:terms")
    terms = reads.term_list_with_counts()
    return render(request, "workshops/terms.html", {"terms": terms, "form": form})


@manager_required
def term_edit(request, pk: int):
    term = reads.term_get(pk=pk)
    # The form works on a copy, so a refused change never renames the page.
    form = TermForm(request.POST or None, instance=copy(term))
    if request.method == "POST" and form.is_valid():
        saved = _saved(form, services.term_save, term=form.instance, user=request.user)
        if saved is not None:
            messages.success(request, f"{saved.name} is saved.")
            return redirect("workshops:terms")
    return render(request, "workshops/term_form.html", {"term": term, "form": form})


@manager_required
def venue_list(request):
    form = VenueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        venue = services.venue_save(venue=form.instance, user=request.user)
        messages.success(request, f"{venue.name} is added. Now add its rooms.")
        return redirect("workshops:venue-edit", pk=venue.pk)
    venues = reads.venue_list()
    return render(request, "workshops/venues.html", {"venues": venues, "form": form})


@manager_required
def venue_edit(request, pk: int):
    """The venue's details, its rooms, and a form to add a room."""
    venue = reads.venue_get(pk=pk)
    form = VenueForm(request.POST or None, instance=copy(venue), prefix="venue")
    room_form = RoomForm(request.POST or None, instance=Room(venue=venue), prefix="room")
    if request.method == "POST":
        if "room-name" in request.POST:
            form = VenueForm(instance=copy(venue), prefix="venue")
            if room_form.is_valid():
                room = _saved(
                    room_form, services.room_save, room=room_form.instance, user=request.user
                )
                if room is not None:
                    messages.success(request, f"{room.name} is added to {venue.name}.")
                    return redirect("workshops:venue-edit", pk=venue.pk)
        else:
            room_form = RoomForm(instance=Room(venue=venue), prefix="room")
            if form.is_valid():
                services.venue_save(venue=form.instance, user=request.user)
                messages.success(request, f"{venue.name} is saved.")
                return redirect("workshops:venue-edit", pk=venue.pk)
    return render(
        request,
        "workshops/venue_form.html",
        {"venue": venue, "form": form, "room_form": room_form, "rooms": venue.rooms.all()},
    )


@manager_required
def room_edit(request, pk: int):
    room = reads.room_get(pk=pk)
    form = RoomForm(request.POST or None, instance=copy(room))
    if request.method == "POST" and form.is_valid():
        saved = _saved(form, services.room_save, room=form.instance, user=request.user)
        if saved is not None:
            messages.success(request, f"{saved.name} is saved.")
            return redirect("workshops:venue-edit", pk=room.venue_id)
    return render(request, "workshops/room_form.html", {"room": room, "form": form})
