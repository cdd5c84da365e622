"""``{% language_links as interface_languages %}``: the current page in every interface language (base.html)."""

from __future__ import annotations

from typing import Any

from django import template

from youthvoice.languages import LanguageLink, language_links

register = template.Library()


@register.simple_tag(name="language_links", takes_context=True)
def language_links_tag(context: dict[str, Any]) -> list[LanguageLink]:
    # Pages rendered without a request (the 500 page) still get the switcher, pointing at each home page.
    return language_links(context.get("request"))
