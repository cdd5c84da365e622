"""Discussion writes: comments and votes. The one write path for HTTP forms and the WebSocket alike.

Each function checks (permission, rate limit, rules), writes in a transaction (locking the rows whose
counters change) and publishes after commit through ``realtime``.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from consultations import realtime, vote_sql
from consultations.models import COMMENT_MAX_LENGTH, COUNTER_FOR_CHOICE, Comment, Vote
from consultations.moderation.figures import figures_move
from consultations.moderation.holds import PRE_MODERATION
from consultations.moderation.models import Suspension
from consultations.moderation.screening import screen
from consultations.moderation.services import hold_new_comment
from consultations.pages import ConsultationPage, ModerationMode
from consultations.payloads import comment_event_payload
from consultations.status import ConsultationStatus, status_at
from consultations.text import clean_body
from consultations.translations import is_offered_language
from youthvoice import ratelimit
from youthvoice.accounts.age import age_band
from youthvoice.accounts.models import User
from youthvoice.accounts.permissions import participation_decision
from youthvoice.errors import ServiceError
from youthvoice.realtime import send_to_user


def _require_participant(user: User) -> None:
    decision = participation_decision(user)
    if not decision.allowed:
        raise ServiceError(decision.reason.value, decision.message)


def require_may_write_in(user: User, consultation: ConsultationPage) -> None:
    """Take part here: allowed to participate at all, and not suspended by the organisation."""
    from consultations.moderation.services import active_suspension

    _require_participant(user)
    _refuse_if_suspended(active_suspension(user, consultation.organisation_id))


def _refuse_if_suspended(suspension: object) -> None:
    if suspension is not None:
        raise ServiceError(
            "suspended",
            _("The organisation running this consultation has suspended you from taking part until %(date)s.")
            % {"date": date_format(timezone.localtime(suspension.until), "DATETIME_FORMAT")},
        )


def _require_open(consultation: ConsultationPage) -> None:
    _require_open_at(consultation.status)


def _require_open_at(status: ConsultationStatus) -> None:
    if status == ConsultationStatus.UPCOMING:
        raise ServiceError("not_open_yet", _("This consultation has not opened yet."))
    if status == ConsultationStatus.CLOSED:
        raise ServiceError("closed", _("This consultation has closed: comments and votes are no longer taken."))


def _rate(action: str, user: User) -> None:
    if not ratelimit.hit(action, f"user:{user.pk}"):
        raise ServiceError("rate_limited", _("You are going a bit fast. Please wait a minute and try again."))


def _valid_body(body: str) -> str:
    body = clean_body(body)
    if not body:
        raise ServiceError("empty", _("Write something before posting."))
    if len(body) > COMMENT_MAX_LENGTH:
        raise ServiceError(
            "too_long",
            ngettext(
                "Comments can be at most %(max)d characters; this one has %(count)d. Your text is kept below.",
                "Comments can be at most %(max)d characters; this one has %(count)d. Your text is kept below.",
                len(body),
            )
            % {"max": COMMENT_MAX_LENGTH, "count": len(body)},
        )
    return body


def needs_review(consultation: ConsultationPage, author: User) -> bool:
    """Pre-moderation: every comment, or comments by under-18s (the default)."""
    mode = consultation.moderation_mode
    return mode == ModerationMode.PRE_ALL or (mode == ModerationMode.PRE_MINORS and author.is_minor)


def comment_create(
    *,
    author: User,
    consultation: ConsultationPage,
    question_id: int,
    body: str,
    parent_id: int | None = None,
    client_key: str = "",
    language: str = "",
) -> Comment:
    """``language``: what the comment is written in, one of ``settings.LANGUAGES``; empty means the
    author's preferred language. ``consultation`` may be any translation: the comment joins the
    discussion of the original, which all translations share."""
    consultation = consultation.discussion_page
    require_may_write_in(author, consultation)
    client_key = (client_key or "")[:64]
    if client_key:
        existing = Comment.objects.filter(author=author, client_key=client_key).first()
        if existing is not None:  # a retried message: the same comment, nothing new
            return existing
    _require_open(consultation)
    body = _valid_body(body)
    language = _comment_language(language, author)
    if not consultation.questions.filter(pk=question_id).exists():
        raise ServiceError("bad_question", _("That question is not part of this consultation."))
    parent = None
    if parent_id is not None:
        parent = Comment.objects.filter(
            pk=parent_id, consultation=consultation, question_id=question_id, parent=None
        ).first()
        if parent is None or parent.status != Comment.Status.PUBLISHED:
            raise ServiceError("bad_parent", _("You can only reply to a published comment."))
    _rate("comment", author)
    hold_codes = _hold_codes(consultation, author, body, language)
    status = Comment.Status.PENDING if hold_codes else Comment.Status.PUBLISHED
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                consultation=consultation,
                question_id=question_id,
                parent=parent,
                author=author,
                body=body,
                language=language,
                status=status,
                client_key=client_key,
                author_age_band=age_band(author.date_of_birth, timezone.localdate()),
            )
            comment.author = author
            if parent is not None and status == Comment.Status.PUBLISHED:
                Comment.objects.filter(pk=parent.pk).update(reply_count=F("reply_count") + 1)
            figures_move(consultation_id=consultation.pk, before=None, after=(status, ""))
            if hold_codes:
                hold_new_comment(comment, hold_codes)
            _announce(comment, "comment.created")
    except IntegrityError:
        # The same key raced in from another connection: that one won.
        existing = Comment.objects.filter(author=author, client_key=client_key).first()
        if client_key and existing is not None:
            return existing
        raise
    return comment


def _comment_language(language: str, author: User) -> str:
    if not language:
        return author.language if is_offered_language(author.language) else settings.LANGUAGE_CODE
    if not is_offered_language(language):
        raise ServiceError("bad_language", _("Choose the language of your comment from the list offered."))
    return language


def _hold_codes(consultation: ConsultationPage, author: User, body: str, language: str) -> list[str]:
    """Why a new comment must wait for a moderator (none: it is published at once)."""
    codes = [PRE_MODERATION] if needs_review(consultation, author) else []
    return codes + [finding.value for finding in screen(body, language=language, is_minor=author.is_minor).findings]


def _announce(comment: Comment, event_type: str) -> None:
    """Published comments go to everyone (numbered, replayable); held ones only to their author."""
    payload = comment_event_payload(comment)
    if comment.status == Comment.Status.PENDING:
        author_id = comment.author_id
        transaction.on_commit(lambda: send_to_user(author_id, {"type": event_type, "seq": None, **payload}))
    else:
        realtime.event_record(consultation_id=comment.consultation_id, type=event_type, payload=payload)


def _own_comment(author: User, comment_id: int) -> Comment:
    comment = (
        Comment.objects.select_for_update(of=("self",)).select_related("consultation", "author").filter(pk=comment_id)
    ).first()
    if comment is None or comment.author_id != author.pk:
        raise ServiceError("not_yours", _("You can only change your own comments."))
    if comment.status in (Comment.Status.REMOVED, Comment.Status.HIDDEN):
        raise ServiceError("not_editable", _("This comment can no longer be changed."))
    return comment


def comment_edit(*, author: User, comment_id: int, body: str) -> Comment:
    _require_participant(author)
    body = _valid_body(body)
    with transaction.atomic():
        comment = _own_comment(author, comment_id)
        _require_open(comment.consultation)
        if timezone.now() - comment.created_at > timedelta(minutes=settings.YOUTHVOICE_EDIT_MINUTES):
            raise ServiceError(
                "edit_window_over",
                _("Comments can be edited for %(minutes)d minutes after posting.")
                % {"minutes": settings.YOUTHVOICE_EDIT_MINUTES},
            )
        comment.body = body
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at", "updated_at"])
        _announce(comment, "comment.updated")
    return comment


def comment_delete(*, author: User, comment_id: int) -> Comment:
    """The author removes a comment: its text goes, its place (and replies) stay."""
    with transaction.atomic():
        comment = _own_comment(author, comment_id)
        was_published = comment.status == Comment.Status.PUBLISHED
        before = (comment.status, comment.hidden_reason)
        comment.status = Comment.Status.REMOVED
        comment.body = ""
        comment.in_queue = False  # nothing left to review
        comment.save(update_fields=["status", "body", "in_queue", "updated_at"])
        figures_move(consultation_id=comment.consultation_id, before=before, after=None)
        if was_published:
            realtime.event_record(
                consultation_id=comment.consultation_id,
                type="comment.updated",
                payload=comment_event_payload(comment),
            )
    return comment


def vote_cast(*, voter: User, comment_id: int, choice: str | None, consultation_id: int | None = None) -> Comment:
    """Agree, disagree or pass; the same call changes the vote, and ``None`` retracts it.

    The hottest write, so its statements are written once as SQL (``vote_sql``): the comment read
    once, locked, with its page's dates and the voter's suspension (its counters change, and the
    lock orders this voter's votes on it), the voter's vote, and one write. ``consultation_id``
    restricts the comment to one consultation (the WebSocket's). Returns the comment with its new
    counts; its consultation is loaded only if asked for."""
    if choice is not None and choice not in Vote.Choice.values:
        raise ServiceError("bad_choice", _("Choose agree, disagree or pass."))
    _require_participant(voter)
    now = timezone.now()
    with transaction.atomic():
        locked = vote_sql.lock_comment(
            comment_id=comment_id, voter_id=voter.pk, consultation_id=consultation_id, now=now
        )
        if locked is None or not locked.page_live:
            raise ServiceError("not_found", _("That comment does not exist in this consultation."))
        if locked.parent_id is not None:
            raise ServiceError("not_votable", _("Votes are for comments, not replies."))
        if locked.status != Comment.Status.PUBLISHED:
            raise ServiceError(
                "not_votable", _("This comment is waiting for review or was hidden, so it cannot be voted on.")
            )
        if locked.author_id == voter.pk:
            raise ServiceError("own_comment", _("You cannot vote on your own comment."))
        if locked.voter_suspended_until is not None:
            _refuse_if_suspended(Suspension(until=locked.voter_suspended_until))
        _require_open_at(status_at(opens_at=locked.opens_at, closes_at=locked.closes_at, moment=now))
        _rate("vote", voter)
        previous = vote_sql.previous_choice(comment_id=comment_id, voter_id=voter.pk)
        # The fields read; any other loads from the database if asked for (deferred), never a default.
        comment = Comment.from_db(
            connection.alias,
            ["id", "consultation_id", "agree_count", "disagree_count", "pass_count", "tally_version"],
            [locked.id, locked.consultation_id, locked.agree_count, locked.disagree_count, locked.pass_count,
             locked.tally_version],
        )  # fmt: skip
        if previous == choice:
            return comment
        # The row is locked: its counts are current, so the new ones are known without re-reading.
        deltas: dict[str, int] = {}
        if previous:
            deltas[previous] = -1
        if choice:
            deltas[choice] = deltas.get(choice, 0) + 1
        vote_sql.record_vote(
            comment_id=comment_id, voter_id=voter.pk, previous=previous, choice=choice, deltas=deltas, now=now
        )
        for name, delta in deltas.items():
            counter = COUNTER_FOR_CHOICE[Vote.Choice(name)]
            setattr(comment, counter, getattr(comment, counter) + delta)
        comment.tally_version += 1
        tally, page_id = realtime.tally_of(comment), comment.consultation_id
        transaction.on_commit(lambda: realtime.tallies.add(page_id, tally))
    return comment
