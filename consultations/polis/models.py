"""Where imported Pol.is conversations came from, and which placeholder account stands for whom."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.pages import ConsultationPage, ConsultationQuestion


class ImportedConversation(models.Model):
    """One import of a Pol.is open-data directory into one question."""

    consultation = models.ForeignKey(
        ConsultationPage, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="polis_imports"
    )
    question = models.ForeignKey(
        ConsultationQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="polis_imports"
    )
    source_name = models.CharField(_("source"), max_length=200, help_text=_("The name of the imported directory."))
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    source_url = models.CharField(_("original address"), max_length=300, blank=True)
    # SHA-256 of comments.csv and votes.csv: the same files imported twice into one question are
    # refused unless asked for explicitly.
    files_sha256 = models.CharField(_("SHA-256 of the files"), max_length=64)
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    comments_imported = models.PositiveIntegerField(_("comments imported"), default=0)
    comments_skipped = models.PositiveIntegerField(_("rejected comments skipped"), default=0)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    votes_kept = models.PositiveIntegerField(_("latest votes kept"), default=0)
    votes_superseded = models.PositiveIntegerField(_("vote rows superseded"), default=0)

    class Meta:
        indexes = [models.Index(fields=["question", "files_sha256"], name="polis_import_files")]
        verbose_name = _("imported Pol.is conversation")
        verbose_name_plural = _("imported Pol.is conversations")

    def __str__(self) -> str:
        return f"Pol.is import #{self.pk} ({self.source_name})"


class ImportedParticipant(models.Model):
    """A Pol.is participant and the inactive placeholder account that holds their comments and votes."""

    conversation = models.ForeignKey(
        ImportedConversation, verbose_name=_("import"), on_delete=models.CASCADE, related_name="people"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="polis_participant"
    )
    polis_id = models.PositiveBigIntegerField(_("Pol.is participant id"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "polis_id"], name="polis_participant_once"),
        ]
        verbose_name = _("imported Pol.is participant")
        verbose_name_plural = _("imported Pol.is participants")

    def __str__(self) -> str:
        return f"Pol.is participant {self.polis_id} of import #{self.conversation_id}"
