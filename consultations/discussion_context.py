"""What the consultation page needs to show one question's discussion (read from the query string)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from consultations.models import COMMENT_MAX_LENGTH
from consultations.moderation.reasons import Reason
from consultations.pages import ConsultationPage
from consultations.selectors import ORDER_LABELS, Order, comment_page
from consultations.translations import (
    DiscussionQuestion,
    interface_language,
    is_offered_language,
    language_name,
)
from youthvoice.languages import language_choices


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def discussion_context(
    request: HttpRequest, page: ConsultationPage, questions: list[DiscussionQuestion]
) -> dict[str, Any]:
    """``page`` owns the discussion (a translation passes its original, see translations.py)."""
    if not questions:
        return {}
    by_id = {question.pk: question for question in questions}
    active = by_id.get(_int(request.GET.get("question")) or 0, questions[0])
    try:
        order = Order(request.GET.get("order", Order.NEWEST))
    except ValueError:
        order = Order.NEWEST
    # ?lang=ky shows only comments written in Kyrgyz; anything not offered shows every comment.
    language = request.GET.get("lang", "")
    language = language if is_offered_language(language) else ""
    return {
        "active_question": active,
        "order": order,
        "orders": list(ORDER_LABELS.items()),
        "discussion": comment_page(
            question_id=active.pk, viewer=request.user, order=order, cursor=request.GET.get("after"), language=language
        ),
        "language_filter": language,
        "comment_languages": language_choices(),
        # Preselected in the comment form: the language the person is reading the page in.
        "comment_language": interface_language(),
        # A fresh key per rendered form: a double-submitted form creates one comment.
        "form_key": uuid.uuid4().hex,
        "edit_id": _int(request.GET.get("edit")),
        "edit_cutoff": timezone.now() - timedelta(minutes=settings.YOUTHVOICE_EDIT_MINUTES),
        "comment_max_length": COMMENT_MAX_LENGTH,
        "live_i18n": live_messages(),
        "report_reasons": Reason.choices,
    }


def live_messages() -> dict[str, str]:
    """Data the page script needs in the page's language. Its fixed sentences are in the JavaScript
    catalogue (static/js/consultation-live.js calls gettext)."""
    return {
        # Names for the label on live comments written in another language than the page's.
        **{f"language:{code}": language_name(code) for code in dict(settings.LANGUAGES)},
    }
