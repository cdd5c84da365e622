"""Screening a comment before it is published: contact details and a per-language word list.

Screening only reports. It never changes or drops what the author wrote; the caller decides to hold
the comment for a moderator. Contact details are looked for only in comments by minors; the word
list applies to everyone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from django.conf import settings

# The very signal django.test.signals re-exports, imported from core so production code does not
# load the test framework.
from django.core.signals import setting_changed
from django.utils.functional import Promise
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Finding(StrEnum):
    """Why a comment is held. The values are stored on the comment."""

    EMAIL = "email"
    PHONE = "phone"
    SOCIAL_HANDLE = "social_handle"
    STREET_ADDRESS = "street_address"
    WORD_LIST = "word_list"


FINDING_LABELS: dict[Finding, Promise] = {
    Finding.EMAIL: _("an email address"),
    Finding.PHONE: _("a phone number"),
    Finding.SOCIAL_HANDLE: _("a social media account"),
    Finding.STREET_ADDRESS: _("a street address"),
    Finding.WORD_LIST: _("words our moderators look at before publishing"),
}

# Held for a person to read, never blocked: a young person writing these may need help.
DEFAULT_SCREENING_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "kill myself", "killing myself", "kill you", "hurt myself", "hurting myself", "cut myself",
        "want to die", "end my life", "suicide", "suicidal", "self-harm", "self harm",
        "bomb", "bombs", "gun", "guns", "knife", "knives", "send nudes",
    ),
}  # fmt: skip
WORDS_SETTING = "YOUTHVOICE_SCREENING_WORDS"


@dataclass(frozen=True)
class ScreeningResult:
    """What screening found, distinct and in the order of :class:`Finding`."""

    findings: tuple[Finding, ...]

    @property
    def held(self) -> bool:
        return bool(self.findings)

    def message(self) -> str:
        """The explanation shown to the author of a held comment; empty when nothing was found."""
        contact = [finding for finding in self.findings if finding is not Finding.WORD_LIST]
        words = Finding.WORD_LIST in self.findings
        if contact:
            details = get_text_list([str(FINDING_LABELS[finding]) for finding in contact], gettext("and"))
            text = gettext(
                "Your comment is waiting for a moderator because it seems to contain %(details)s. "
                "For your safety, please don't share contact details."
            ) % {"details": details}
            if words:
                text += " " + gettext("It also contains words our moderators look at before publishing.")
            return text
        if words:
            return gettext(
                "Your comment is waiting for a moderator because it contains words our moderators look at "
                "before publishing."
            )
        return ""


# --- Contact details --------------------------------------------------------------------------
# Street names must start with a capital letter, which keeps "the street had 5 holes" out. Python's
# re has no \p{Lu}, so the class is built from the Latin, Greek and Cyrillic blocks.
_UPPER = "[" + "".join(re.escape(ch) for ch in map(chr, range(0x0530)) if ch.isupper()) + "]"
_NAME = _UPPER + r"[\w'’.-]+"

_LOCAL = r"(?<![\w.+-])[\w.+-]+"
_DOMAIN = r"[\w-]+"
_TLD = r"[^\W\d_]{2,}"
_STRONG_AT = r"(?:\s*[(\[{<]\s*(?:at|@|собака)\s*[)\]}>]\s*|\s+@\s+)"
_WORD_AT = r"\s+(?:at|собака)\s+"
_WORD_DOT = r"(?:\s*[(\[{<]\s*(?:dot|точка|\.)\s*[)\]}>]\s*|\s+(?:dot|точка)\s+)"
_ANY_DOT = rf"(?:{_WORD_DOT}|\.)"
# "name at gmail.com" is an address, "look at google.com" is not: a bare "at" with a real dot
# counts only before a mail provider.
_MAIL_PROVIDERS = r"(?:gmail|googlemail|yahoo|hotmail|outlook|icloud|yandex|proton|protonmail|gmx|aol|mail|abv)"
_EMAIL_PATTERNS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"{_LOCAL}@{_DOMAIN}(?:\.{_DOMAIN})*\.{_TLD}\b",
        rf"{_LOCAL}{_STRONG_AT}{_DOMAIN}(?:{_ANY_DOT}{_DOMAIN})*{_ANY_DOT}{_TLD}\b",
        rf"{_LOCAL}{_WORD_AT}(?:{_DOMAIN}{_ANY_DOT})*{_DOMAIN}{_WORD_DOT}(?:{_DOMAIN}{_ANY_DOT})*{_TLD}\b",
        rf"{_LOCAL}{_WORD_AT}{_MAIL_PROVIDERS}(?:\.{_DOMAIN})*\.{_TLD}\b",
    )
)

# Platform names that are also everyday words ("line", "signal", "x") are left out; the short
# abbreviations count only when written as a label ("ig: name").
_PLATFORMS = (
    r"(?:insta(?:gram)?|snap(?:chat)?|tik\s?tok|telegram|discord|whats\s?app|viber|kik|wechat|vk|facebook"
    r"|messenger|twitter|youtube|twitch|reddit|roblox|skype)"
)
_LABELS = rf"(?:{_PLATFORMS}|ig|sc|tt|tg|wa|fb|yt)"
_ACCOUNT = r"(?:user\s?name|name|handle|account|id|nick)"
_HANDLE = r"@?(?=[\w.-]*[^\W\d_])[\w][\w.-]+"
# A word that could only be a handle: it has a dot, underscore or digit between letters.
_MARKED_HANDLE = r"@?(?=[\w.]*[^\W\d_])(?=\w*[._\d])\w[\w.]+\w"
# Only links to a person's profile; the whole site name is required, "instagram.com" alone is not one.
_PROFILE_SITES = (
    r"(?:instagram\.com|instagr\.am|tiktok\.com|snapchat\.com|t\.me|telegram\.me|wa\.me|facebook\.com|fb\.com"
    r"|fb\.me|m\.me|twitter\.com|x\.com|discord\.gg|vk\.com|threads\.net|twitch\.tv"
    r"|youtube\.com(?=/(?:@|c/|channel/|user/))|discord\.com(?=/users/)|reddit\.com(?=/u(?:ser)?/))"
)
_SOCIAL_PATTERNS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"(?<![\w.])(?:www\.|m\.)?{_PROFILE_SITES}/[@\w.-]*\w",
        rf"\b{_LABELS}(?:\s+{_ACCOUNT})?\s*(?:[:=]|\s[-–]\s)\s*{_HANDLE}",
        rf"\bmy\s+{_LABELS}(?:\s+{_ACCOUNT})?\s*(?:\bis\b|[:=]|\s[-–]\s)\s*{_HANDLE}",
        rf"\b{_PLATFORMS}\s+{_ACCOUNT}\s+(?:is\s+)?{_HANDLE}",
        rf"\b(?:snap|dm|add|follow|text|message|hmu)\s+me\s*(?::|\s[-–]\s)\s*{_HANDLE}",
        rf"\b{_PLATFORMS}\s+(?:me\s+)?(?:(?:is|at|on)\s+)?{_MARKED_HANDLE}",
        r"(?<![\w#])[\w.]{2,32}#\d{4}(?!\d)",  # a Discord tag: name#1234
    )
)
# "@5pm" may count; "meet @ 5" and the @ inside an email address do not.
_AT_HANDLE = re.compile(r"(?<![\w@.])@(?=[\w.]*[^\W\d_])\w[\w.]{2,}")

# Each alternative starts only where a word starts, which keeps long runs of letters linear.
_LINKS_AND_EMAILS = re.compile(
    rf"(?:https?://|www\.)\S+|(?<![\w@.-])(?:[\w-]+\.)+{_TLD}/\S*|{_LOCAL}@{_DOMAIN}(?:\.{_DOMAIN})+", re.IGNORECASE
)

# Phone numbers: at least 8 digits, grouped by spaces, dots, dashes, slashes or brackets.
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d(?:[ \t.\-/()]{0,3}\d){7,}")
# Numbers that are not phone numbers but are as long: dates, times and year ranges (alone or as a
# range) and thousands. They are blanked out first, unless they continue a longer run of digits.
_NOT_AFTER_DIGITS = r"(?<![\d+])(?<!\d[ .\-/])"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_DATE = (
    "(?:"
    + "|".join(rf"{_DAY}{sep}{_MONTH}{sep}(?:\d{{4}}|\d\d)\b\.?" for sep in (r"\.", "/", "-"))
    + rf"|\d{{4}}-\d\d-\d\d|{_DAY}\.{_MONTH}\.)"
)
_TIME = r"(?:[01]?\d|2[0-3])[:.][0-5]\d"
_YEAR_RANGE = r"(?:19|20)\d\d\s?[-–/]\s?(?:(?:19|20)\d\d|\d\d)"
_RANGE = r"\s?[-–]\s?"
_CALENDAR_NUMBERS = re.compile(
    rf"{_NOT_AFTER_DIGITS}(?:{_DATE}(?:{_RANGE}{_DATE})?|{_TIME}(?:{_RANGE}{_TIME})?|{_YEAR_RANGE})(?!\d)(?![.\-/]\d)"
)
_THOUSANDS = re.compile(rf"{_NOT_AFTER_DIGITS}[1-9]\d{{0,2}}([ .'])\d{{3}}(?:\1\d{{3}})*(?!\d)(?!\1\d)")

_BEFORE_STREET = (
    r"(?:ulic[aeiu]|bulevar[aiu]?|trg[au]?|rrug(?:a|ës|ën|en)|bulevardi|улиц[аеиуы]|проспект[аеу]?|бульвар"
    r"|булевар|rue|avenue|boulevard)\s+|(?:ul|rr|ул|пр|бул|bul|av|bd)\.\s*|пр-т\s*"
)
_ADDRESS_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        # ulica Ilindenska 44, rr. Skenderbeu 7, Rruga e Kavajës nr. 7, ул. Абая 5, Avenue Louise 54
        rf"(?<!\w)(?i:{_BEFORE_STREET})(?:(?i:e|i|de|du|des|la|le)\s+){{0,2}}{_NAME}(?:\s+[\w'’.-]+){{0,2}}?"
        r",?\s+(?i:(?:br|бр|nr|no|д|дом)\.?\s*)?\d{1,4}(?!\d)",
        # Абай көшесі 10, Токтогул көчөсү 125
        rf"{_NAME}(?:\s+[\w-]+)?\s+(?:көшесі|көчөсү|даңғылы|проспектісі|проспектиси)\s*,?\s*\d{{1,4}}(?!\d)",
        # 12 Main Street, 221B Baker St.
        rf"(?<![\w.,:/])\d{{1,5}}[A-Za-z]?,?\s+(?:{_NAME}\s+){{1,3}}"
        r"(?i:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|close|court|crescent|terrace)\b",
        # 12 rue de la Paix, 3 bis avenue Foch
        r"(?<![\w.,:/])\d{1,4}(?:\s?(?i:bis|ter))?,?\s+(?i:rue|avenue|av\.|boulevard|bd|place|allée|chemin|impasse"
        rf"|quai)\s+(?:(?i:de|du|des|la|le|l'|d')\s*){{0,2}}{_NAME}",
    )
)


def _blank(pattern: re.Pattern[str], text: str) -> str:
    # A separator no phone pattern crosses, so blanked parts cannot join their neighbours.
    return pattern.sub(" ; ", text)


def _has_phone(text: str) -> bool:
    return bool(_PHONE.search(_blank(_THOUSANDS, _blank(_CALENDAR_NUMBERS, text))))


def _contact_findings(text: str) -> set[Finding]:
    found: set[Finding] = set()
    if any(pattern.search(text) for pattern in _EMAIL_PATTERNS):
        found.add(Finding.EMAIL)
    if any(pattern.search(text) for pattern in _ADDRESS_PATTERNS):
        found.add(Finding.STREET_ADDRESS)
    if any(pattern.search(text) for pattern in _SOCIAL_PATTERNS):
        found.add(Finding.SOCIAL_HANDLE)
    # Digits and @ inside ordinary links and email addresses are neither phones nor handles.
    without_links = _blank(_LINKS_AND_EMAILS, text)
    if _AT_HANDLE.search(without_links):
        found.add(Finding.SOCIAL_HANDLE)
    if _has_phone(without_links):
        found.add(Finding.PHONE)
    return found


# --- Word list --------------------------------------------------------------------------------
def _language_codes(language: str) -> list[str]:
    base = language.split("-")[0]
    return [language] if base == language else [language, base]


def _phrases(language: str) -> list[str]:
    """The language's own list (settings replace the defaults), then the list for every language."""
    configured = getattr(settings, WORDS_SETTING, None) or {}
    own: list[str] = []
    for code in _language_codes(language):
        if code in configured or code in DEFAULT_SCREENING_WORDS:
            own = list(configured.get(code, DEFAULT_SCREENING_WORDS.get(code, ())))
            break
    return own + list(configured.get("*", ()))


