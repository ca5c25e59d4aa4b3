"""The prospectus tests' world: the Spring 2027 term (TODAY is in its second week), the
Garden Room (step-free) and the Attic at Oak House, and a catalogue of three published
courses ("Hearing voices", "Money worries", "Sleep better" on the "Sleep and wellbeing"
topic) and one draft ("Secret draft")."""

from datetime import datetime, time, timedelta

import pytest

from trainers.models import Topic
from workshops.models import Course

from ...factories import PairingFactory, RoomFactory, TermFactory
from .support import TODAY, publish


@pytest.fixture
def term(db):
    return TermFactory(
        name="Spring 2027",
        starts_on=TODAY - timedelta(days=7),
        ends_on=TODAY + timedelta(days=70),
        enrolment_opens_on=TODAY - timedelta(days=20),
    )


@pytest.fixture
def rooms(room):
    """The Garden Room (step-free) and the Attic (no access features) at Oak House."""
    return {
        "step_free": room,
        "upstairs": RoomFactory(venue=room.venue, name="Attic", capacity=8),
    }


@pytest.fixture
def catalogue(term, rooms, time_machine):
    time_machine.move_to(datetime.combine(TODAY, time(9)), tick=False)
    pairing = PairingFactory(active=True)
    sleep = Topic.objects.create(name="Sleep and wellbeing")
    publish(
        pairing,
        term,
        title="Sleep better",
        room=rooms["step_free"],
        topic=sleep,
        day_offset=0,
        hour=10,
        summary="Rest and routines.",
    )
    publish(pairing, term, title="Hearing voices", room=rooms["upstairs"], day_offset=2, hour=18)
    publish(
        pairing,
        term,
        title="Money worries",
        room=rooms["upstairs"],
        day_offset=3,
        hour=14,
        fmt="blended",
    )
    Course.objects.create(
        pairing=pairing, title="Secret draft", summary="x", outcomes="x", term=term, status="draft"
    )
    return sleep
