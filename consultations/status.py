"""A consultation's status is derived from its dates, never stored: one rule, used in Python and SQL."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ConsultationStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


def status_at(*, opens_at: datetime, closes_at: datetime, moment: datetime) -> ConsultationStatus:
    """Open on [opens_at, closes_at): the opening instant is open, the closing instant is closed."""
    if moment < opens_at:
        return ConsultationStatus.UPCOMING
    if moment < closes_at:
        return ConsultationStatus.OPEN
    return ConsultationStatus.CLOSED


def status_filter(status: ConsultationStatus, *, moment: datetime) -> Q:
    """The same rule as :func:`status_at`, as a query condition on consultation pages."""
    if status == ConsultationStatus.UPCOMING:
        return Q(opens_at__gt=moment)
    if status == ConsultationStatus.OPEN:
        return Q(opens_at__lte=moment, closes_at__gt=moment)
    return Q(closes_at__lte=moment)
