"""The response loop: what the organisers heard, what they will do and will not do, and the commitments
whose progress young people can follow. Written only through ``services.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Long enough for a careful answer, short enough to be read to the end on a phone.
PART_MAX_LENGTH = 5000
COMMITMENT_MAX_LENGTH = 500


class Response(models.Model):
    """One per consultation. Plain text only: templates escape it and add line breaks."""

    class PublishedAs(models.TextChoices):
        # Editors and platform admins answer for the organisation that ran the consultation; a
        # policymaker answers in their own (display) name. Never an email address.
        ORGANISATION = "organisation", _("The organisation")
        POLICYMAKER = "policymaker", _("A policymaker")

    consultation = models.OneToOneField(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="response"
    )
    # SET_NULL: the response stays public when the person who wrote it deletes their account.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_responses",
        verbose_name=_("written by"),
    )
    heard = models.TextField(_("What we heard"), max_length=PART_MAX_LENGTH)
    will_do = models.TextField(_("What we will do"), max_length=PART_MAX_LENGTH)
    will_not = models.TextField(_("What we will not do, and why"), max_length=PART_MAX_LENGTH)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_as = models.CharField(max_length=12, choices=PublishedAs.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Publishing does not touch it (services save with update_fields), so "updated" shows only for
    # changes made after publication.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("response to a consultation")
        verbose_name_plural = _("responses to consultations")

    def __str__(self) -> str:
        return f"response to consultation #{self.consultation_id}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def updated_since_publication(self) -> bool:
        return self.published_at is not None and self.updated_at > self.published_at

    @property
    def publisher_name(self) -> str:
        """Who answered, as the public sees it: the organisation, or the policymaker's display name.
        Needs ``consultation__organisation`` and ``published_by`` loaded to cost nothing."""
        if self.published_as == self.PublishedAs.POLICYMAKER and self.published_by is not None:
            return self.published_by.public_name
        return self.consultation.organisation.name


class Commitment(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="commitments")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("commitment"), max_length=COMMITMENT_MAX_LENGTH)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    # Due date while planned or in progress, the day it was done once done.
    date = models.DateField(_("date"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return f"commitment #{self.pk} of response #{self.response_id}"


class ResponseNotice(models.Model):
    """ "The organisers answered": shown to a participant on their next visits until dismissed.

    The unique (user, response) pair is the idempotency key of the notification: a participant is
    emailed only when their notice row is created, so re-publishing or re-running sends nothing twice.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="response_notices")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="notices")
    created_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "response"], name="one_response_notice_per_person"),
        ]
        indexes = [
            # Every page a signed-in person opens asks for their unseen notices.
            models.Index(fields=["user"], condition=models.Q(seen_at__isnull=True), name="response_notice_unseen"),
        ]
        verbose_name = _("response notice")
        verbose_name_plural = _("response notices")

    def __str__(self) -> str:
        return f"notice of response #{self.response_id} for user #{self.user_id}"
