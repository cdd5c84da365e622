"""Who may take part. One module, used by every transport (HTTP views, WebSocket consumers).

Anyone may read. Commenting, voting and flagging need a verified email address and, for anyone who
needs a guardian's consent (see ``age.py``), consent that was granted and not withdrawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from youthvoice.accounts.guardians import GuardianConsent
from youthvoice.accounts.models import User
from youthvoice.accounts.selectors import current_consent_status, has_verified_email


class Reason(StrEnum):
    LOGIN_REQUIRED = "login_required"
    INACTIVE = "inactive"
    EMAIL_UNVERIFIED = "email_unverified"
    GUARDIAN_NEEDED = "guardian_needed"
    GUARDIAN_PENDING = "guardian_pending"
    GUARDIAN_DECLINED = "guardian_declined"
    GUARDIAN_REVOKED = "guardian_revoked"


MESSAGES: dict[Reason, Promise] = {
    Reason.LOGIN_REQUIRED: _("Log in or create an account to take part."),
    Reason.INACTIVE: _("This account cannot take part."),
    Reason.EMAIL_UNVERIFIED: _("Confirm your email address to take part: we sent you a link."),
    Reason.GUARDIAN_NEEDED: _("Ask a parent or guardian to agree, then you can take part."),
    Reason.GUARDIAN_PENDING: _("Waiting for your guardian to agree. You can read everything meanwhile."),
    Reason.GUARDIAN_DECLINED: _("Your guardian did not agree. You can still read everything, or ask again."),
    Reason.GUARDIAN_REVOKED: _("Your guardian has withdrawn their permission, so you cannot take part for now."),
}

_CONSENT_REASONS = {
    GuardianConsent.Status.PENDING: Reason.GUARDIAN_PENDING,
    GuardianConsent.Status.DECLINED: Reason.GUARDIAN_DECLINED,
    GuardianConsent.Status.REVOKED: Reason.GUARDIAN_REVOKED,
}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: Reason | None = None

    @property
    def message(self) -> str:
        return "" if self.reason is None else str(MESSAGES[self.reason])

    def as_event(self) -> dict[str, object]:
        """The shape sent to WebSocket clients."""
        return {"allowed": self.allowed, "reason": self.reason and self.reason.value, "message": self.message}


ALLOWED = Decision(allowed=True)


def participation_decision(user: User | AnonymousUser) -> Decision:
    """May this person comment, vote and flag? Two queries at most (none for a request's signed-in
    user, loaded with the answers); never cached across requests, so a withdrawal takes effect on the
    very next action."""
    if not user.is_authenticated:
        return Decision(False, Reason.LOGIN_REQUIRED)
    if not user.is_active:
        return Decision(False, Reason.INACTIVE)
    if not has_verified_email(user):
        return Decision(False, Reason.EMAIL_UNVERIFIED)
    if not user.needs_guardian_consent:
        return ALLOWED
    status = current_consent_status(user)
    if status is None:
        return Decision(False, Reason.GUARDIAN_NEEDED)
    if status == GuardianConsent.Status.GRANTED:
        return ALLOWED
    return Decision(False, _CONSENT_REASONS[GuardianConsent.Status(status)])
