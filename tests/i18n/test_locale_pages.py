"""The main pages in every interface language: marked with their language, the switcher showing it,
and no interface text left in English.

``test_no_interface_text_is_left_in_english`` fails for a language until its catalogue is complete
and compiled. The tests at the end show that it passes for a complete catalogue and names exactly
what a catalogue lacks, using a fake one (every msgid of the code, pseudo-translated) in a temporary
``LOCALE_PATHS``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from consultations.services import comment_create
from tests.factories import ConsultationIndexPageFactory, ConsultationPageFactory, UserFactory
from tests.i18n import catalogues, page_text
from youthvoice.languages import url_in_language

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
ENGLISH_CATALOGUE = catalogues.ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMMENT = "Benches and brighter lamps along the river path"


@pytest.fixture
def site(home_page) -> dict[str, object]:
    """Content in English (the original), a participant and a comment with a reply."""
    index = ConsultationIndexPageFactory(parent=home_page)
    consultation = ConsultationPageFactory(parent=index)
    author = UserFactory(display_name="Calm Comet")
    question = consultation.questions.get()
    comment = comment_create(author=author, consultation=consultation, question_id=question.pk, body=COMMENT)
    comment_create(
        author=UserFactory(display_name="Swift Lynx"), consultation=consultation, question_id=question.pk,
        body="And a bus stop that is lit", parent_id=comment.pk,
    )  # fmt: skip
    return {"index": index, "consultation": consultation, "participant": author}


def render_pages(client: Client, site: dict[str, object], language: str) -> dict[str, str]:
    """The home page, the consultation index, a consultation page with comments, sign-up, login and
    the account page, in ``language``."""
    with translation.override(language):
        anonymous = {
            "home": f"/{language}/",
            "index": url_in_language(site["index"].url, language),
            "consultation": url_in_language(site["consultation"].url, language),
            "signup": reverse("account_signup"),
            "login": reverse("account_login"),
        }
        account = reverse("account_overview")
    pages = {}
    for name, url in anonymous.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        pages[name] = response.content.decode()
    client.force_login(site["participant"])
    response = client.get(account)
    assert response.status_code == 200, (account, response.status_code)
    pages["account"] = response.content.decode()
    assert COMMENT in pages["consultation"]
    return pages


def untranslated_on(pages: dict[str, str], language: str, *, locale_dir: Path | None = None) -> dict[str, list[str]]:
    english = catalogues.read_po(ENGLISH_CATALOGUE)
    own = catalogues.catalogue_path(language, "django", locale_dir=locale_dir)
    phrases = page_text.english_phrases(english, catalogues.read_po(own) if own.exists() else [])
    found = {name: page_text.untranslated(html, phrases) for name, html in pages.items()}
    return {name: phrases for name, phrases in found.items() if phrases}


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_say_which_language_they_are_in(client, site, language):
    for name, html in render_pages(client, site, language).items():
        (root,) = page_text.elements(html, tag="html")
        assert (root["lang"], root["dir"]) == (language, "ltr"), name
        current = page_text.elements(html, having="aria-current")
        marked = [element for element in current if element.get("class") == "language-switcher__current"]
        assert [(element["lang"], element["aria-current"]) for element in marked] == [(language, "true")], name


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != settings.LANGUAGE_CODE])
def test_no_interface_text_is_left_in_english(client, site, language):
    problems = untranslated_on(render_pages(client, site, language), language)
    listed = "\n".join(f"  {page}: {phrases}" for page, phrases in problems.items())
    assert not problems, f"English interface text on {language} pages (finish and compile its catalogue):\n{listed}"


def test_english_pages_pass_the_same_check(client, site):
    """English is the source language: its pages are the reference the others are compared with."""
    pages = render_pages(client, site, "en")
    assert untranslated_on(pages, "en") == {}
    # ...and the check does read those pages: treated as another language, English text is all there.
    phrases = page_text.english_phrases(catalogues.read_po(ENGLISH_CATALOGUE), [])
    assert "Skip to main content" in page_text.untranslated(pages["home"].replace('lang="en"', 'lang="xx"'), phrases)


# --- The check passes for a complete catalogue and names what is missing --------------------


# In the footer of every page, and in no other project's catalogue (Wagtail's, say, which would
# translate it anyway).
LEFT_OUT = "Only your display name is ever shown next to what you write."


@pytest.fixture
def fake_russian(tmp_path, settings, home_page):
    """A complete Russian catalogue, pseudo-translated from every msgid in the code but one, and the
    home page's headline translated as an editor would (it is content, stored in English)."""
    settings.LOCALE_PATHS = [tmp_path]
    catalogues.write_pseudo_catalogue(tmp_path, "ru", catalogues.extracted_keys("django"), leave_out=[LEFT_OUT])
    home_page.hero_heading = catalogues.pseudo_translate(home_page.hero_heading)
    home_page.save_revision().publish()
    return tmp_path


def test_a_complete_catalogue_passes_and_a_missing_message_is_named(client, site, fake_russian):
    pages = render_pages(client, site, "ru")
    assert catalogues.pseudo_translate("How it works") in pages["home"]  # the fake catalogue is in use
    assert untranslated_on(pages, "ru", locale_dir=fake_russian) == {name: [LEFT_OUT] for name in pages}
