"""The trainers app's part of the demo college (`manage.py seed_demo`): twelve trainers
with profiles, and one pairing in every state a manager meets."""

from datetime import timedelta

from django.utils import timezone

from recovery_college.accounts.models import User

from .models import (
    AgreementConsent,
    AgreementVersion,
    ConflictDecision,
    Declaration,
    Pairing,
    Topic,
    Trainer,
)
from .services import agreement_create

PEERS = [
    "Sam Whitfield",
    "Aisha Rahman",
    "Tom Kowalski",
    "Bethan Morgan",
    "Marcus Ellison",
    "Priya Nair",
]
TOPICS = [
    "Understanding psychosis",
    "Managing stress",
    "Sleep and wellbeing",
    "Understanding state benefits",
    "Hearing voices",
    "Recovery and hope",
    "Living with anxiety",
    "Understanding depression",
    "Building confidence",
    "Wellness and recovery action planning",
]
PEER_PROFILES = {
    "Sam Whitfield": (
        "first",
        ["Hearing voices", "Recovery and hope"],
        "I have heard voices since my twenties and now help others make sense of them.",
        "Weekday afternoons.",
    ),
    "Aisha Rahman": (
        "full",
        ["Managing stress", "Living with anxiety"],
        "I live with anxiety and love sharing the small things that help.",
        "Mornings, not Fridays.",
    ),
    "Tom Kowalski": (
        "full",
        ["Understanding psychosis", "Building confidence"],
        "Recovery for me meant finding my voice again.",
        "Any weekday.",
    ),
    "Bethan Morgan": (
        "first",
        ["Sleep and wellbeing", "Understanding depression"],
        "Sleep was the first thing I learned to look after.",
        "Tuesdays and Thursdays.",
    ),
    "Marcus Ellison": (
        "full",
        ["Understanding state benefits"],
        "I know the benefits maze from the inside.",
        "Evenings only.",
    ),
    "Priya Nair": (
        "full",
        ["Wellness and recovery action planning", "Recovery and hope"],
        "My recovery plan is a living document and I like helping people write theirs.",
        "Wednesdays.",
    ),
}
PRACTITIONERS = [
    ("Dr Helen Carter", "Clinical psychologist"),
    ("James O'Connell", "Mental health nurse"),
    ("Funmi Okafor", "Occupational therapist"),
    ("Dr Rajesh Patel", "Psychiatrist"),
    ("Claire Donnelly", "Social worker"),
    ("Owen Hughes", "Community psychiatric nurse"),
]


def seed(demo) -> None:
    for name in PEERS:
        user = demo.user(name)
        Trainer.objects.get_or_create(user=user, defaults={"kind": Trainer.Kind.PEER})
    for name, profession in PRACTITIONERS:
        user = demo.user(name)
        Trainer.objects.get_or_create(
            user=user,
            defaults={"kind": Trainer.Kind.PRACTITIONER, "profession": profession},
        )
    _profiles(demo)
    _pairings(demo, demo.manager)
    demo.logins += [
        ("Peer Trainer", demo.email_of(PEERS[1])),
        ("Practitioner", demo.email_of(PRACTITIONERS[0][0])),
    ]
    demo.logins.append(
        ("Awaiting a decision", f"{demo.email_of('Tom Kowalski')} (peer in a proposed pairing)")
    )


# Everyone has chosen how their name appears except Sam, who is only in a proposed
# pairing: logging in as Sam shows the question a new trainer is asked.
NAME_NOT_CHOSEN_YET = "Sam Whitfield"


def _profiles(demo) -> None:
    topics = {name: Topic.objects.get_or_create(name=name)[0] for name in TOPICS}
    Trainer.objects.filter(
        user__email__endswith=f"@{demo.domain}", public_name_chosen_at__isnull=True
    ).exclude(user__email=demo.email_of(NAME_NOT_CHOSEN_YET)).update(
        public_name_chosen_at=timezone.now()
    )
    for name, (style, topic_names, bio, availability) in PEER_PROFILES.items():
        trainer = Trainer.objects.get(user__email=demo.email_of(name))
        if not trainer.bio:
            trainer.public_name_style, trainer.bio = style, bio
            trainer.availability_notes = availability
            trainer.save()
            trainer.topics.set([topics[t] for t in topic_names])
    practitioner_topics = [
        ["Understanding psychosis", "Hearing voices"],
        ["Living with anxiety", "Managing stress"],
        ["Building confidence", "Wellness and recovery action planning"],
        ["Understanding depression", "Sleep and wellbeing"],
        ["Understanding state benefits", "Recovery and hope"],
        ["Managing stress", "Sleep and wellbeing"],
    ]
    for (name, _), topic_names in zip(PRACTITIONERS, practitioner_topics, strict=True):
        trainer = Trainer.objects.get(user__email=demo.email_of(name))
        if not trainer.bio:
            trainer.bio = f"I work as a {trainer.profession.lower()} in the community team."
            trainer.save()
            trainer.topics.set([topics[t] for t in topic_names])


