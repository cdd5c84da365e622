"""Queue the digests that are due: run daily (cron, or a scheduler) next to ``manage.py db_worker``.

- A consultation that is open and followed gets a weekly digest covering everything up to the start
  of the current week (Monday 00:00 in ``TIME_ZONE``): the same week always gives the same digest.
- A closed, followed consultation gets its final digest, covering everything up to its closing time.
Generation is idempotent (one digest per consultation, kind and period), so running this twice, or
every hour, queues nothing new. Drafts wait for the organisers' sign-off before anything is sent.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from consultations.digests.models import Digest, Subscription
from consultations.digests.services import digest_key
from consultations.digests.tasks import generate_digest
from consultations.pages import ConsultationPage
from consultations.translations import discussion_owners


def week_start(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    monday = local.date() - timedelta(days=local.weekday())
    return timezone.make_aware(datetime.combine(monday, time.min), timezone.get_current_timezone())


def due_digests(moment: datetime) -> list[tuple[ConsultationPage, str, datetime]]:
    followed_pages = Subscription.objects.filter(consultation__isnull=False).values("consultation_id")
    followed_orgs = Subscription.objects.filter(organisation__isnull=False).values("organisation_id")
    # Translations share their original's discussion: one digest per consultation, not per language.
    pages = discussion_owners(ConsultationPage.objects.live()).filter(
        Q(pk__in=followed_pages) | Q(organisation_id__in=followed_orgs), opens_at__lte=moment
    )
    due = []
    for page in pages:
        if page.closes_at <= moment:
            due.append((page, Digest.Kind.FINAL, page.closes_at))
        elif page.opens_at < week_start(moment):
            due.append((page, Digest.Kind.WEEKLY, week_start(moment)))
    existing = set(
        Digest.objects.filter(
            key__in=[digest_key(consultation_id=p.pk, kind=k, until=u) for p, k, u in due]
        ).values_list("key", flat=True)
    )
    return [(p, k, u) for p, k, u in due if digest_key(consultation_id=p.pk, kind=k, until=u) not in existing]


class Command(BaseCommand):
    help = "Queue the weekly and final digests that are due (idempotent; run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        due = due_digests(timezone.now())
        for page, kind, until in due:
            generate_digest.enqueue(consultation_id=page.pk, kind=kind, until=until.isoformat())
        self.stdout.write(f"{len(due)} digest(s) queued.")
