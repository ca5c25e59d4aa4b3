"""A believable demo college for `make run`. Idempotent: running it twice changes nothing."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from recovery_college.accounts.models import User
from recovery_college.accounts.services import manager_grant
from trainers.models import (
    AgreementConsent,
    AgreementVersion,
    ConflictDecision,
    Declaration,
    Pairing,
    Topic,
    Trainer,
)
from trainers.services import agreement_create

DEMO_PASSWORD = "demo-college-2026"  # noqa: S105 - printed for the demo; never in production
DOMAIN = "demo.example.org"

MANAGER = ("Grace Adeyemi", "manager")
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
STUDENTS = [
    "Lucy Bennett",
    "Daniel Osei",
    "Hannah Clarke",
    "Mohammed Ali",
    "Emma Thompson",
    "Kwame Mensah",
    "Sophie Walsh",
    "Ryan McAllister",
    "Zainab Hussain",
    "Chloe Davies",
    "Liam Fraser",
    "Amira Haddad",
    "Jack Robinson",
    "Niamh Gallagher",
    "Oliver Price",
    "Mei Ling Chen",
    "George Evans",
    "Fatima Begum",
    "Callum Reid",
    "Isla Campbell",
    "Adebayo Williams",
    "Rosa Martinez",
    "Ethan Shaw",
    "Ellie Parker",
    "Joseph Nowak",
    "Grace Ferguson",
    "Harvey Singh",
    "Molly Byrne",
    "Samuel Okonkwo",
    "Freya Lewis",
]


def _email(full_name: str) -> str:
    local = full_name.lower().replace("dr ", "").replace("'", "").replace(" ", ".")
    return f"{local}@{DOMAIN}"


class Command(BaseCommand):
    help = "Create a demo college (manager, trainers, students). Safe to run more than once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off. The demo accounts share a published password.",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "seed_demo creates accounts with a published password, so it only runs with "
                "DEBUG=1. Pass --allow-production if you really mean it."
            )
        with transaction.atomic():
            created = self._seed()
        self._print_logins(created)

    def _user(self, full_name: str, email: str | None = None) -> tuple[User, bool]:
        email = email or _email(full_name)
        user = User.objects.filter(email=email).first()
        if user:
            return user, False
        return User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name=full_name
        ), True

    def _seed(self) -> int:
        created = 0
        manager, new = self._user(MANAGER[0], f"{MANAGER[1]}@{DOMAIN}")
        created += new
        manager_grant(user=manager)
        for name in PEERS:
            user, new = self._user(name)
            created += new
            Trainer.objects.get_or_create(user=user, defaults={"kind": Trainer.Kind.PEER})
        for name, profession in PRACTITIONERS:
            user, new = self._user(name)
            created += new
            Trainer.objects.get_or_create(
                user=user,
                defaults={"kind": Trainer.Kind.PRACTITIONER, "profession": profession},
            )
        for name in STUDENTS:
            created += self._user(name)[1]
        self._profiles()
        self._pairings(manager)
        from workshops.demo_courses import (  # builds on trainers
            seed_courses,
            seed_enrolments,
            seed_schedule,
        )

        seed_courses(email_of=_email, manager=manager)
        seed_schedule(manager=manager)
        seed_enrolments(student_emails=[_email(n) for n in STUDENTS], manager=manager)
        return created

    def _profiles(self) -> None:
        topics = {name: Topic.objects.get_or_create(name=name)[0] for name in TOPICS}
        for name, (style, topic_names, bio, availability) in PEER_PROFILES.items():
            trainer = Trainer.objects.get(user__email=_email(name))
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
            trainer = Trainer.objects.get(user__email=_email(name))
            if not trainer.bio:
                trainer.bio = f"I work as a {trainer.profession.lower()} in the community team."
                trainer.save()
                trainer.topics.set([topics[t] for t in topic_names])

    def _pairings(self, manager: User) -> None:
        """One pairing in every state a manager meets."""
        today = timezone.localdate()
        peer = {n: Trainer.objects.get(user__email=_email(n)) for n in PEERS}
        prac = {n: Trainer.objects.get(user__email=_email(n)) for n, _ in PRACTITIONERS}

        # Proposed: one has answered, waiting for the other.
        p = self._pairing(
            peer["Sam Whitfield"], prac["Owen Hughes"], today + timedelta(days=14), manager
        )
        if p:
            Declaration.objects.create(pairing=p, trainer=p.peer, answer="none")

        # Proposed: a treating relationship declared, waiting for a manager's decision.
        p = self._pairing(peer["Tom Kowalski"], prac["James O'Connell"], today, manager)
        if p:
            Declaration.objects.create(
                pairing=p,
                trainer=p.practitioner,
                answer="i_treat",
                details="I was Tom's care coordinator until two years ago.",
            )
            Declaration.objects.create(pairing=p, trainer=p.peer, answer="treats_me")

        # Active, agreement in force (agreed by both, review in four months).
        p = self._pairing(
            peer["Aisha Rahman"],
            prac["Dr Helen Carter"],
            today - timedelta(days=240),
            manager,
            status="active",
        )
        if p:
            self._agree(p, review=today + timedelta(days=120), both=True)

        # Active, agreement in force but due for review within a week.
        p = self._pairing(
            peer["Bethan Morgan"],
            prac["Funmi Okafor"],
            today - timedelta(days=400),
            manager,
            status="active",
        )
        if p:
            self._agree(p, review=today + timedelta(days=5), both=True)

        # Active after a manager's decision; agreement agreed by one so far.
        p = self._pairing(
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
            self._agree(p, review=today + timedelta(days=150), both=False)

        # Ended after a year together.
        p = self._pairing(
            peer["Marcus Ellison"],
            prac["Dr Rajesh Patel"],
            today - timedelta(days=430),
            manager,
            status="ended",
        )
        if p:
            p.end_date = today - timedelta(days=65)
            p.save(update_fields=["end_date"])
            self._agree(p, review=today - timedelta(days=70), both=True)

    def _pairing(self, peer, practitioner, start, manager, status="proposed", declared=None):
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

    def _agree(self, pairing: Pairing, *, review, both: bool) -> None:
        agreement = pairing.agreement
        texts = [
            "We talk privately after the session, the same day if we can. Either of us can "
            "ask for a college manager to join.",
            "We text each other as early as we can. If one of us cannot come, the other "
            "decides with the college whether to run the session alone or move it.",
            "We take turns to open sessions. Whoever knows a section best leads it, and the "
            "other adds their view.",
            "Each of us decides what we share about our own experience. We never share "
            "anything about each other without asking first.",
            "Ten minutes after every session: one thing that went well and one thing to "
            "try next time.",
        ]
        first = agreement.versions.get(number=1)
        sections = [
            {"heading": s["heading"], "text": texts[i % len(texts)]}
            for i, s in enumerate(first.sections)
        ]
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

    def _print_logins(self, created: int) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS(f"Demo college ready ({created} new accounts)."))
        out.write("")
        out.write(f"Every demo account's password: {DEMO_PASSWORD}")
        out.write(f"  College manager     {MANAGER[1]}@{DOMAIN}")
        out.write(f"  Peer Trainer        {_email(PEERS[1])}")
        out.write(f"  Practitioner        {_email(PRACTITIONERS[0][0])}")
        out.write(f"  Student             {_email(STUDENTS[0])}")
        out.write(f"  Awaiting a decision {_email('Tom Kowalski')} (peer in a proposed pairing)")
        out.write("")
