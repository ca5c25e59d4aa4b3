"""A believable demo college for `make run`. Idempotent: running it twice changes nothing.

Each installed app seeds its own part through its AppConfig's `seed_demo(demo)`, in the
order of INSTALLED_APPS (accounts, then trainers, then workshops), sharing one `Demo`:
so the project imports no app, and each app knows only what it builds on."""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from recovery_college.accounts.models import User

DEMO_PASSWORD = "demo-college-2026"  # noqa: S105 - printed for the demo; never in production
DOMAIN = "demo.example.org"


@dataclass
class Demo:
    """What the apps' seed steps share: who was made, and the log-ins to print."""

    domain: str = DOMAIN
    created: int = 0
    manager: User | None = None
    student_emails: list[str] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)

    def email_of(self, full_name: str) -> str:
        local = full_name.lower().replace("dr ", "").replace("'", "").replace(" ", ".")
        return f"{local}@{self.domain}"

    def user(self, full_name: str, email: str | None = None) -> User:
        """The demo person with this name, made with the demo password if new."""
        email = email or self.email_of(full_name)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, full_name=full_name
            )
            self.created += 1
        return user


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
        demo = Demo()
        with transaction.atomic():
            for config in apps.get_app_configs():
                seed = getattr(config, "seed_demo", None)
                if seed is not None:
                    seed(demo)
        out = self.stdout
        out.write(self.style.SUCCESS(f"Demo college ready ({demo.created} new accounts)."))
        out.write("")
        out.write(f"Every demo account's password: {DEMO_PASSWORD}")
        order = ["College manager", "Peer Trainer", "Practitioner", "Student"]
        logins = sorted(
            demo.logins, key=lambda login: order.index(login[0]) if login[0] in order else 99
        )
        for label, email in logins:
            out.write(f"  {label:<19} {email}")
        out.write("")
