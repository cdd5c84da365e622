"""Respectful terminology: which listed security labels a consultation's public text uses.

Labels such as "CVE", "violent extremism" or "radicalisation" stigmatise the communities a consultation
speaks to, while locally rooted framings (community safety, belonging, youth opportunities) invite
dialogue (DESIGN.md §1). The list lives in ``settings.YOUTHVOICE_SENSITIVE_TERMS``, per content
language, with suggested alternatives. Finding a term is advice for the editor: nothing here blocks,
changes or drops what they wrote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.signals import setting_changed
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail import blocks
from wagtail.rich_text import get_text_for_indexing

if TYPE_CHECKING:
    from consultations.pages import ConsultationPage

TERMS_SETTING = "YOUTHVOICE_SENSITIVE_TERMS"
EVERY_LANGUAGE = "*"
# Written in a term, "*" at the end of a word takes any ending, so one stem covers the inflected forms
# of Slavic and Turkic languages ("радикализ*": радикализация, радикализации, радикализм).
STEM_MARK = "*"
# A hyphen in a term also matches the other dashes and a space: "зорлық–зомбылық", "зорлық зомбылық".
_HYPHEN = r"[-\u2010\u2011\u2012\u2013\s]"


@dataclass(frozen=True)
class TermUse:
    """One use of a listed term in a text.

    ``term`` is the entry as listed in the setting; ``found`` is the text as written, at
    ``start``:``end`` of the text in Unicode NFC form (the same offsets for text typed in any ordinary
    editor).
    """

    term: str
    found: str
    start: int
    end: int
    alternatives: tuple[str, ...]


@dataclass(frozen=True)
class FieldTermUse:
    """A term used in one public field of a consultation; ``field`` names the field for the editor."""

    field: str
    use: TermUse


@dataclass(frozen=True)
class TermSummary:
    """Every use of one listed term in a consultation: the forms written, where, and what to consider."""

    term: str
    forms: tuple[str, ...]
    fields: tuple[str, ...]
    alternatives: tuple[str, ...]


# --- Matching ---------------------------------------------------------------------------------
def _language_codes(language: str) -> list[str]:
    code = language.lower().replace("_", "-")
    base = code.split("-")[0]
    return [code] if base == code else [code, base]


def _character_pattern(character: str) -> str:
    if character == "-":
        return _HYPHEN
    # An accented letter also matches its bare letter: editors often type "extremisme" or
    # "ekstremizem" on keyboards without the accent.
    bare = unicodedata.normalize("NFD", character)[0]
    if bare != character and bare.isalpha():
        return f"[{re.escape(character)}{re.escape(bare)}]"
    return re.escape(character)


def _term_pattern(term: str) -> str:
    words = []
    for word in unicodedata.normalize("NFC", term).split():
        stem = word.removesuffix(STEM_MARK)
        words.append("".join(map(_character_pattern, stem)) + (r"\w*" if stem != word else ""))
    # Any run of white space may stand between the words of a phrase; a term starts and ends where
    # a word does, in any script, so "CVE" is not found inside another word.
    return r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"


@dataclass(frozen=True)
class _CompiledTerms:
    pattern: re.Pattern[str] | None
    terms: tuple[tuple[str, tuple[str, ...]], ...]


def _listed_terms(language: str) -> dict[str, tuple[str, ...]]:
    """The language's own terms (the exact code, else its base: "sr-latn", then "sr"), then those
    listed for every language. Alternatives are rendered in the page's language, where translated."""
    configured: dict[str, dict[str, Sequence[Any]]] = getattr(settings, TERMS_SETTING, None) or {}
    own: dict[str, Sequence[Any]] = {}
    for code in _language_codes(language):
        if code in configured:
            own = configured[code]
            break
    terms: dict[str, tuple[str, ...]] = {}
    with translation.override(language):
        for term, alternatives in [*own.items(), *configured.get(EVERY_LANGUAGE, {}).items()]:
            if term.strip(STEM_MARK + " "):
                terms.setdefault(term, tuple(str(alternative) for alternative in alternatives))
    return terms


@lru_cache(maxsize=64)
def _compiled_terms(language: str) -> _CompiledTerms:
    listed = _listed_terms(language)
    if not listed:
        return _CompiledTerms(pattern=None, terms=())
    # Longer terms first, so a phrase wins over a word it starts with where both match.
    terms = tuple(sorted(listed.items(), key=lambda item: len(item[0]), reverse=True))
    groups = "|".join(f"(?P<t{index}>{_term_pattern(term)})" for index, (term, _) in enumerate(terms))
    return _CompiledTerms(pattern=re.compile(groups, re.IGNORECASE), terms=terms)


def _forget_compiled_terms(*, setting: str, **kwargs: object) -> None:
    if setting == TERMS_SETTING:
        _compiled_terms.cache_clear()


setting_changed.connect(_forget_compiled_terms, dispatch_uid="consultations.terminology.compiled_terms")


