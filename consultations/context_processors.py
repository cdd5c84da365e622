"""Template context every page needs for navigation."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from consultations.pages import ConsultationIndexPage


def _index_url(request: HttpRequest) -> str:
    index = ConsultationIndexPage.objects.live().order_by("path").first()
    if index is None:
        return "/"
    return index.localized.get_url(request) or "/"


def navigation(request: HttpRequest) -> dict[str, object]:
    # Lazy: pages that never render the navigation (JSON, errors) pay no query.
    return {"consultation_index_url": SimpleLazyObject(lambda: _index_url(request))}
