"""The interface languages: which ones we offer, how each is named, and the same page in each.

Which language a person sees (docs/i18n.md): the URL prefix (``/fr/...``) first; on a URL without one,
a signed-in person's saved preference (``youthvoice.middleware.PreferredLanguageMiddleware``), then
the language cookie or the browser's Accept-Language (Django's ``LocaleMiddleware``), then English.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.text import capfirst


def supported_language(code: str | None) -> str | None:
    """``code`` as it appears in ``settings.LANGUAGES`` ("sr-Latn" → "sr-latn"), or None if not offered."""
    if not code:
        return None
    code = code.lower()
    return code if code in dict(settings.LANGUAGES) else None


def recipient_language(code: str | None) -> str:
    """The language to write to someone in: theirs when we offer it, otherwise the site's default.

    Activating a language we do not offer would also put its code into every link (``/xx/...``),
    which the site would not serve.
    """
    return supported_language(code) or settings.LANGUAGE_CODE


def url_in_language(url: str, language: str) -> str:
    """A URL of this site (path or absolute) in ``language``: ``/en/accounts/me/`` → ``/ru/accounts/me/``.

    ``translate_url`` only resolves a URL in the active language, so the URL's own prefix is made
    active first. A URL with no equivalent (outside the language prefixes, unknown) comes back as is.
    """
    own = translation.get_language_from_path(urlsplit(url).path)
    with translation.override(own or translation.get_language()):
        return translate_url(url, language)


def own_name(code: str) -> str:
    """The language named in itself ("Русский", "Français"): what a reader looks for in a list."""
    return capfirst(translation.get_language_info(code)["name_local"])


def language_choices() -> list[tuple[str, str]]:
    """Choices for a language field, each named in itself as in the switcher: a reader finds their
    own language whatever the page's (the form marks each option with its ``lang``)."""
    return [(code, own_name(code)) for code, _name in settings.LANGUAGES]


@dataclass(frozen=True, slots=True)
class LanguageLink:
    code: str
    name: str  # in the language itself
    url: str  # the current page in this language, or this language's home page
    absolute_url: str  # the same, with scheme and host (for <link rel="alternate">)
    is_current: bool
    # False when the current page has no address in this language (an error page, say): ``url`` is
    # then the language's home page, which is no alternate of this page.
    is_translation: bool


def language_links(request: HttpRequest | None) -> list[LanguageLink]:
    """The current page in every interface language, for the switcher and ``<link rel="alternate">``.

    Costs no query: ``translate_url`` resolves the path and reverses it under each language prefix.
    """
    current = translation.get_language()
    path = request.get_full_path() if request is not None else ""
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code) if path else ""
        is_translation = bool(url) and (url != path or code == current)
        if not is_translation:
            with translation.override(code):
                url = reverse("wagtail_serve", args=[""])
        links.append(
            LanguageLink(
                code=code,
                name=own_name(code),
                url=url,
                absolute_url=request.build_absolute_uri(url) if request is not None else url,
                is_current=code == current,
                is_translation=is_translation,
            )
        )
    return links