@lru_cache(maxsize=64)
def _word_list_pattern(language: str) -> re.Pattern[str] | None:
    words = {tuple(unicodedata.normalize("NFKC", phrase).split()) for phrase in _phrases(language)} - {()}
    if not words:
        return None
    # Any run of white space may stand between the words of a phrase ("kill  myself", a line break).
    alternatives = sorted((r"\s+".join(map(re.escape, phrase)) for phrase in words), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


def _forget_word_lists(*, setting: str, **kwargs: object) -> None:
    if setting == WORDS_SETTING:
        _word_list_pattern.cache_clear()


setting_changed.connect(_forget_word_lists, dispatch_uid="consultations.moderation.screening.word_lists")


def screen(text: str, *, language: str, is_minor: bool) -> ScreeningResult:
    """Report what in ``text`` should make a moderator look before it is published.

    ``language`` is a code such as "en" or "sr-latn" ("sr-latn" falls back to "sr"). Contact details
    are reported only when ``is_minor``.
    """
    # NFKC folds look-alikes such as full-width digits and letters into the plain ones.
    normalised = unicodedata.normalize("NFKC", text)
    found = _contact_findings(normalised) if is_minor else set()
    word_pattern = _word_list_pattern(language.lower().replace("_", "-"))
    if word_pattern is not None and word_pattern.search(normalised):
        found.add(Finding.WORD_LIST)
    return ScreeningResult(findings=tuple(finding for finding in Finding if finding in found))


# --- Redaction for quotes ---------------------------------------------------------------------
def _keep_length(pattern: re.Pattern[str], text: str) -> str:
    """Like ``_blank``, but keeps every other match where it was: spans found later still fit."""
    return pattern.sub(lambda match: "\x00" * len(match.group()), text)


def redact_contact_details(text: str, *, placeholder: str) -> str:
    """``text`` with every email address, phone number, social handle, profile link and street address
    replaced by ``placeholder``: for quotes that leave the platform (digests, exports), whoever wrote
    them. The same patterns as screening, so what screening would hold is what is removed."""
    normalised = unicodedata.normalize("NFKC", text)
    spans: list[tuple[int, int]] = []
    for pattern in (*_EMAIL_PATTERNS, *_ADDRESS_PATTERNS, *_SOCIAL_PATTERNS):
        spans.extend(match.span() for match in pattern.finditer(normalised))
    without_links = _keep_length(_LINKS_AND_EMAILS, normalised)
    spans.extend(match.span() for match in _AT_HANDLE.finditer(without_links))
    numbers = _keep_length(_THOUSANDS, _keep_length(_CALENDAR_NUMBERS, without_links))
    spans.extend(match.span() for match in _PHONE.finditer(numbers))
    if not spans:
        return normalised
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, position = [], 0
    for start, end in merged:
        pieces += [normalised[position:start], placeholder]
        position = end
    pieces.append(normalised[position:])
    return "".join(pieces)
