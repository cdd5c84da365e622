"""Pseudonymous display names: friendly suggestions, and a check that a name identifies nobody."""

from __future__ import annotations

import re
import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MIN_LENGTH = 3
MAX_LENGTH = 40

_ADJECTIVES = [
    gettext_lazy("Bright"), gettext_lazy("Brave"), gettext_lazy("Calm"), gettext_lazy("Curious"),
    gettext_lazy("Gentle"), gettext_lazy("Kind"), gettext_lazy("Lively"), gettext_lazy("Quiet"),
    gettext_lazy("Swift"), gettext_lazy("Sunny"), gettext_lazy("Wise"), gettext_lazy("Bold"),
]  # fmt: skip
_NOUNS = [
    gettext_lazy("Otter"), gettext_lazy("Heron"), gettext_lazy("Maple"), gettext_lazy("Comet"),
    gettext_lazy("Falcon"), gettext_lazy("Lynx"), gettext_lazy("River"), gettext_lazy("Willow"),
    gettext_lazy("Badger"), gettext_lazy("Panda"), gettext_lazy("Cedar"), gettext_lazy("Robin"),
]  # fmt: skip

_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_URL = re.compile(r"(https?://|www\.|\b[\w-]+\.(com|org|net|io|me|ru|rs|mk|al|ba|kz|kg|tk|app|link)\b)", re.I)
_HANDLE = re.compile(r"(^|\s)@\w{2,}")
# Seven or more digits, allowing the separators people put in phone numbers.
_PHONE = re.compile(r"(?:\d[\s().+-]*){7,}")
_ALLOWED = re.compile(r"^[\w .'-]+$")


def _alphanumeric(text: str) -> str:
    return "".join(character for character in text.lower() if character.isalnum())


def suggest_display_names(count: int = 3) -> list[str]:
    """Random friendly names such as "Quiet Otter" (in the active language)."""
    names: set[str] = set()
    while len(names) < count:
        names.add(f"{secrets.choice(_ADJECTIVES)} {secrets.choice(_NOUNS)}")
    return sorted(names)


def validate_display_name(name: str, *, email: str | None = None) -> str:
    """The cleaned name, or ``ValidationError`` saying what gives the person away."""
    name = " ".join(name.split())
    if len(name) < MIN_LENGTH:
        raise ValidationError(_("Use at least %(count)d characters.") % {"count": MIN_LENGTH}, code="too_short")
    if len(name) > MAX_LENGTH:
        raise ValidationError(_("Use at most %(count)d characters.") % {"count": MAX_LENGTH}, code="too_long")
    if _EMAIL.search(name):
        raise ValidationError(_("A display name cannot contain an email address."), code="email")
    if _URL.search(name):
        raise ValidationError(_("A display name cannot contain a web address."), code="url")
    if _PHONE.search(name):
        raise ValidationError(_("A display name cannot contain a phone number."), code="phone")
    if _HANDLE.search(name):
        raise ValidationError(_("A display name cannot contain a social media handle."), code="handle")
    if email:
        # Compare letters and digits only: "amira.k@…" must not become "Amira K".
        local = _alphanumeric(email.split("@", 1)[0])
        if len(local) >= 3 and local in _alphanumeric(name):
            raise ValidationError(
                _("Choose a name that is not part of your email address: it would tell people who you are."),
                code="email_local_part",
            )
    if not _ALLOWED.match(name):
        raise ValidationError(_("Use letters, numbers, spaces, dots, hyphens and apostrophes only."), code="characters")
    return name
