"""Moderation writes: reports, approvals, hiding, restoring, escalation, suspension, claims.

Each checks the actor's right (moderator of the consultation's organisation or of a co-host), writes
in a transaction with the comment row locked, logs the action to the append-only audit log, moves the
public figures, and after commit updates viewers (the live participation events) and moderators.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations import realtime
from consultations.models import Comment
from consultations.moderation import holds
from consultations.moderation.figures import figures_move
from consultations.moderation.live import queue_notify
from consultations.moderation.models import Flag, ModerationAction, Suspension
from consultations.moderation.reasons import Reason
from consultations.moderation.scope import can_moderate, hosting_organisation_ids
from consultations.payloads import comment_event_payload
from youthvoice import ratelimit
from youthvoice.accounts.models import User
from youthvoice.errors import ServiceError
from youthvoice.realtime import send_to_user

Action = ModerationAction.Action


def log_action(
    *,
    action: str,
    comment: Comment | None = None,
    actor: User | None = None,
    reason: str = "",
    note: str = "",
    subject: User | None = None,
    organisation_id: int | None = None,
) -> ModerationAction:
    """Append one entry to the audit log (inside the acting transaction)."""
    consultation = comment.consultation if comment is not None else None
    return ModerationAction.objects.create(
        action=action,
        actor=actor,
        is_automatic=actor is None,
        organisation_id=organisation_id or (consultation.organisation_id if consultation else None),
        consultation=consultation,
        comment=comment,
        subject=subject,
        reason=reason[:200],
        note=note[:1000],
    )


def _locked_comment(comment_id: int) -> Comment:
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("consultation", "author")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        raise ServiceError("not_found", _("That comment does not exist."))
    return comment


def _moderated_comment(moderator: User, comment_id: int) -> Comment:
    comment = _locked_comment(comment_id)
    if not can_moderate(moderator, comment.consultation):
        # The same answer as for a missing comment: other organisations' queues are not revealed.
        raise ServiceError("not_found", _("That comment does not exist."))
    return comment


def _state(comment: Comment) -> tuple[str, str]:
    return (comment.status, comment.hidden_reason)


def _leave_queue(comment: Comment) -> None:
    comment.in_queue = False
    comment.claimed_by = None
    comment.claimed_at = None


def _enter_queue(comment: Comment, code: str) -> bool:
    """Returns whether the comment is new in the queue (moderators are told once)."""
    comment.held_for = holds.with_code(comment.held_for, code)
    if comment.in_queue:
        return False
    comment.in_queue = True
    comment.queued_at = timezone.now()
    return True


_QUEUE_FIELDS = ["in_queue", "queued_at", "held_for", "claimed_by", "claimed_at"]


def _publish_change(comment: Comment, *, was_public: bool) -> None:
    """Viewers see the change: a newly public comment is created for them, a public one updated;
    changes the public never saw go to the author only."""
    payload = comment_event_payload(comment)
    if comment.status == Comment.Status.PUBLISHED and not was_public:
        realtime.event_record(consultation_id=comment.consultation_id, type="comment.created", payload=payload)
    elif was_public:
        realtime.event_record(consultation_id=comment.consultation_id, type="comment.updated", payload=payload)
    if comment.author_id:
        author_id = comment.author_id
        transaction.on_commit(lambda: send_to_user(author_id, {"type": "comment.updated", "seq": None, **payload}))


def _resolved(comment: Comment, action: str) -> None:
    queue_notify(
        hosting_organisation_ids(comment.consultation),
        {"type": "queue.resolved", "comment": comment.pk, "action": action},
    )


def comment_approve(*, moderator: User, comment_id: int) -> Comment:
    """Publish a held comment, dismiss the reports on a published one, or bring back an auto-hidden one."""
    with transaction.atomic():
        comment = _moderated_comment(moderator, comment_id)
        if comment.status == Comment.Status.REMOVED:
            raise ServiceError("not_moderatable", _("Its author removed this comment."))
        before, was_public = _state(comment), comment.status == Comment.Status.PUBLISHED
        newly_public_reply = comment.parent_id is not None and not was_public
        comment.status, comment.hidden_reason = Comment.Status.PUBLISHED, ""
        _leave_queue(comment)
        comment.save(update_fields=["status", "hidden_reason", *_QUEUE_FIELDS, "updated_at"])
        if newly_public_reply:
            Comment.objects.filter(pk=comment.parent_id).update(reply_count=F("reply_count") + 1)
        figures_move(consultation_id=comment.consultation_id, before=before, after=_state(comment))
        log_action(action=Action.APPROVED, comment=comment, actor=moderator)
        _publish_change(comment, was_public=was_public or before[0] == Comment.Status.HIDDEN)
        _resolved(comment, Action.APPROVED)
    return comment


def _hide(comment: Comment, reason: str) -> tuple[str, str]:
    before = _state(comment)
    if comment.parent_id is not None and comment.status == Comment.Status.PUBLISHED:
        Comment.objects.filter(pk=comment.parent_id, reply_count__gt=0).update(reply_count=F("reply_count") - 1)
    comment.status, comment.hidden_reason = Comment.Status.HIDDEN, reason
    figures_move(consultation_id=comment.consultation_id, before=before, after=_state(comment))
    return before


def comment_hide(*, moderator: User, comment_id: int, reason: str, note: str = "") -> Comment:
    if reason not in Reason.values:
        raise ServiceError(
            "reason_required", _("Choose a reason: it is shown to the author and in place of the comment.")
        )
    with transaction.atomic():
        comment = _moderated_comment(moderator, comment_id)
        if comment.status in (Comment.Status.REMOVED, Comment.Status.HIDDEN):
            raise ServiceError("not_moderatable", _("This comment is already hidden or removed."))
        was_public = comment.status == Comment.Status.PUBLISHED
        _hide(comment, reason)
        _leave_queue(comment)
        comment.save(update_fields=["status", "hidden_reason", *_QUEUE_FIELDS, "updated_at"])
        log_action(action=Action.HIDDEN, comment=comment, actor=moderator, reason=reason, note=note)
        _publish_change(comment, was_public=was_public)
        _resolved(comment, Action.HIDDEN)
    return comment


def comment_restore(*, moderator: User, comment_id: int) -> Comment:
    with transaction.atomic():
        comment = _moderated_comment(moderator, comment_id)
        if comment.status != Comment.Status.HIDDEN:
            raise ServiceError("not_hidden", _("Only hidden comments can be restored."))
        return _restore(comment, moderator)


def _restore(comment: Comment, moderator: User) -> Comment:
    before = _state(comment)
    comment.status, comment.hidden_reason = Comment.Status.PUBLISHED, ""
    _leave_queue(comment)
    comment.save(update_fields=["status", "hidden_reason", *_QUEUE_FIELDS, "updated_at"])
    if comment.parent_id is not None:
        Comment.objects.filter(pk=comment.parent_id).update(reply_count=F("reply_count") + 1)
    figures_move(consultation_id=comment.consultation_id, before=before, after=_state(comment))
    log_action(action=Action.RESTORED, comment=comment, actor=moderator)
    _publish_change(comment, was_public=True)
    _resolved(comment, Action.RESTORED)
    return comment


def comment_claim(*, moderator: User, comment_id: int) -> Comment:
    """Take an item: the other moderators see at once who is handling it."""
    with transaction.atomic():
        comment = _moderated_comment(moderator, comment_id)
        if not comment.in_queue:
            raise ServiceError("not_in_queue", _("This item has already been dealt with."))
        comment.claimed_by, comment.claimed_at = moderator, timezone.now()
        comment.save(update_fields=["claimed_by", "claimed_at"])
        # Logged too: the log then shows who had an item in hand when a decision is questioned.
        log_action(action=Action.CLAIMED, comment=comment, actor=moderator)
        queue_notify(
            hosting_organisation_ids(comment.consultation),
            {"type": "queue.claimed", "comment": comment.pk, "by": moderator.public_name, "by_id": moderator.pk},
        )
    return comment


def comment_flag(*, reporter: User, comment_id: int, reason: str) -> Comment:
    """A participant reports a comment; enough distinct reports hide it until a moderator looks."""
    from consultations.services import require_may_write_in

    if reason not in Reason.values:
        raise ServiceError("reason_required", _("Choose why you are reporting this comment."))
    with transaction.atomic():
        comment = _locked_comment(comment_id)
        if not comment.consultation.live or comment.status != Comment.Status.PUBLISHED:
            raise ServiceError("not_found", _("That comment does not exist."))
        require_may_write_in(reporter, comment.consultation)
        if comment.author_id == reporter.pk:
            raise ServiceError("own_comment", _("You cannot report your own comment."))
        if not ratelimit.hit("flag", f"user:{reporter.pk}"):
            raise ServiceError("rate_limited", _("You are going a bit fast. Please wait a minute and try again."))
        try:
            with transaction.atomic():
                Flag.objects.create(comment=comment, reporter=reporter, reason=reason)
        except IntegrityError:
            raise ServiceError("already_reported", _("You have already reported this comment. Thank you.")) from None
        comment.flag_count += 1
        newly_queued = _enter_queue(comment, holds.FLAG_PREFIX + reason)
        threshold = settings.YOUTHVOICE_FLAG_HIDE_THRESHOLD
        auto_hide = comment.flag_count >= threshold
        if auto_hide:
            reasons = Counter(comment.flags.values_list("reason", flat=True))
            _hide(comment, reasons.most_common(1)[0][0])
            comment.held_for = holds.with_code(comment.held_for, holds.AUTO_HIDDEN)
            log_action(action=Action.AUTO_HIDDEN, comment=comment, reason=comment.hidden_reason,
                       note=f"{comment.flag_count} reports")  # fmt: skip
            _publish_change(comment, was_public=True)
        comment.save(update_fields=["flag_count", "status", "hidden_reason", *_QUEUE_FIELDS, "updated_at"])
        if newly_queued or auto_hide:
            queue_notify(
                hosting_organisation_ids(comment.consultation),
                {"type": "queue.added", "comment": comment.pk, "consultation": comment.consultation_id},
            )
    return comment


def hold_new_comment(comment: Comment, codes: list[str]) -> None:
    """A new comment stored as pending (pre-moderation or screening): queue it, log it, count it.
    Called by ``comment_create`` inside its transaction."""
    for code in codes:
        _enter_queue(comment, code)
    Comment.objects.filter(pk=comment.pk).update(in_queue=True, queued_at=comment.queued_at, held_for=comment.held_for)
    log_action(action=Action.HELD, comment=comment, reason=comment.held_for)
    queue_notify(
        hosting_organisation_ids(comment.consultation),
        {"type": "queue.added", "comment": comment.pk, "consultation": comment.consultation_id},
    )


def concern_escalate(*, moderator: User, comment_id: int, note: str = "") -> Comment:
    """Email the organisation's safeguarding contacts the content and a link. Never public."""
    from consultations.moderation.emails import send_safeguarding_concern

    with transaction.atomic():
        comment = _moderated_comment(moderator, comment_id)
        contacts = list(
            User.objects.filter(
                memberships__organisation_id=comment.consultation.organisation_id,
                memberships__is_safeguarding_contact=True,
                is_active=True,
            ).distinct()
        )
        if not contacts:
            raise ServiceError(
                "no_safeguarding_contact",
                _(
                    "This organisation has no safeguarding contact. Ask a platform admin to name one, "
                    "and act on the concern meanwhile."
                ),
            )
        log_action(action=Action.ESCALATED, comment=comment, actor=moderator, reason=Reason.AT_RISK, note=note)
        comment_pk = comment.pk
        transaction.on_commit(
            lambda: send_safeguarding_concern(comment_id=comment_pk, contacts=contacts, moderator=moderator, note=note)
        )
    return comment


