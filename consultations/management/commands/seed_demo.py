from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from consultations.demo import DEMO_PASSWORD, DEMO_USERS, seed_demo
from consultations.pages import ConsultationPage


class Command(BaseCommand):
    help = "Create demo consultations and one demo user per role (idempotent). Never for production."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when any consultation already exists (used by `make run`).",
        )

    def handle(self, *args: Any, if_empty: bool, **options: Any) -> None:
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("Demo users have published passwords: seed_demo refuses to run in production.")
        if if_empty and ConsultationPage.objects.exists():
            self.stdout.write("Consultations exist already; demo content not added.")
            return
        report = seed_demo()
        if not report.created:
            self.stdout.write("Demo content is complete; nothing to add.")
            return
        for item in report.created:
            self.stdout.write(f"  created {item}")
        self.stdout.write(self.style.SUCCESS(f"Demo users (password '{DEMO_PASSWORD}'):"))
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.role:<24} {user.email}")
