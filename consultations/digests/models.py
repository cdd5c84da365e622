"""What policymakers follow, and the digests made for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Subscription(models.Model):
    """A policymaker follows one consultation, or every consultation of an organisation."""

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("Every week while it is open, and when it closes")
        FINAL = "final", _("Only when it closes")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_subscriptions")
    consultation = models.ForeignKey(
        "consultations.ConsultationPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    cadence = models.CharField(_("how often"), max_length=8, choices=Cadence.choices, default=Cadence.WEEKLY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consultation__isnull=True) ^ models.Q(organisation__isnull=True),
                name="subscription_follows_one_thing",
            ),
            models.UniqueConstraint(fields=["user", "consultation"], name="unique_consultation_subscription"),
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_organisation_subscription"),
        ]
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")

    def __str__(self) -> str:
        return f"{self.user} → {self.consultation or self.organisation}"


class Digest(models.Model):
    """One digest of one consultation up to a moment: a draft until an organiser signs it off.

    ``key`` makes generation idempotent: the same consultation, kind and period always give the same
    digest, however often the task runs.
    """

    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("Weekly digest")
        FINAL = "final", _("Final digest")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft: waiting for sign-off")
        APPROVED = "approved", _("Approved for sending")

    consultation = models.ForeignKey("consultations.ConsultationPage", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    until = models.DateTimeField(_("covers content up to"))
    key = models.CharField(max_length=64, unique=True)
    content = models.JSONField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    framing_note = models.TextField(
        _("note from the organisers"),
        blank=True,
        max_length=1000,
        help_text=_("A few sentences that put the figures in context. Shown at the top of the digest."),
    )
    removed_quotes = models.JSONField(default=list, blank=True)  # comment ids left out at sign-off
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-until", "-id"]
        indexes = [models.Index(fields=["consultation", "-until"], name="digest_by_consultation")]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class DigestLogEntry(models.Model):
    """What happened to a digest and who did it: generation, edits at sign-off, approval, sending."""

    class Action(models.TextChoices):
        GENERATED = "generated", _("generated")
        QUOTE_REMOVED = "quote_removed", _("quote removed")
        QUOTE_RESTORED = "quote_restored", _("quote restored")
        NOTE_CHANGED = "note_changed", _("note changed")
        APPROVED = "approved", _("approved")
        SENT = "sent", _("sent")

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="log")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    detail = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.digest_id})"


class DigestDelivery(models.Model):
    """One digest sent to one person: the unique pair is what makes sending idempotent."""

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["digest", "user"], name="one_delivery_per_person")]

    def __str__(self) -> str:
        return f"digest {self.digest_id} → user {self.user_id}"


class Invitation(models.Model):
    """An organisation editor invites a policymaker by email; accepting makes them a policymaker who
    follows the organisation. Only the token's hash is stored."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("email address"))
    language = models.CharField(max_length=12)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("policymaker invitation")
        verbose_name_plural = _("policymaker invitations")

    def __str__(self) -> str:
        return f"invitation to {self.organisation_id} for {self.email}"
