"""The demo's co-working agreements have substance: every one is complete, and the pairs
whose agreements were in force before required headings existed still have them in
force."""

import pytest
from django.core.management import call_command

from trainers import selectors
from trainers.models import Agreement


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.django_db
def test_every_demo_agreement_that_was_written_is_complete(demo):
    written = [a.current() for a in Agreement.objects.filter(version__gt=1)]
    assert written
    assert [v.missing for v in written] == [[] for _ in written]


@pytest.mark.django_db
def test_the_demo_still_shows_agreements_in_force(demo, manager):
    states = {str(p): p.agreement_state.code for p in selectors.pairing_list(user=manager)}
    assert states["Aisha Rahman & Dr Helen Carter"] == "in_force"
    assert states["Bethan Morgan & Funmi Okafor"] == "review_due"
    assert states["Priya Nair & Claire Donnelly"] == "awaiting"
