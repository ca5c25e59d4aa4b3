"""From plan to delivery (issue 14): cover for a trainer who cannot come, and debriefs."""

import factory

from workshops.models.delivery import (
    CoverDecision,
    CoverDeclaration,
    CoverInvitation,
    CoverRequest,
    Debrief,
    DebriefSection,
)

from .accounts import ManagerFactory
from .trainers import PeerTrainerFactory
from .workshops import ScheduledSessionFactory


class CoverRequestFactory(factory.django.DjangoModelFactory):
    """The session's Peer Trainer cannot come; nobody is covering yet."""

    class Meta:
        model = CoverRequest

    session = factory.SubFactory(ScheduledSessionFactory)
    absent_trainer = factory.LazyAttribute(lambda o: o.session.peer)


class CoverInvitationFactory(factory.django.DjangoModelFactory):
    """A manager invited another Peer Trainer to cover; no answer yet."""

    class Meta:
        model = CoverInvitation

    request = factory.SubFactory(CoverRequestFactory)
    trainer = factory.SubFactory(PeerTrainerFactory)
    invited_by = factory.SubFactory(ManagerFactory)


class CoverDeclarationFactory(factory.django.DjangoModelFactory):
    """The invited trainer's private answer to the conflict question: none."""

    class Meta:
        model = CoverDeclaration

    invitation = factory.SubFactory(CoverInvitationFactory)
    trainer = factory.LazyAttribute(lambda o: o.invitation.trainer)
    answer = "none"


class CoverDecisionFactory(factory.django.DjangoModelFactory):
    """A manager let a cover with a declared relationship go ahead, with reasons."""

    class Meta:
        model = CoverDecision

    invitation = factory.SubFactory(CoverInvitationFactory)
    outcome = CoverDecision.Outcome.PROCEED
    reasons = "They last worked together years ago; both are happy to go ahead."
    decided_by = factory.SubFactory(ManagerFactory)


class DebriefFactory(factory.django.DjangoModelFactory):
    """The Peer Trainer's debrief of a session, not yet filed."""

    class Meta:
        model = Debrief

    session = factory.SubFactory(ScheduledSessionFactory)
    trainer = factory.LazyAttribute(lambda o: o.session.peer)


class DebriefSectionFactory(factory.django.DjangoModelFactory):
    """One section of a debrief: planned as shared, delivered as shared."""

    class Meta:
        model = DebriefSection

    debrief = factory.SubFactory(DebriefFactory)
    title = "Welcome and setting the scene"
    minutes = 15
    planned_lead = "shared"
    delivered_lead = "shared"
