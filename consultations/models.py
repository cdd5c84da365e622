"""Discussion models: comments, votes and the per-consultation event log. Wagtail page models live in
``pages.py`` and are re-exported here so Django discovers them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultations.pages import ConsultationIndexPage, ConsultationPage, ConsultationQuestion, HomePage

COMMENT_MAX_LENGTH = 2000


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden by moderators")
        REMOVED = "removed", _("Removed by its author")

    consultation = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="comments")
    question = models.ForeignKey(ConsultationQuestion, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    # SET_NULL: a deleted account leaves its comments as "deleted participant", text removed.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    language = models.CharField(max_length=12, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    hidden_reason = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Counters kept in the same transaction as the votes: pages never count votes.
    agree_count = models.PositiveIntegerField(default=0)
    disagree_count = models.PositiveIntegerField(default=0)
    pass_count = models.PositiveIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)
    # Bumped with every vote change (under the row lock): the newest tally wins when coalescing.
    tally_version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # Client-generated key of the message that created it: a retried message creates nothing new.
    client_key = models.CharField(max_length=64, blank=True)
    # Age band of the author when posting (never the birth date): moderators filter by it and
    # digests count by it, without reading anyone's account.
    author_age_band = models.CharField(max_length=8, blank=True)

    # Moderation (consultations/moderation/): a comment is "in the queue" while it waits for a
    # human — held before publishing, reported, or hidden automatically — from ``queued_at`` on.
    # ``held_for`` lists why, as comma-separated codes (see moderation.queue.HoldCode).
    in_queue = models.BooleanField(default=False)
    queued_at = models.DateTimeField(null=True, blank=True)
    held_for = models.CharField(max_length=200, blank=True)
    flag_count = models.PositiveIntegerField(default=0)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["question", "status", "-created_at", "-id"], name="comment_newest"),
            models.Index(fields=["question", "status", "-agree_count", "-id"], name="comment_agreed"),
            models.Index(fields=["parent", "created_at"], name="comment_replies"),
            models.Index(fields=["queued_at", "id"], condition=Q(in_queue=True), name="comment_queue"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_key"], condition=~Q(client_key=""), name="comment_idempotency_key"
            ),
        ]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"comment #{self.pk}"

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    @property
    def held_message(self) -> str:
        """Why this comment waits for a moderator, as its author is told."""
        from consultations.moderation.holds import author_message

        return author_message(self.held_for)

    @property
    def hidden_reason_label(self) -> str:
        """The reason shown in place of a hidden comment, in the reader's language."""
        from consultations.moderation.reasons import reason_label

        return reason_label(self.hidden_reason)


class Vote(models.Model):
    class Choice(models.TextChoices):
        AGREE = "agree", _("Agree")
        DISAGREE = "disagree", _("Disagree")
        PASS = "pass", _("Pass")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    # SET_NULL: a deleted account's votes still count, linked to nobody.
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="votes"
    )
    choice = models.CharField(max_length=8, choices=Choice.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "voter"], condition=Q(voter__isnull=False), name="one_vote_per_person"
            ),
        ]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return f"{self.choice} on comment #{self.comment_id}"


COUNTER_FOR_CHOICE = {
    Vote.Choice.AGREE: "agree_count",
    Vote.Choice.DISAGREE: "disagree_count",
    Vote.Choice.PASS: "pass_count",
}


class ConsultationStream(models.Model):
    """The sequence counter of one consultation's public events (locked while an event is added)."""

    consultation = models.OneToOneField(ConsultationPage, on_delete=models.CASCADE, related_name="stream")
    last_seq = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"stream of consultation #{self.consultation_id} at {self.last_seq}"


class ConsultationEvent(models.Model):
    """Public events, kept so a reconnecting client can replay what it missed."""

    consultation = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="events")
    seq = models.BigIntegerField()
    type = models.CharField(max_length=40)
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consultation", "seq"], name="event_seq_unique")]

    def __str__(self) -> str:
        return f"{self.type} #{self.seq}"


__all__ = [
    "Comment",
    "ConsultationEvent",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ConsultationQuestion",
    "ConsultationStream",
    "HomePage",
    "Vote",
]