def participant_suspend(*, moderator: User, comment_id: int, days: int, reason: str) -> Suspension:
    """Suspend a comment's author from the consultation's organisation for ``days`` days."""
    if reason not in Reason.values:
        raise ServiceError("reason_required", _("Choose a reason for the suspension."))
    if not 1 <= days <= 365:
        raise ServiceError("bad_days", _("A suspension lasts from 1 to 365 days."))
    with transaction.atomic():
        comment = _moderated_comment(moderator, comment_id)
        if comment.author is None:
            raise ServiceError("no_author", _("This comment's author has deleted their account."))
        until = timezone.now() + timedelta(days=days)
        suspension = Suspension.objects.create(
            user=comment.author, organisation_id=comment.consultation.organisation_id, until=until,
            reason=reason, created_by=moderator,
        )  # fmt: skip
        log_action(action=Action.SUSPENDED, comment=comment, actor=moderator, reason=reason,
                   note=f"{days} days", subject=comment.author)  # fmt: skip
    return suspension


def active_suspension(user: User, organisation_id: int) -> Suspension | None:
    return Suspension.objects.filter(user=user, organisation_id=organisation_id, until__gt=timezone.now()).first()


BULK_ACTIONS = ("approve", "hide")


def comments_bulk(
    *, moderator: User, comment_ids: list[int], action: str, reason: str = ""
) -> tuple[int, list[ServiceError]]:
    """Approve or hide many items; each is its own transaction and audit entry."""
    if action not in BULK_ACTIONS:
        raise ServiceError("bad_action", _("Choose approve or hide."))
    if action == "hide" and reason not in Reason.values:
        raise ServiceError(
            "reason_required", _("Choose a reason: it is shown to the author and in place of the comment.")
        )
    done, errors = 0, []
    for comment_id in comment_ids[:100]:
        try:
            if action == "approve":
                comment_approve(moderator=moderator, comment_id=comment_id)
            else:
                comment_hide(moderator=moderator, comment_id=comment_id, reason=reason)
            done += 1
        except ServiceError as error:
            errors.append(error)
    return done, errors
