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
