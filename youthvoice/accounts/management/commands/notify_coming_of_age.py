from typing import Any

from django.core.management.base import BaseCommand

from youthvoice.accounts.services import coming_of_age_notify


class Command(BaseCommand):
    help = (
        "Tell young people who no longer need a guardian's consent, and their guardians, that the "
        "guardian link has ended. Run once a day (cron or a scheduler)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        told = coming_of_age_notify()
        self.stdout.write(f"{told} participant(s) told that guardian consent no longer applies.")
