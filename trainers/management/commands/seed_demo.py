"""A believable demo college for `make run`. Idempotent: running it twice changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from recovery_college.accounts.models import User
from recovery_college.accounts.services import manager_grant
from trainers.models import Trainer

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
        return created

    def _print_logins(self, created: int) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS(f"Demo college ready ({created} new accounts)."))
        out.write("")
        out.write(f"Every demo account's password: {DEMO_PASSWORD}")
        out.write(f"  College manager     {MANAGER[1]}@{DOMAIN}")
        out.write(f"  Peer Trainer        {_email(PEERS[0])}")
        out.write(f"  Practitioner        {_email(PRACTITIONERS[0][0])}")
        out.write(f"  Student             {_email(STUDENTS[0])}")
        out.write("")