def find_sensitive_terms(text: str, *, language: str) -> list[TermUse]:
    """The listed terms used in ``text``, in order of appearance.

    ``language`` is a content language code such as "en", "ru" or "sr-latn"; the terms listed for it
    and those for every language ("*") are looked for.
    """
    compiled = _compiled_terms(language.lower().replace("_", "-"))
    if compiled.pattern is None or not text:
        return []
    normalised = unicodedata.normalize("NFC", text)
    uses = []
    for match in compiled.pattern.finditer(normalised):
        # Each term is one group (its pattern has none of its own): the group that matched names it.
        term, alternatives = compiled.terms[int(str(match.lastgroup).removeprefix("t"))]
        uses.append(
            TermUse(term=term, found=match.group(), start=match.start(), end=match.end(), alternatives=alternatives)
        )
    return uses


# --- A consultation's public text ----------------------------------------------------------------
def _field_label(model: type[Any], name: str) -> str:
    return capfirst(str(model._meta.get_field(name).verbose_name))


def _block_texts(block: blocks.Block, raw: Any, label: str) -> Iterator[tuple[str, str]]:
    """The public text in a block's stored (JSON-ish) value. Stored values are walked rather than
    rendered values, so image and document choosers cost no query."""
    if raw is None:
        return
    if isinstance(block, blocks.RichTextBlock):
        yield label, get_text_for_indexing(raw)
    elif isinstance(block, blocks.CharBlock | blocks.TextBlock):
        yield label, str(raw)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from _block_texts(child, raw.get(name), f"{label} › {capfirst(str(child.label))}")
    elif isinstance(block, blocks.StreamBlock):
        for item in raw:
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                yield from _block_texts(child, item.get("value"), f"{label} › {capfirst(str(child.label))}")
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            value = item.get("value") if isinstance(item, dict) and "type" in item else item
            yield from _block_texts(block.child_block, value, label)
    # Embeds (a URL), images and documents (chooser ids) hold no text of ours.


def _body_texts(page: ConsultationPage) -> Iterator[tuple[str, str]]:
    from consultations.pages import ConsultationPage

    stream_block = ConsultationPage._meta.get_field("body").stream_block
    body_label = _field_label(ConsultationPage, "body")
    for number, item in enumerate(getattr(page.body, "raw_data", page.body) or [], start=1):
        child = stream_block.child_blocks.get(item.get("type"))
        if child is None:
            continue
        label = gettext("%(field)s, block %(number)s (%(block)s)") % {
            "field": body_label,
            "number": number,
            "block": capfirst(str(child.label)),
        }
        yield from _block_texts(child, item.get("value"), label)


def consultation_public_texts(page: ConsultationPage) -> list[tuple[str, str]]:
    """Every text a consultation shows the public, as (where, plain text): title, search title and
    description, address, summaries, each body block and each question with its explanation.

    The page may be unsaved (the editor's form data): its questions are read from the page object,
    not from the database.
    """
    from consultations.pages import ConsultationPage, ConsultationQuestion

    texts = [
        (_field_label(ConsultationPage, name), getattr(page, name) or "")
        for name in ("title", "seo_title", "search_description", "slug", "summary", "easy_read_summary")
    ]
    texts.extend(_body_texts(page))
    questions = sorted(page.questions.all(), key=lambda question: question.sort_order or 0)
    for number, question in enumerate(questions, start=1):
        where = gettext("Question %(number)s") % {"number": number}
        texts.append((where, question.text or ""))
        texts.append((f"{where} › {_field_label(ConsultationQuestion, 'help_text')}", question.help_text or ""))
    return [(where, text) for where, text in texts if text.strip()]


def page_language(page: ConsultationPage) -> str:
    """The language the page is written in: its locale's, else the site's default."""
    return page.locale.language_code if page.locale_id else settings.LANGUAGE_CODE


def check_consultation(page: ConsultationPage, *, language: str | None = None) -> list[FieldTermUse]:
    """The listed terms used in a consultation's public text, looked up in the page's language."""
    language = language or page_language(page)
    return [
        FieldTermUse(field=where, use=use)
        for where, text in consultation_public_texts(page)
        for use in find_sensitive_terms(text, language=language)
    ]


def summarise(uses: Iterable[FieldTermUse]) -> list[TermSummary]:
    """One line per listed term, in order of first use: the distinct forms written (ignoring case)
    and the distinct fields, each in order of first appearance."""
    by_term: dict[str, tuple[dict[str, str], dict[str, None], tuple[str, ...]]] = {}
    for field_use in uses:
        use = field_use.use
        forms, fields, _ = by_term.setdefault(use.term, ({}, {}, use.alternatives))
        forms.setdefault(use.found.casefold(), use.found)
        fields.setdefault(field_use.field, None)
    return [
        TermSummary(term=term, forms=tuple(forms.values()), fields=tuple(fields), alternatives=alternatives)
        for term, (forms, fields, alternatives) in by_term.items()
    ]
