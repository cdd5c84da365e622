"""Guardian consent records and the links that act on them (models)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Bumped whenever the text a guardian approves changes; each decision records the version it saw.
CONSENT_TEXT_VERSION = "2026-11-29"


class GuardianConsent(models.Model):
    """One request for a guardian's consent. A new guardian email supersedes the open request."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the guardian")
        GRANTED = "granted", _("Approved")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Withdrawn")
        SUPERSEDED = "superseded", _("Replaced by a newer request")

    minor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guardian_consents")
    guardian_email = models.EmailField(_("guardian's email"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(auto_now_add=True)
    last_emailed_at = models.DateTimeField(null=True, blank=True)
    emails_sent = models.PositiveSmallIntegerField(default=0)
    decided_at = models.DateTimeField(null=True, blank=True)
    method = models.CharField(max_length=20, blank=True, help_text="How the decision reached us.")
    consent_text_version = models.CharField(max_length=20, blank=True)
    # HMAC of the deciding request's IP address: evidence without keeping the address.
    ip_hash = models.CharField(max_length=64, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    adult_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["minor", "-requested_at"])]
        verbose_name = _("guardian consent")
        verbose_name_plural = _("guardian consents")

    def __str__(self) -> str:
        return f"consent #{self.pk} ({self.status})"


class GuardianLink(models.Model):
    """A link mailed to a guardian. Only the SHA-256 of its random token is stored.

    *decide* links are single-use and expire; *manage* links (withdraw consent, delete the account)
    never expire, so every mail a guardian received keeps working.
    """

    class Purpose(models.TextChoices):
        DECIDE = "decide", _("Approve or decline")
        MANAGE = "manage", _("Withdraw or delete")

    consent = models.ForeignKey(GuardianConsent, on_delete=models.CASCADE, related_name="links")
    purpose = models.CharField(max_length=8, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("guardian link")
        verbose_name_plural = _("guardian links")

    def __str__(self) -> str:
        return f"{self.purpose} link for consent #{self.consent_id}"
