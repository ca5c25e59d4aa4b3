"""What every rollover test shares: a clock stopped on Tuesday 1 December 2026, the
autumn term that ran, the spring term to come and the Garden Room (see `support.py`)."""

import pytest

from ...factories import RoomFactory
from .support import NOW, autumn_term, spring_term


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def autumn(db):
    return autumn_term()


@pytest.fixture
def spring(db):
    return spring_term()


@pytest.fixture
def garden(db):
    return RoomFactory(name="Garden Room", venue__name="Oak House", capacity=16)
