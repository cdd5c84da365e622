"""Translating pages in tests the way editors do in the admin: through wagtail-localize's
``TranslationSource`` / ``Translation``, with translated strings imported as a PO file."""

from __future__ import annotations

import pytest
from django.test import TestCase
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from consultations.locales import ensure_content_locales

LANGUAGES = [("en", "English"), ("ru", "Russian"), ("ky", "Kyrgyz"), ("fr", "French")]


@pytest.fixture(name="languages")
def four_languages(settings):
    """Four interface and content languages with their ``Locale`` rows, whatever the settings say."""
    settings.LANGUAGES = LANGUAGES
    settings.WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
    ensure_content_locales()
    return [code for code, _ in LANGUAGES]


def translate(page: Page, language: str, strings: dict[str, str] | None = None, *, publish: bool = True) -> Page:
    """Translate ``page`` (again) into ``language``: source strings missing from ``strings`` stay
    in the original's words, as in wagtail-localize's editor. Returns the translated page."""
    page = page.specific
    locale = Locale.objects.get(language_code=language)
    source, _ = TranslationSource.update_or_create_from_instance(page)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    if strings:
        po = translation.export_po()
        for entry in po:
            entry.msgstr = strings.get(entry.msgid, entry.msgstr)
        translation.import_po(po)
    # Publishing happens on commit; the test's transaction never commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=publish)
    return page.get_translation(locale).specific


def translate_tree(home: Page, index: Page, language: str) -> tuple[Page, Page]:
    """The home page and consultation index in ``language``, published: the locale's own tree."""
    return translate(home, language), translate(index, language)
