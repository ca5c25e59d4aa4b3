"""Trainers, topics, pairings and what a pair agrees or declares (the `trainers` app)."""

from datetime import timedelta

import factory
from django.utils import timezone

from trainers.models import (
    Agreement,
    AgreementConsent,
    AgreementTemplate,
    AgreementVersion,
    ConflictDecision,
    Declaration,
    Trainer,
)
from trainers.models.agreements import DEFAULT_HEADINGS

from .accounts import ManagerFactory, UserFactory


class TrainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainer

    user = factory.SubFactory(UserFactory)
    kind = Trainer.Kind.PEER
    # Most tests need a trainer whose courses can be published: they have chosen how
    # their name appears. Pass public_name_chosen_at=None for one who has not.
    public_name_chosen_at = factory.LazyFunction(timezone.now)


class PeerTrainerFactory(TrainerFactory):
    kind = Trainer.Kind.PEER


class PractitionerTrainerFactory(TrainerFactory):
    kind = Trainer.Kind.PRACTITIONER
    profession = "Mental health nurse"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "trainers.Topic"
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Topic {n}")


class PairingFactory(factory.django.DjangoModelFactory):
    """A pairing with its agreement (version 1 from the template). Traits: active (both
    declared no conflict), ended. `with_agreement=False` leaves the agreement out (for
    AgreementFactory)."""

    class Meta:
        model = "trainers.Pairing"
        skip_postgeneration_save = True

    peer = factory.SubFactory(PeerTrainerFactory)
    practitioner = factory.SubFactory(PractitionerTrainerFactory)
    start_date = factory.LazyFunction(timezone.localdate)

    class Params:
        active = factory.Trait(status="active")
        ended = factory.Trait(
            status="ended",
            end_date=factory.LazyAttribute(lambda o: o.start_date),
        )

    @factory.post_generation
    def with_agreement(obj, create, extracted, **kwargs):  # noqa: N805
        if not create or extracted is False:
            return
        from trainers.services import agreement_create

        agreement_create(pairing=obj)
        if obj.status in ("active", "ended"):
            for trainer in obj.trainers:
                Declaration.objects.create(pairing=obj, trainer=trainer, answer="none")


class AgreementTemplateFactory(factory.django.DjangoModelFactory):
    """The college's one template of agreement headings (the row is made or updated)."""

    class Meta:
        model = AgreementTemplate

    headings = factory.LazyFunction(lambda: [dict(h) for h in DEFAULT_HEADINGS])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        template, _ = model_class.objects.update_or_create(pk=1, defaults=kwargs)
        return template


class AgreementFactory(factory.django.DjangoModelFactory):
    """A co-working agreement with its first version (empty text under each heading)."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    pairing = factory.SubFactory(PairingFactory, active=True, with_agreement=False)
    version = 1

    @factory.post_generation
    def first_version(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted is not False:
            AgreementVersion.objects.create(
                agreement=obj,
                number=1,
                sections=[{"heading": h["heading"], "text": ""} for h in DEFAULT_HEADINGS],
                review_date=timezone.localdate() + timedelta(days=182),
            )


class AgreementVersionFactory(factory.django.DjangoModelFactory):
    """The next version of an agreement, written by the pair's Peer Trainer; the
    agreement's current version moves to it."""

    class Meta:
        model = AgreementVersion
        skip_postgeneration_save = True

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.LazyAttribute(lambda o: o.agreement.versions.count() + 1)
    sections = factory.LazyFunction(
        lambda: [{"heading": h["heading"], "text": "We talk it over."} for h in DEFAULT_HEADINGS]
    )
    review_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=182))
    author = factory.LazyAttribute(lambda o: o.agreement.pairing.peer.user)

    @factory.post_generation
    def make_current(obj, create, extracted, **kwargs):  # noqa: N805
        if create and obj.agreement.version < obj.number:
            Agreement.objects.filter(pk=obj.agreement_id).update(version=obj.number)
            obj.agreement.version = obj.number


class AgreementConsentFactory(factory.django.DjangoModelFactory):
    """The Peer Trainer's consent to the current version of an active pair's agreement."""

    class Meta:
        model = AgreementConsent

    version = factory.LazyFunction(lambda: PairingFactory(active=True).agreement.current())
    trainer = factory.LazyAttribute(lambda o: o.version.agreement.pairing.peer)


class DeclarationFactory(factory.django.DjangoModelFactory):
    """A trainer's private answer on a proposed pairing: no relationship, unless the
    `relationship` trait says they treat or are treated by the co-trainer."""

    class Meta:
        model = Declaration

    pairing = factory.SubFactory(PairingFactory)
    trainer = factory.LazyAttribute(lambda o: o.pairing.peer)
    answer = Declaration.Answer.NONE
    details = ""

    class Params:
        relationship = factory.Trait(
            answer=Declaration.Answer.TREATS_ME,
            details="My co-trainer was my care coordinator two years ago.",
        )


class ConflictDecisionFactory(factory.django.DjangoModelFactory):
    """A manager's decision to go ahead with a pairing, naming a support contact."""

    class Meta:
        model = ConflictDecision

    pairing = factory.SubFactory(PairingFactory)
    outcome = ConflictDecision.Outcome.PROCEED
    support_contact = "Sam Supervisor, the college's clinical lead"
    reasons = "Both trainers want to go ahead and the treatment ended long ago."
    decided_by = factory.SubFactory(ManagerFactory)
