"""Comment text: stored as plain text, shown escaped with web addresses turned into safe links."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Runs on already-escaped text, so the match can never contain markup.
_URL = re.compile(r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", re.IGNORECASE)


def clean_body(text: str) -> str:
    """Trim, normalise line endings and drop control characters (keeping new lines and tabs)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    return text.strip()


def render_body(text: str) -> SafeString:
    escaped = escape(text)
    linked = _URL.sub(
        lambda m: f'<a href="{m.group(0)}" rel="nofollow ugc noopener noreferrer" target="_blank">{m.group(0)}</a>',
        escaped,
    )
    return mark_safe(linked.replace("\n", "<br>"))  # noqa: S308  # nosec B308 B703 - built from escaped text only