def _pairings(demo, manager: User) -> None:
    """One pairing in every state a manager meets."""
    today = timezone.localdate()
    peer = {n: Trainer.objects.get(user__email=demo.email_of(n)) for n in PEERS}
    prac = {n: Trainer.objects.get(user__email=demo.email_of(n)) for n, _ in PRACTITIONERS}

    # Proposed: one has answered, waiting for the other.
    p = _pairing(peer["Sam Whitfield"], prac["Owen Hughes"], today + timedelta(days=14), manager)
    if p:
        Declaration.objects.create(pairing=p, trainer=p.peer, answer="none")

    # Proposed: a treating relationship declared, waiting for a manager's decision.
    p = _pairing(peer["Tom Kowalski"], prac["James O'Connell"], today, manager)
    if p:
        Declaration.objects.create(
            pairing=p,
            trainer=p.practitioner,
            answer="i_treat",
            details="I was Tom's care coordinator until two years ago.",
        )
        Declaration.objects.create(pairing=p, trainer=p.peer, answer="treats_me")

    # Active, agreement in force (agreed by both, review in four months).
    p = _pairing(
        peer["Aisha Rahman"],
        prac["Dr Helen Carter"],
        today - timedelta(days=240),
        manager,
        status="active",
    )
    if p:
        _agree(p, review=today + timedelta(days=120), both=True)

    # Active, agreement in force but due for review within a week.
    p = _pairing(
        peer["Bethan Morgan"],
        prac["Funmi Okafor"],
        today - timedelta(days=400),
        manager,
        status="active",
    )
    if p:
        _agree(p, review=today + timedelta(days=5), both=True)

    # Active after a manager's decision; agreement agreed by one so far.
    p = _pairing(
        peer["Priya Nair"],
        prac["Claire Donnelly"],
        today - timedelta(days=30),
        manager,
        status="active",
        declared="other",
    )
    if p:
        ConflictDecision.objects.create(
            pairing=p,
            outcome="proceed",
            decided_by=manager,
            support_contact="Dr Anne Lowe, clinical supervisor",
            reasons="Claire and Priya were on the same steering group; no clinical "
            "relationship. Both are happy to proceed.",
        )
        _agree(p, review=today + timedelta(days=150), both=False)

    # Ended after a year together.
    p = _pairing(
        peer["Marcus Ellison"],
        prac["Dr Rajesh Patel"],
        today - timedelta(days=430),
        manager,
        status="ended",
    )
    if p:
        p.end_date = today - timedelta(days=65)
        p.save(update_fields=["end_date"])
        _agree(p, review=today - timedelta(days=70), both=True)


def _pairing(peer, practitioner, start, manager, status="proposed", declared=None):
    if Pairing.objects.filter(peer=peer, practitioner=practitioner).exists():
        return None
    pairing = Pairing.objects.create(
        peer=peer,
        practitioner=practitioner,
        start_date=start,
        proposed_by=manager,
        status=status,
        end_date=start if status == "ended" else None,
        activated_at=timezone.now() if status != "proposed" else None,
    )
    agreement_create(pairing=pairing)
    if status != "proposed":
        Declaration.objects.create(pairing=pairing, trainer=peer, answer="none")
        Declaration.objects.create(
            pairing=pairing,
            trainer=practitioner,
            answer=declared or "none",
            details="We sat on the same steering group." if declared == "other" else "",
        )
    return pairing


def _agree(pairing: Pairing, *, review, both: bool) -> None:
    agreement = pairing.agreement
    # One text per default heading, in order: every heading is written, so each
    # agreement is complete (its required headings have substance).
    texts = [
        "We talk privately after the session, the same day if we can. Either of us can "
        "ask for a college manager to join.",
        "Both our voices count the same, in planning and in the room. If we disagree in "
        "front of the group we say so kindly and sort it out together afterwards.",
        "We text each other as early as we can. If one of us cannot come, the other "
        "decides with the college whether to run the session alone or move it.",
        "We check in before every session and ask each other what would help. Either of "
        "us can go to our supervisor, and neither of us acts as the other's clinician.",
        "After each course we teach together, and on the review date below.",
        "We take turns to open sessions. Whoever knows a section best leads it, and the "
        "other adds their view.",
        "Each of us decides what we share about our own experience. We never share "
        "anything about each other without asking first.",
        "Ten minutes after every session: one thing that went well and one thing to try next time.",
    ]
    first = agreement.versions.get(number=1)
    sections = [{**s, "text": texts[i % len(texts)]} for i, s in enumerate(first.sections)]
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=2,
        sections=sections,
        review_date=review,
        author=pairing.peer.user,
    )
    agreement.version = 2
    agreement.save(update_fields=["version"])
    trainers = pairing.trainers if both else pairing.trainers[:1]
    for trainer in trainers:
        AgreementConsent.objects.create(version=version, trainer=trainer)
