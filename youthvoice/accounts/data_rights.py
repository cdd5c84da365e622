"""Data export and erasure, for every person.

Each app that stores personal data registers a :class:`PersonalData` section: how to export it and how
to erase or anonymise it when the account is deleted. The accounts app registers its own sections
here; content apps register theirs in their ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from youthvoice.accounts.models import User


@dataclass(frozen=True)
class PersonalData:
    name: str
    export: Callable[[User], Any]
    # Runs inside the deletion transaction, before the user row is deleted. ``None``: the rows go with
    # the user (ON DELETE CASCADE).
    erase: Callable[[User], None] | None = None
    # Runs after commit when the person's contributions are hidden from others (a guardian withdrew
    # consent) or shown again: e.g. to update pages that are open right now.
    visibility_changed: Callable[[int, bool], None] | None = None


_SECTIONS: dict[str, PersonalData] = {}


def register(section: PersonalData) -> None:
    _SECTIONS[section.name] = section


def sections() -> list[PersonalData]:
    return list(_SECTIONS.values())


def announce_visibility(user_id: int, *, visible: bool) -> None:
    """Tell every section that this person's contributions were hidden or shown again."""
    for section in sections():
        if section.visibility_changed is not None:
            section.visibility_changed(user_id, visible)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "date_of_birth": _iso(user.date_of_birth),
        "country": user.country.code or None,
        "language": user.language,
        "joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "contributions_hidden": user.contributions_hidden,
    }


def _email_addresses(user: User) -> list[dict[str, Any]]:
    return [
        {"email": a.email, "verified": a.verified, "primary": a.primary} for a in user.emailaddress_set.order_by("id")
    ]


def _guardian_consents(user: User) -> list[dict[str, Any]]:
    return [
        {
            "guardian_email": c.guardian_email,
            "status": c.status,
            "requested": _iso(c.requested_at),
            "decided": _iso(c.decided_at),
            "withdrawn": _iso(c.revoked_at),
            "method": c.method,
            "consent_text_version": c.consent_text_version,
        }
        for c in user.guardian_consents.order_by("requested_at", "id")
    ]


register(PersonalData("account", _account))
register(PersonalData("email_addresses", _email_addresses))
register(PersonalData("guardian_consents", _guardian_consents))
