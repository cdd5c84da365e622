"""Why a comment waits for a moderator: codes stored in ``Comment.held_for`` and their wording."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultations.moderation.reasons import reason_label
from consultations.moderation.screening import FINDING_LABELS, Finding, ScreeningResult

PRE_MODERATION = "pre_moderation"
FINDING_CODES = tuple(finding.value for finding in Finding)
AUTO_HIDDEN = "auto_hidden"
FLAG_PREFIX = "flag:"

LABELS = {
    PRE_MODERATION: _("pre-moderation"),
    AUTO_HIDDEN: _("hidden after reports"),
}


def codes(held_for: str) -> list[str]:
    return [code for code in held_for.split(",") if code]


def with_code(held_for: str, code: str) -> str:
    present = codes(held_for)
    return ",".join(present if code in present else [*present, code])


def label(code: str) -> str:
    if code.startswith(FLAG_PREFIX):
        return gettext("reported: %(reason)s") % {"reason": reason_label(code.removeprefix(FLAG_PREFIX))}
    if code in LABELS:
        return str(LABELS[code])
    try:
        return gettext("screening: %(finding)s") % {"finding": FINDING_LABELS[Finding(code)]}
    except ValueError:
        return code


def author_message(held_for: str) -> str:
    """What the author of a held comment is told."""
    findings = tuple(Finding(code) for code in codes(held_for) if code in FINDING_CODES)
    if findings:
        return ScreeningResult(findings=findings).message()
    return gettext("Moderators check comments on this consultation before they appear.")


def filter_choices() -> list[tuple[str, str]]:
    """The queue's "reason" filter: every code an item can be held for."""
    from consultations.moderation.reasons import Reason

    every = [PRE_MODERATION, *FINDING_CODES, *(FLAG_PREFIX + reason for reason in Reason.values), AUTO_HIDDEN]
    return [(code, label(code)) for code in every]


def describe(reason: str) -> str:
    """An audit entry's reason in words: a reason from the list, or the hold codes of a held item."""
    from consultations.moderation.reasons import Reason

    return ", ".join(reason_label(code) if code in Reason.values else label(code) for code in codes(reason))
