"""Reports, suspensions, the append-only audit log and the public moderation figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from consultations.moderation.reasons import Reason


class Flag(models.Model):
    """A participant's report of a comment. One per person per comment (a constraint, not a check)."""

    comment = models.ForeignKey("consultations.Comment", on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("reason"), max_length=24, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_flag_per_person")]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"report #{self.pk} on comment #{self.comment_id}"


class Suspension(models.Model):
    """A participant may not post, vote or report in one organisation's consultations until ``until``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    until = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=24, choices=Reason.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "organisation", "until"], name="suspension_lookup")]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")

    def __str__(self) -> str:
        return f"suspension #{self.pk} until {self.until:%Y-%m-%d}"


class ModerationAction(models.Model):
    """One entry of the audit log: every moderation action, by a person or automatic.

    Append-only: nothing in the interface edits or deletes entries, and PostgreSQL refuses it (a
    trigger, see the migration) except for forgetting who a deleted account was.
    """

    class Action(models.TextChoices):
        HELD = "held", _("held for review")
        APPROVED = "approved", _("approved")
        HIDDEN = "hidden", _("hidden")
        AUTO_HIDDEN = "auto_hidden", _("hidden automatically after reports")
        RESTORED = "restored", _("restored")
        FLAGGED = "flagged", _("reported")
        ESCALATED = "escalated", _("safeguarding concern escalated")
        SUSPENDED = "suspended", _("participant suspended")
        CLAIMED = "claimed", _("taken for review")

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    # Null for automatic actions (screening, auto-hide) and once the moderator's account is deleted.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    is_automatic = models.BooleanField(default=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="moderation_log"
    )
    consultation = models.ForeignKey(
        "consultations.ConsultationPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.ForeignKey("consultations.Comment", null=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=1000)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at", "-id"], name="moderation_log_by_org")]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.pk}"

    @property
    def reason_label(self) -> str:
        from consultations.moderation.holds import describe

        return describe(self.reason)


class ModerationFigures(models.Model):
    """Public counts per consultation, kept with every status change (pages never count comments)."""

    consultation = models.OneToOneField(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="moderation_figures"
    )
    published = models.PositiveIntegerField(default=0)
    held = models.PositiveIntegerField(default=0)
    hidden_spam = models.PositiveIntegerField(default=0)
    hidden_abusive = models.PositiveIntegerField(default=0)
    hidden_personal_information = models.PositiveIntegerField(default=0)
    hidden_off_topic = models.PositiveIntegerField(default=0)
    hidden_at_risk = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("moderation figures")
        verbose_name_plural = _("moderation figures")

    def __str__(self) -> str:
        return f"moderation figures of page #{self.consultation_id}"

    def hidden_by_reason(self) -> list[tuple[str, int]]:
        return [(str(reason.label), getattr(self, f"hidden_{reason.value}")) for reason in Reason]

    @property
    def hidden(self) -> int:
        return sum(count for _, count in self.hidden_by_reason())
