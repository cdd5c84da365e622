"""Reads that pages and consumers need. Each returns a fixed number of queries, whatever the data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from consultations.pages import ConsultationIndexPage, ConsultationPage, HomePage
from consultations.status import ConsultationStatus, status_filter


@dataclass(frozen=True)
class StatusSection:
    status: ConsultationStatus
    heading: str | Promise
    empty_message: str | Promise
    consultations: list[ConsultationPage]


def _consultations_under(root: Page) -> QuerySet[ConsultationPage]:
    return ConsultationPage.objects.live().public().descendant_of(root).select_related("organisation")


def open_consultations(*, root: Page, limit: int, moment: datetime | None = None) -> list[ConsultationPage]:
    """Open consultations under ``root``, closing soonest first: what needs a voice now."""
    moment = moment or timezone.now()
    queryset = _consultations_under(root).filter(status_filter(ConsultationStatus.OPEN, moment=moment))
    return list(queryset.order_by("closes_at")[:limit])


def consultations_by_status(*, root: Page, moment: datetime | None = None) -> list[StatusSection]:
    """Open (closing soonest first), upcoming (opening soonest first), closed (latest first)."""
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
            consultations=list(base.filter(status_filter(status, moment=moment)).order_by(order)),
        )
        for status, order, heading, empty in plan
    ]


def consultation_index_for(*, home: HomePage) -> ConsultationIndexPage | None:
    return ConsultationIndexPage.objects.live().child_of(home).first()


def live_consultation(*, page_id: int) -> ConsultationPage | None:
    """A published, public consultation by id, or ``None``: what a WebSocket may attach to."""
    return ConsultationPage.objects.live().public().filter(id=page_id).first()
