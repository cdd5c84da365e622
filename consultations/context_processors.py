"""Template context every page needs for navigation."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from consultations.pages import ConsultationIndexPage

# The index rarely moves; caching its URL keeps two queries off every page view.
_CACHE_SECONDS = 300


def _index_url(request: HttpRequest) -> str:
    key = f"nav:consultation-index-url:{get_language()}"
    url = cache.get(key)
    if url is None:
        index = ConsultationIndexPage.objects.live().order_by("path").first()
        url = (index.localized.get_url(request) if index else None) or "/"
        cache.set(key, url, _CACHE_SECONDS)
    return url


def navigation(request: HttpRequest) -> dict[str, object]:
    # Lazy: pages that never render the navigation (JSON, errors) do no work.
    return {"consultation_index_url": SimpleLazyObject(lambda: _index_url(request))}
