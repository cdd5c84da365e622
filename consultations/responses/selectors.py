"""Reads of the response loop: the consultation page's section, a participant's notices, the people to
notify. Each read has a fixed query cost, whatever the number of commitments or participants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from consultations.models import Comment, Vote
from consultations.pages import ConsultationPage
from consultations.responses.models import Response, ResponseNotice
from consultations.responses.permissions import may_respond_expression
from consultations.status import ConsultationStatus
from youthvoice.accounts.models import User

NOTICES_SHOWN = 3


def response_due_at(consultation: ConsultationPage) -> datetime:
    """The organisers owe participants a published response this long after closing."""
    return consultation.closes_at + timedelta(days=settings.YOUTHVOICE_RESPONSE_DUE_DAYS)


@dataclass(frozen=True)
class ResponseSection:
    """What the consultation page shows about the response."""

    response: Response | None  # published only, with its commitments
    has_draft: bool  # written but not published (told only to those who may publish it)
    may_respond: bool
    status: ConsultationStatus
    due_at: datetime
    now: datetime

    @property
    def is_late(self) -> bool:
        return self.response is None and self.status == ConsultationStatus.CLOSED and self.now >= self.due_at


_RESPONSE_COLUMNS = [f"response__{field.name}" for field in Response._meta.concrete_fields]


def response_section(*, consultation: ConsultationPage, viewer: User | AnonymousUser) -> ResponseSection:
    """One query, anchored on the consultation so that it returns a row with or without a response:
    the response, who published it and whether ``viewer`` may write it. A published response's
    commitments take a second query."""
    now = timezone.now()
    row = None
    if consultation.pk is not None:  # an unsaved page in the editor's preview has no response
        row = (
            ConsultationPage.objects.filter(pk=consultation.pk)
            .select_related("response__published_by")
            .only("pk", *_RESPONSE_COLUMNS, "response__published_by__display_name")
            .annotate(may_respond=may_respond_expression(viewer, consultation))
            .order_by()
            .first()
        )
    response = None
    if row is not None:
        try:
            response = row.response
        except Response.DoesNotExist:
            response = None
    published = response if response is not None and response.is_published else None
    if published is not None:
        published.consultation = consultation  # its organisation is loaded with the page
        prefetch_related_objects([published], "commitments")
    return ResponseSection(
        response=published,
        has_draft=response is not None and published is None,
        may_respond=bool(row is not None and row.may_respond),
        status=consultation.status_at(now),
        due_at=response_due_at(consultation),
        now=now,
    )


def response_for_editing(*, consultation: ConsultationPage) -> Response | None:
    return (
        Response.objects.filter(consultation=consultation)
        .select_related("published_by")
        .prefetch_related("commitments")
        .first()
    )


def unseen_notices(*, user: User | AnonymousUser) -> list[ResponseNotice]:
    """Nothing to ask for anonymous visitors; one query for a signed-in person."""
    if not user.is_authenticated:
        return []
    return list(
        ResponseNotice.objects.filter(user_id=user.pk, seen_at__isnull=True)
        .select_related("response__consultation__organisation", "response__published_by")
        .order_by("-created_at", "-id")[:NOTICES_SHOWN]
    )


def participants(*, consultation_id: int) -> QuerySet[User]:
    """Active people who commented on or voted in the consultation, each once. Imported placeholder
    accounts are inactive and left out. Two hashed sub-queries, so one pass over the users table."""
    authors = Comment.objects.filter(consultation_id=consultation_id, author__isnull=False).values("author_id")
    voters = Vote.objects.filter(comment__consultation_id=consultation_id, voter__isnull=False).values("voter_id")
    return User.objects.filter(Q(pk__in=authors) | Q(pk__in=voters), is_active=True)
