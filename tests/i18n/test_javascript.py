"""The scripts' words come from Django's JavaScript catalogue, served per language, cached, and loaded
by every page before its scripts without any inline script."""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

import pytest
import wagtail.admin

from tests.factories import ConsultationPageFactory
from tests.i18n import catalogues, page_text
from tests.i18n.catalogues import pseudo_translate as in_russian

pytestmark = pytest.mark.django_db

SCRIPTS = sorted((catalogues.ROOT / "static" / "js").glob("*.js"))


def test_the_catalogue_is_in_the_language_of_its_prefix(client, pseudo_russian, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/ru/jsi18n/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    script = response.content.decode()
    assert json.dumps(in_russian("Your comment is posted.")) in script
    assert json.dumps(in_russian("%s new item — show")) in script
    english = client.get("/en/jsi18n/").content.decode()
    assert json.dumps(in_russian("Your comment is posted.")) not in english


def test_it_holds_only_our_strings(client, pseudo_russian):
    """Not every installed app's: Wagtail's admin scripts alone would add hundreds of strings."""
    admin_catalogue = Path(wagtail.admin.__file__).parent / "locale" / "ru" / "LC_MESSAGES" / "djangojs.mo"
    with admin_catalogue.open("rb") as handle:
        admin_strings = [key for key in gettext.GNUTranslations(handle)._catalog if isinstance(key, str) and key]
    script = client.get("/ru/jsi18n/").content.decode()
    assert admin_strings and not any(json.dumps(text) in script for text in admin_strings[:50])


def test_it_is_cached_for_an_hour(client, pseudo_russian):
    first = client.get("/ru/jsi18n/")
    assert "max-age=3600" in first["Cache-Control"]
    assert client.get("/ru/jsi18n/").content == first.content


def test_pages_load_it_before_their_scripts_and_run_no_inline_script(client):
    html = client.get(ConsultationPageFactory().url).content.decode()
    scripts = page_text.elements(html, tag="script")
    sources = [script.get("src", "") for script in scripts]
    catalogue = sources.index("/en/jsi18n/")
    assert "defer" in scripts[catalogue]
    modules = [n for n, script in enumerate(scripts) if script.get("type") == "module"]
    assert modules and all(catalogue < n for n in modules)
    # The Content Security Policy allows no inline script: each one is a file, or data (JSON).
    assert all(script.get("src") or script.get("type") == "application/json" for script in scripts)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_every_sentence_in_the_scripts_is_translatable(script):
    """A quoted text of two words or more is a gettext/ngettext message (extracted for djangojs)."""
    messages = {text for _context, msgid, plural in catalogues.extracted_keys("djangojs") for text in (msgid, plural)}
    sentences = re.findall(
        r"\"([^\"\n]*[A-Za-z]+ [A-Za-z][^\"\n]*)\"|'([^'\n]*[A-Za-z]+ [A-Za-z][^'\n]*)'", script.read_text()
    )
    untranslatable = [text for pair in sentences for text in pair if text and text not in messages]
    assert not untranslatable, f"{script.name}: wrap these in gettext()/ngettext(): {untranslatable}"
