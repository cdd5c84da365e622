"""Wagtail ``Locale`` rows follow the settings: one per content language, so editors can translate
into every language the platform is configured for without a manual step in the admin.

Run after every ``migrate`` (``apps.py``), so adding a language to ``WAGTAIL_CONTENT_LANGUAGES``
needs no migration; a language removed from the settings keeps its row (and its pages).
"""

from __future__ import annotations

from typing import Any

from wagtail.coreutils import get_content_languages


def ensure_content_locales(locale_model: Any = None, using: str = "default") -> list[str]:
    """Create the missing ``Locale`` rows; return their language codes. ``locale_model`` is the
    historical model when called from a migration signal."""
    if locale_model is None:
        from wagtail.models import Locale as locale_model
    existing = set(locale_model.objects.using(using).values_list("language_code", flat=True))
    missing = [code for code in get_content_languages() if code not in existing]
    locale_model.objects.using(using).bulk_create([locale_model(language_code=code) for code in missing])
    return missing
