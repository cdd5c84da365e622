"""Reads about accounts."""

from __future__ import annotations

from allauth.account.models import EmailAddress

from youthvoice.accounts.guardians import GuardianConsent
from youthvoice.accounts.models import User


def current_consent(user: User) -> GuardianConsent | None:
    """The latest guardian consent request that has not been replaced by a newer one."""
    return (
        GuardianConsent.objects.filter(minor=user)
        .exclude(status=GuardianConsent.Status.SUPERSEDED)
        .order_by("-requested_at", "-id")
        .first()
    )


def has_verified_email(user: User) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()
