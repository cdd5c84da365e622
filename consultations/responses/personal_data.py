"""The response loop in "Download my data" (see accounts/data_rights.py).

Nothing to erase by hand: deleting an account deletes its notices (ON DELETE CASCADE) and unlinks the
responses it wrote or published (SET_NULL), which stay public as the organisation's answer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from consultations.responses.models import Response, ResponseNotice
from youthvoice.accounts.data_rights import PersonalData, register
from youthvoice.accounts.models import User


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _export_responses(user: User) -> list[dict[str, Any]]:
    written = Response.objects.filter(Q(author=user) | Q(published_by=user)).select_related("consultation")
    return [
        {
            "consultation": response.consultation.title,
            "last_saved_by_you": response.author_id == user.pk,
            "published_by_you": response.published_by_id == user.pk,
            "published": _iso(response.published_at),
        }
        for response in written.order_by("id")
    ]


def _export_notices(user: User) -> list[dict[str, Any]]:
    notices = ResponseNotice.objects.filter(user=user).select_related("response__consultation").order_by("id")
    return [
        {
            "consultation": notice.response.consultation.title,
            "told": _iso(notice.created_at),
            "dismissed": _iso(notice.seen_at),
        }
        for notice in notices
    ]


def register_sections() -> None:
    register(PersonalData("consultation_responses_written", _export_responses))
    register(PersonalData("response_notices", _export_notices))
