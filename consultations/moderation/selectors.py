"""Reads for moderators: the queue (keyset-paged, constant queries) and the audit log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils.dateparse import parse_datetime

from consultations.models import Comment
from consultations.moderation.models import Flag, ModerationAction
from consultations.moderation.scope import consultations_moderated_by
from youthvoice.accounts.age import MINOR_BANDS

PAGE_SIZE = 20
AGE_GROUPS = ("minor", "adult")


@dataclass
class QueueFilters:
    consultation: int | None = None
    reason: str = ""
    age_group: str = ""
    comment: int | None = None


@dataclass
class KeysetPage:
    items: list = field(default_factory=list)
    next_cursor: str = ""


def _cursor(moment: datetime, pk: int) -> str:
    return f"{moment.isoformat()}|{pk}"


def _parse_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    moment, _, pk = (cursor or "").partition("|")
    parsed = parse_datetime(moment) if moment else None
    return (parsed, int(pk)) if parsed and pk.isdigit() else None


def queue_page(*, organisation_ids: list[int], filters: QueueFilters, cursor: str | None = None) -> KeysetPage:
    """Items waiting for a moderator of these organisations, oldest first: two queries at any size."""
    items: QuerySet[Comment] = Comment.objects.filter(
        in_queue=True, consultation__in=consultations_moderated_by(organisation_ids).values("pk")
    )
    if filters.comment:
        items = items.filter(pk=filters.comment)
    if filters.consultation:
        items = items.filter(consultation_id=filters.consultation)
    if filters.reason:
        items = items.filter(held_for__contains=filters.reason)
    if filters.age_group == "minor":
        items = items.filter(author_age_band__in=MINOR_BANDS)
    elif filters.age_group == "adult":
        items = items.exclude(author_age_band__in=MINOR_BANDS)
    after = _parse_cursor(cursor)
    if after:
        items = items.filter(Q(queued_at__gt=after[0]) | Q(queued_at=after[0], pk__gt=after[1]))
    rows = list(
        items.select_related("consultation", "question", "author", "claimed_by")
        .prefetch_related(Prefetch("flags", queryset=Flag.objects.only("comment_id", "reason")))
        .order_by("queued_at", "pk")[: PAGE_SIZE + 1]
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return KeysetPage(items=rows, next_cursor=_cursor(rows[-1].queued_at, rows[-1].pk) if more else "")


def log_page(*, organisation_ids: list[int], organisation: int | None = None, cursor: str | None = None) -> KeysetPage:
    """The audit log of these organisations, newest first."""
    entries = ModerationAction.objects.filter(organisation_id__in=organisation_ids)
    if organisation:
        entries = entries.filter(organisation_id=organisation)
    before = _parse_cursor(cursor)
    if before:
        entries = entries.filter(Q(created_at__lt=before[0]) | Q(created_at=before[0], pk__lt=before[1]))
    rows = list(
        entries.select_related("actor", "organisation", "consultation", "subject").order_by("-created_at", "-pk")[
            : PAGE_SIZE * 2 + 1
        ]
    )
    more = len(rows) > PAGE_SIZE * 2
    rows = rows[: PAGE_SIZE * 2]
    return KeysetPage(items=rows, next_cursor=_cursor(rows[-1].created_at, rows[-1].pk) if more else "")
