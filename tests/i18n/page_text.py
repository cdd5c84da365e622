"""What a reader meets on a rendered page, and which of it is interface text left in English."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from tests.i18n.catalogues import Entry, messages

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_NOT_SHOWN = {"script", "style"}
# Attributes people read or hear: labels, tooltips, alternative text, hints, and the indicator labels
# the live script shows (data-label-*).
_READ_ATTRIBUTES = {"aria-label", "aria-description", "title", "alt", "placeholder"}


def _is_english(language: str | None) -> bool:
    return language is not None and (language == "en" or language.startswith("en-"))


@dataclass
class _Element:
    tag: str
    language: str | None
    attributes: dict[str, str] = field(default_factory=dict)


class _PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[_Element] = []
        self.chunks: list[str] = []
        self.elements: list[_Element] = []

    def _language(self) -> str | None:
        return self.open[-1].language if self.open else None

    def _hidden(self) -> bool:
        return any(element.tag in _NOT_SHOWN for element in self.open)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        element = _Element(tag, attributes.get("lang") or self._language(), attributes)
        self.elements.append(element)
        if not _is_english(element.language) and not self._hidden():
            for name, value in attributes.items():
                if name in _READ_ATTRIBUTES or name.startswith("data-label"):
                    self.chunks.append(value)
            if tag == "input" and attributes.get("type") in {"submit", "button"}:
                self.chunks.append(attributes.get("value", ""))
        if tag not in _VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for position in range(len(self.open) - 1, -1, -1):
            if self.open[position].tag == tag:
                del self.open[position:]
                return

    def handle_data(self, data: str) -> None:
        if not self._hidden() and not _is_english(self._language()):
            self.chunks.append(data)


def read_page(html: str) -> _PageReader:
    reader = _PageReader()
    reader.feed(html)
    reader.close()
    return reader


def readable_text(html: str) -> str:
    """The page's text and read-out attributes, outside ``lang="en"`` elements, whitespace collapsed."""
    return " ".join(" ".join(read_page(html).chunks).split())


def elements(html: str, *, tag: str | None = None, having: str | None = None) -> list[dict[str, str]]:
    """The attributes of each element (of ``tag``, with the attribute ``having``), in page order."""
    return [
        element.attributes
        for element in read_page(html).elements
        if (tag is None or element.tag == tag) and (having is None or having in element.attributes)
    ]


# --- Untranslated interface text ------------------------------------------------------------

# Placeholders and markup inside a msgid: the text around them is what a reader would see verbatim.
_NOT_WORDS = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-z]|%[-#0 +]*\d*[sdifr%]|\{[^{}]*\}|<[^<>]+>|&[#\w]+;")


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


@dataclass(frozen=True)
class Phrase:
    text: str
    msgid: str
    pattern: re.Pattern[str]


def english_phrases(english: Iterable[Entry], translated: Iterable[Entry]) -> list[Phrase]:
    """The phrases of the English catalogue that must not appear on a page in another language.

    A msgid of two words or more counts, unless that language's catalogue deliberately keeps it as it
    is (msgstr equal to msgid: a name, say). Around placeholders, each piece of three words or more
    counts (shorter pieces such as "in the" are too common in any English content to mean anything).
    """
    kept = {
        text
        for entry in messages(translated)
        for text, translation in zip((entry.msgid, entry.msgid_plural), entry.msgstrs, strict=False)
        if text and text == translation
    }
    phrases = []
    for entry in messages(english):
        for msgid in (entry.msgid, entry.msgid_plural):
            if not msgid or msgid in kept:
                continue
            pieces = [" ".join(piece.split()) for piece in _NOT_WORDS.split(msgid)]
            minimum = 2 if len(pieces) == 1 else 3
            for piece in pieces:
                if _words(piece) >= minimum:
                    pattern = re.compile(r"(?<!\w)" + re.escape(piece) + r"(?!\w)")
                    phrases.append(Phrase(text=piece, msgid=msgid, pattern=pattern))
    return phrases


def untranslated(html: str, phrases: Iterable[Phrase]) -> list[str]:
    """The phrases that appear as they are in the page's text (outside ``lang="en"`` elements). A
    phrase found inside a longer one that was found ("display name" in the footer's sentence) is left
    out: the longer one names the message to translate."""
    text = readable_text(html)
    found = {phrase.text for phrase in phrases if phrase.text in text and phrase.pattern.search(text)}
    return sorted(phrase for phrase in found if not any(phrase != other and phrase in other for other in found))
