"""Reads of the response loop: the consultation page's section, a participant's notices, the people to
notify. Each read has a fixed query cost, whatever the number of commitments or participants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet, prefetch_related_objects
from django.utils import timezone

from consultations.models import Comment, Vote
from consultations.pages import ConsultationPage
from consultations.responses.models import Response, ResponseNotice
from consultations.responses.permissions import can_respond
from consultations.status import ConsultationStatus
from youthvoice.accounts.auth_backends import HAS_UNSEEN_NOTICES, MAY_RESPOND_SOMEWHERE
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


def response_section(*, consultation: ConsultationPage, viewer: User | AnonymousUser) -> ResponseSection:
    """One query, anchored on the consultation so that it returns a row with or without a response:
    the response, who published it and whether ``viewer`` may write it. A published response's
    commitments take a second query."""
    now = timezone.now()
    response = None
    if consultation.pk is not None:  # an unsaved page in the editor's preview has no response
        try:
            # Loaded with the page when it is routed (ConsultationIndexPage.route): no query then.
            response = consultation.response
        except Response.DoesNotExist:
            response = None
    # Most signed-in people may answer no consultation at all, which the user row already says.
    may = viewer.is_authenticated and getattr(viewer, MAY_RESPOND_SOMEWHERE, True) is not False
    may_respond = may and can_respond(viewer, consultation)
    published = response if response is not None and response.is_published else None
    if published is not None:
        published.consultation = consultation  # its organisation is loaded with the page
        prefetch_related_objects([published], "commitments")
    return ResponseSection(
        response=published,
        has_draft=response is not None and published is None,
        may_respond=may_respond,
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
    if not user.is_authenticated or getattr(user, HAS_UNSEEN_NOTICES, True) is False:
        return []  # the signed-in user was loaded knowing they have none (auth_backends.py)
    return list(
        ResponseNotice.objects.filter(user_id=user.pk, seen_at__isnull=True)
        .select_related("response__consultation__organisation", "response__published_by")
        .order_by("-created_at", "-id")[:NOTICES_SHOWN]
    )


def participants(*, consultation_id: int) -> QuerySet[User]:
    """Active people who commented on or voted in the consultation, each once. Imported placeholder
    accounts are inactive and left out. One UNION sub-query: two ``IN`` sub-queries joined by ``OR``
    made PostgreSQL scan the votes once per person (30 s at a million votes; 1 s this way)."""
    authors = Comment.objects.filter(consultation_id=consultation_id, author__isnull=False).order_by()
    voters = Vote.objects.filter(comment__consultation_id=consultation_id, voter__isnull=False).order_by()
    return User.objects.filter(pk__in=authors.values("author_id").union(voters.values("voter_id")), is_active=True)
