"""Template tags that let shared templates show the response loop without touching page code:
``{% consultation_response page as section %}`` and ``{% unseen_response_notices as notices %}``."""

from __future__ import annotations

from typing import Any

from django import template

from consultations.pages import ConsultationPage
from consultations.responses.models import ResponseNotice
from consultations.responses.selectors import ResponseSection, response_section, unseen_notices

register = template.Library()


def _viewer(context: template.Context) -> Any:
    request = context.get("request")
    return request.user if request is not None else context.get("user")


@register.simple_tag(takes_context=True)
def consultation_response(context: template.Context, consultation: ConsultationPage) -> ResponseSection:
    """The consultation's published response and what the viewer may do: one query, two with a
    published response."""
    return response_section(consultation=consultation, viewer=_viewer(context))


@register.simple_tag(takes_context=True)
def unseen_response_notices(context: template.Context) -> list[ResponseNotice]:
    """No query for anonymous visitors, one for a signed-in person."""
    viewer = _viewer(context)
    return unseen_notices(user=viewer) if viewer is not None else []
