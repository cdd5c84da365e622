"""What the consultation page needs to show one question's discussion (read from the query string)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from consultations.models import COMMENT_MAX_LENGTH, ConsultationQuestion
from consultations.moderation.reasons import Reason
from consultations.pages import ConsultationPage
from consultations.selectors import ORDER_LABELS, Order, comment_page


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def discussion_context(
    request: HttpRequest, page: ConsultationPage, questions: list[ConsultationQuestion]
) -> dict[str, Any]:
    if not questions:
        return {}
    by_id = {question.pk: question for question in questions}
    active = by_id.get(_int(request.GET.get("question")) or 0, questions[0])
    try:
        order = Order(request.GET.get("order", Order.NEWEST))
    except ValueError:
        order = Order.NEWEST
    return {
        "active_question": active,
        "order": order,
        "orders": list(ORDER_LABELS.items()),
        "discussion": comment_page(
            question_id=active.pk, viewer=request.user, order=order, cursor=request.GET.get("after")
        ),
        # A fresh key per rendered form: a double-submitted form creates one comment.
        "form_key": uuid.uuid4().hex,
        "edit_id": _int(request.GET.get("edit")),
        "edit_cutoff": timezone.now() - timedelta(minutes=settings.YOUTHVOICE_EDIT_MINUTES),
        "comment_max_length": COMMENT_MAX_LENGTH,
        "live_i18n": live_messages(),
        "report_reasons": Reason.choices,
    }


def live_messages() -> dict[str, str]:
    """Strings the page script shows, translated with the page (%s is filled in by the script)."""
    return {
        "one_new": gettext("1 new comment — show"),
        "many_new": gettext("%s new comments — show"),
        "new_comment": gettext("New comment by %s"),
        "new_reply": gettext("New reply by %s"),
        "posted": gettext("Your comment is posted."),
        "held": gettext("Sent. It will appear once a moderator has checked it."),
        "connection_lost": gettext("The connection dropped. Please try again."),
        "resync": gettext("Many updates were missed — reload the page"),
    }
