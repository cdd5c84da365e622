"""Reads that pages and consumers need. Each returns a fixed number of queries, whatever the data."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from consultations.models import Comment, Vote
from consultations.pages import ConsultationIndexPage, ConsultationPage, HomePage
from consultations.status import ConsultationStatus, status_filter
from consultations.translations import (
    discussion_owner_id,
    one_per_consultation,
    reader_language,
    under_translations_of,
    with_content_language,
)
from youthvoice.accounts.models import User


@dataclass(frozen=True)
class StatusSection:
    status: ConsultationStatus
    heading: str | Promise
    empty_message: str | Promise
    consultations: list[ConsultationPage]


def _consultations_under(root: Page) -> QuerySet[ConsultationPage]:
    """Published, public consultations under ``root`` and under its translations, annotated with
    the language of their text (``content_language``)."""
    pages = ConsultationPage.objects.live().public().filter(under_translations_of(root)).select_related("organisation")
    return with_content_language(pages)


def _for_reader(pages: QuerySet[ConsultationPage], order: str) -> list[ConsultationPage]:
    """Each consultation once, in the reader's language where translated, else as the original
    (its ``content_language`` then says which). Translations share their dates, so the order (with
    the translation key to keep a consultation's pages together) is the original's."""
    return one_per_consultation(list(pages.order_by(order, "translation_key", "pk")), reader_language())


def open_consultations(*, root: Page, limit: int, moment: datetime | None = None) -> list[ConsultationPage]:
    """Open consultations under ``root``, closing soonest first: what needs a voice now."""
    moment = moment or timezone.now()
    queryset = _consultations_under(root).filter(status_filter(ConsultationStatus.OPEN, moment=moment))
    return _for_reader(queryset, "closes_at")[:limit]


def consultations_by_status(*, root: Page, moment: datetime | None = None) -> list[StatusSection]:
    """Open (closing soonest first), upcoming (opening soonest first), closed (latest first); each
    consultation once, in the reader's language when it has been translated into it."""
    moment = moment or timezone.now()
    base = _consultations_under(root)
    plan = [
        (ConsultationStatus.OPEN, "closes_at", _("Open now"), _("No consultation is open right now.")),
        (ConsultationStatus.UPCOMING, "opens_at", _("Coming soon"), _("Nothing is scheduled yet.")),
        (ConsultationStatus.CLOSED, "-closes_at", _("Closed"), _("No consultation has closed yet.")),
    ]
    return [
        StatusSection(
            status=status,
            heading=heading,
            empty_message=empty,
            consultations=_for_reader(base.filter(status_filter(status, moment=moment)), order),
        )
        for status, order, heading, empty in plan
    ]


def consultation_index_for(*, home: HomePage) -> ConsultationIndexPage | None:
    return ConsultationIndexPage.objects.live().child_of(home).first()


def live_consultation(*, page_id: int) -> ConsultationPage | None:
    """The published, public consultation owning the discussion of page ``page_id`` (the page
    itself, or the original a translation was made from), or ``None``: what a WebSocket attaches
    to and forms write to."""
    translation_key = Page.objects.filter(pk=page_id).values("translation_key")[:1]
    page = ConsultationPage.objects.live().public().filter(pk=discussion_owner_id(translation_key)).first()
    if page is not None:
        page.discussion_page = page
    return page


# --- Discussion -------------------------------------------------------------------------------

PAGE_SIZE = 20


class Order(StrEnum):
    NEWEST = "newest"
    AGREED = "agreed"
    DIVISIVE = "divisive"


ORDER_LABELS = {
    Order.NEWEST: _("Newest"),
    Order.AGREED: _("Most agreed"),
    Order.DIVISIVE: _("Most divisive"),
}


@dataclass
class CommentPage:
    question_id: int
    order: Order
    comments: list[Comment]
    replies: dict[int, list[Comment]] = field(default_factory=dict)
    my_votes: dict[int, str] = field(default_factory=dict)
    next_cursor: str | None = None


def _visible_to(viewer: User | AnonymousUser) -> Q:
    """Published comments, placeholders of removed/hidden ones (replies stay readable), and the
    viewer's own comments waiting for review. Never contributions of authors whose guardian withdrew."""
    shown = Q(status__in=[Comment.Status.PUBLISHED, Comment.Status.REMOVED, Comment.Status.HIDDEN])
    if viewer.is_authenticated:
        shown |= Q(status=Comment.Status.PENDING, author=viewer)
    return shown & ~Q(author__contributions_hidden=True)


def _encode_cursor(value: object, pk: int) -> str:
    raw = json.dumps([value.isoformat() if isinstance(value, datetime) else value, pk])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, order: Order) -> tuple[object, int] | None:
    """``None`` for anything malformed: the first page is shown instead."""
    try:
        value, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if order == Order.NEWEST:
            value = datetime.fromisoformat(value)
        elif not isinstance(value, int):
            return None
        if not isinstance(pk, int):
            return None
    except (ValueError, TypeError):
        return None
    return value, pk


def comment_page(
    *,
    question_id: int,
    viewer: User | AnonymousUser,
    order: Order = Order.NEWEST,
    cursor: str | None = None,
    language: str = "",
) -> CommentPage:
    """One page of top-level comments with their replies and the viewer's votes: three queries,
    whatever the number of comments (keyset pagination, counters on the comment rows).

    ``language`` keeps the top-level comments written in it; their replies stay whole, whatever
    language they are in, so a conversation is never cut in half."""
    comments = Comment.objects.filter(_visible_to(viewer), question_id=question_id, parent=None).select_related(
        "author"
    )
    if language:
        comments = comments.filter(language=language)
    if order == Order.DIVISIVE:
        comments = comments.annotate(sort_key=Least("agree_count", "disagree_count"))
    sort_field = {Order.NEWEST: "created_at", Order.AGREED: "agree_count", Order.DIVISIVE: "sort_key"}[order]
    position = _decode_cursor(cursor, order) if cursor else None
    if position is not None:
        value, pk = position
        comments = comments.filter(Q(**{f"{sort_field}__lt": value}) | Q(**{sort_field: value, "id__lt": pk}))
    rows = list(comments.order_by(f"-{sort_field}", "-id")[: PAGE_SIZE + 1])
    page = CommentPage(question_id=question_id, order=order, comments=rows[:PAGE_SIZE])
    if len(rows) > PAGE_SIZE:
        last = page.comments[-1]
        page.next_cursor = _encode_cursor(getattr(last, sort_field), last.pk)
    ids = [comment.pk for comment in page.comments]
    if not ids:
        return page
    for reply in (
        Comment.objects.filter(_visible_to(viewer), parent_id__in=ids)
        .select_related("author")
        .order_by("created_at", "id")
    ):
        page.replies.setdefault(reply.parent_id, []).append(reply)
    if viewer.is_authenticated:
        page.my_votes = dict(Vote.objects.filter(voter=viewer, comment_id__in=ids).values_list("comment_id", "choice"))
    return page
