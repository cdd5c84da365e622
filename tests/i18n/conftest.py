from __future__ import annotations

from pathlib import Path

import pytest

from tests.i18n import catalogues


@pytest.fixture(scope="session")
def _pseudo_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Compiled fake catalogues (every msgid of the code, pseudo-translated): "Log in" is "Ļöĝ îñ"."""
    locale_dir = tmp_path_factory.mktemp("pseudo-locale")
    for domain in catalogues.DOMAINS:
        catalogues.write_pseudo_catalogue(locale_dir, "ru", catalogues.extracted_keys(domain), domain=domain)
    return locale_dir


@pytest.fixture
def pseudo_russian(settings, _pseudo_locale: Path) -> Path:
    """Russian reads as pseudo-translated English, so a test sees which language text was made in
    before the real catalogues are finished (changing LOCALE_PATHS reloads the translations)."""
    settings.LOCALE_PATHS = [_pseudo_locale]
    return _pseudo_locale
