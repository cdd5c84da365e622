"""Reads about accounts."""

from __future__ import annotations

from allauth.account.models import EmailAddress

from youthvoice.accounts.auth_backends import CONSENT_STATUS, VERIFIED_EMAIL
from youthvoice.accounts.guardians import GuardianConsent
from youthvoice.accounts.models import User

_UNKNOWN = object()


def current_consent(user: User) -> GuardianConsent | None:
    """The latest guardian consent request that has not been replaced by a newer one."""
    return (
        GuardianConsent.objects.filter(minor=user)
        .exclude(status=GuardianConsent.Status.SUPERSEDED)
        .order_by("-requested_at", "-id")
        .first()
    )


def has_verified_email(user: User) -> bool:
    # Loaded with the signed-in user by the authentication backend; other user objects ask.
    # (getattr, not __dict__: request.user is a lazy proxy.)
    known = getattr(user, VERIFIED_EMAIL, _UNKNOWN)
    if known is not _UNKNOWN:
        return known
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def current_consent_status(user: User) -> str | None:
    """The status of ``current_consent``, without a query for the signed-in user of a request."""
    known = getattr(user, CONSENT_STATUS, _UNKNOWN)
    if known is not _UNKNOWN:
        return known
    consent = current_consent(user)
    return consent.status if consent else None
