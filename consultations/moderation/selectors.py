"""Reads for moderators: the queue (keyset-paged, constant queries) and the audit log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils.dateparse import parse_datetime

from consultations.models import Comment
from consultations.moderation.models import Flag, ModerationAction
from youthvoice.accounts.age import MINOR_BANDS

PAGE_SIZE = 20
AGE_GROUPS = ("minor", "adult")


@dataclass
class QueueFilters:
    consultation: int | None = None
    reason: str = ""
    age_group: str = ""
    comment: int | None = None
    language: str = ""  # the language comments are written in (one of settings.LANGUAGES)


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


# Only what a queue item shows: a page row carries the whole StreamField body otherwise.
_ITEM_FIELDS = (
    "consultation_id", "question_id", "author_id", "body", "status", "author_age_band", "queued_at",
    "held_for", "flag_count", "claimed_by_id", "language", "consultation__title", "question__text",
    "author__display_name", "claimed_by__display_name",
)  # fmt: skip


def queue_page(*, consultation_ids: list[int], filters: QueueFilters, cursor: str | None = None) -> KeysetPage:
    """Items waiting in these consultations, oldest first: three queries at any size.

    The consultations come as a list of ids (the caller has them for its filter menu), so the
    planner walks the partial queue index in order and stops after a page, instead of joining the
    whole queue to its pages before sorting.
    """
    if filters.consultation:
        consultation_ids = [pk for pk in consultation_ids if pk == filters.consultation]
    items: QuerySet[Comment] = Comment.objects.filter(in_queue=True, consultation_id__in=consultation_ids)
    if filters.comment:
        items = items.filter(pk=filters.comment)
    if filters.reason:
        items = items.filter(held_for__contains=filters.reason)
    if filters.language:
        items = items.filter(language=filters.language)
    if filters.age_group == "minor":
        items = items.filter(author_age_band__in=MINOR_BANDS)
    elif filters.age_group == "adult":
        items = items.exclude(author_age_band__in=MINOR_BANDS)
    after = _parse_cursor(cursor)
    if after:  # (queued_at, id) > cursor, in a form that lets the index start at the cursor
        items = items.filter(queued_at__gte=after[0]).exclude(queued_at=after[0], pk__lte=after[1])
    # First the page's ids, from the comments alone: with no joins to weigh, the planner walks the
    # partial queue index in order and stops after a page, whatever its statistics say.
    ids = list(items.order_by("queued_at", "pk").values_list("pk", flat=True)[: PAGE_SIZE + 1])
    rows = list(
        Comment.objects.filter(pk__in=ids[:PAGE_SIZE])
        .select_related("consultation", "question", "author", "claimed_by")
        .only(*_ITEM_FIELDS)
        .prefetch_related(Prefetch("flags", queryset=Flag.objects.only("comment_id", "reason")))
        .order_by("queued_at", "pk")
    )
    more = len(ids) > PAGE_SIZE
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
