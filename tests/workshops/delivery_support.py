"""Shared by the cover, debrief and report tests: trainers who could cover, and a course
session with a request for cover."""

from trainers.models import ConflictDecision, Declaration

from ..factories import PairingFactory, PeerTrainerFactory, PractitionerTrainerFactory


def peer(name: str):
    return PeerTrainerFactory(user__full_name=name)


def practitioner(name: str):
    return PractitionerTrainerFactory(user__full_name=name)


def declared_relationship(a, b, *, decided: bool):
    """A pairing of `a` and `b` in which a relationship was declared: decided by a manager
    (`decided`) or still waiting for the decision."""
    peer_t, prac_t = (a, b) if a.kind == "peer" else (b, a)
    pairing = PairingFactory(peer=peer_t, practitioner=prac_t)
    Declaration.objects.create(pairing=pairing, trainer=peer_t, answer="treats_me")
    Declaration.objects.create(pairing=pairing, trainer=prac_t, answer="i_treat")
    if decided:
        ConflictDecision.objects.create(
            pairing=pairing, outcome="withdraw", reasons="A treating relationship."
        )
        pairing.status = "withdrawn"
        pairing.save(update_fields=["status"])
    return pairing
