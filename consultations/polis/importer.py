"""Importing a Pol.is open-data directory into one question of a consultation.

Pol.is participants are not platform users: each gets an inactive placeholder account that nobody
can sign in to. Everything happens in one transaction; the files are checked completely first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from django.conf.locale import LANG_INFO
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultations.models import COUNTER_FOR_CHOICE, Comment, Vote
from consultations.moderation.figures import figures_recount
from consultations.pages import ConsultationQuestion
from consultations.polis.models import ImportedConversation, ImportedParticipant
from consultations.polis.reader import PolisConversation, PolisVote, polis_read
from youthvoice.accounts.models import User
from youthvoice.errors import ServiceError

BATCH_SIZE = 2000
PLACEHOLDER_EMAIL_DOMAIN = "imported.invalid"  # .invalid never resolves (RFC 2606): no mail can go out

# (stage shown to people, rows done, rows in the stage)
Progress = Callable[[str, int, int], None]


def polis_import(
    *,
    directory: Path,
    question: ConsultationQuestion,
    language: str = "",
    again: bool = False,
    progress: Progress | None = None,
) -> ImportedConversation:
    """Import accepted and unmoderated comments and each participant's latest votes on them.

    Refused when the same files were imported into this question before, unless ``again``."""
    if language and language not in LANG_INFO:
        raise ServiceError(
            "bad_language",
            _('"%(code)s" is not a language code (for example en, fr, sr-latn).') % {"code": language},
        )
    conversation = polis_read(directory=directory)
    report = progress or _no_progress
    with transaction.atomic():
        # Locked so that two imports of the same files cannot both pass the check below.
        ConsultationQuestion.objects.select_for_update().filter(pk=question.pk).first()
        _refuse_repeat(conversation, question, again=again)
        participant_ids = conversation.participant_ids
        imported = ImportedConversation.objects.create(
            consultation_id=question.page_id,
            question=question,
            source_name=conversation.source_name[:200],
            topic=conversation.topic,
            source_url=conversation.url,
            files_sha256=conversation.files_sha256,
            comments_imported=len(conversation.comments),
            comments_skipped=conversation.rejected_comments,
            participants=len(participant_ids),
            votes_kept=len(conversation.votes),
            votes_superseded=conversation.superseded_votes,
        )
        users = _create_participants(imported, participant_ids, report)
        comments = _create_comments(conversation, question, users, language, report)
        _create_votes(conversation.votes, comments, users, report)
        figures_recount([question.page_id])
    return imported


def _no_progress(stage: str, done: int, total: int) -> None:
    """Progress is for people watching a command; services called from code report nothing."""


def _refuse_repeat(conversation: PolisConversation, question: ConsultationQuestion, *, again: bool) -> None:
    earlier = (
        ImportedConversation.objects.filter(question=question, files_sha256=conversation.files_sha256)
        .order_by("-imported_at")
        .first()
    )
    if earlier is not None and not again:
        raise ServiceError(
            "already_imported",
            _(
                "These files were already imported into this question on %(date)s (import #%(id)d). "
                "Importing them again would duplicate every comment; use --again if that is what you want."
            )
            % {"date": date_format(localtime(earlier.imported_at), "DATETIME_FORMAT"), "id": earlier.pk},
        )


def _batches[T](items: Sequence[T]) -> list[Sequence[T]]:
    return [items[start : start + BATCH_SIZE] for start in range(0, len(items), BATCH_SIZE)]


def _create_participants(imported: ImportedConversation, polis_ids: list[int], report: Progress) -> dict[int, int]:
    """One inactive account per participant, with no password and no personal data: Pol.is id -> user id."""
    stage = gettext("Participants")
    users: dict[int, int] = {}
    for batch in _batches(polis_ids):
        created = User.objects.bulk_create(
            [
                User(
                    email=f"polis-{imported.pk}-{polis_id}@{PLACEHOLDER_EMAIL_DOMAIN}",
                    display_name=(gettext("Pol.is participant %(number)d") % {"number": polis_id})[:40],
                    is_active=False,
                    password=make_password(None),
                )
                for polis_id in batch
            ]
        )
        users.update(zip(batch, (user.pk for user in created), strict=True))
        ImportedParticipant.objects.bulk_create(
            [
                ImportedParticipant(conversation=imported, user_id=users[polis_id], polis_id=polis_id)
                for polis_id in batch
            ]
        )
        report(stage, len(users), len(polis_ids))
    return users


def _create_comments(
    conversation: PolisConversation,
    question: ConsultationQuestion,
    users: dict[int, int],
    language: str,
    report: Progress,
) -> dict[int, int]:
    """Published comments with their counters already set from the votes: Pol.is id -> comment id."""
    tallies: dict[int, dict[str, int]] = {}
    for vote in conversation.votes:
        counters = tallies.setdefault(vote.comment_id, {})
        counter = COUNTER_FOR_CHOICE[Vote.Choice(vote.choice)]
        counters[counter] = counters.get(counter, 0) + 1
    stage = gettext("Comments")
    comments: dict[int, int] = {}
    for batch in _batches(conversation.comments):
        created = Comment.objects.bulk_create(
            [
                Comment(
                    consultation_id=question.page_id,
                    question=question,
                    author_id=users[comment.author_id],
                    body=comment.body,
                    language=language,
                    status=Comment.Status.PUBLISHED,
                    **tallies.get(comment.polis_id, {}),
                )
                for comment in batch
            ]
        )
        ids = [row.pk for row in created]
        comments.update(zip((comment.polis_id for comment in batch), ids, strict=True))
        _set_times(Comment, "created_at", rows=[(pk, c.created_at) for pk, c in zip(ids, batch, strict=True)])
        report(stage, len(comments), len(conversation.comments))
    return comments


def _create_votes(votes: list[PolisVote], comments: dict[int, int], users: dict[int, int], report: Progress) -> None:
    stage = gettext("Votes")
    done = 0
    for batch in _batches(votes):
        created = Vote.objects.bulk_create(
            [
                Vote(comment_id=comments[vote.comment_id], voter_id=users[vote.voter_id], choice=vote.choice)
                for vote in batch
            ]
        )
        _set_times(
            Vote,
            "created_at",
            "updated_at",
            rows=[(row.pk, vote.cast_at, vote.changed_at) for row, vote in zip(created, batch, strict=True)],
        )
        done += len(batch)
        report(stage, done, len(votes))


def _set_times(model: type[models.Model], *columns: str, rows: list[tuple[int, *tuple[datetime, ...]]]) -> None:
    """Give freshly inserted rows their original times in one UPDATE from a VALUES list.

    ``auto_now_add``/``auto_now`` overwrite whatever bulk_create is given, and changing those field
    options would affect every other writer. Columns of a bare VALUES list are named column1,
    column2, … by both PostgreSQL and SQLite."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    placeholders = ", ".join(["(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"] * len(rows))
    assignments = ", ".join(f"{quote(column)} = v.column{position}" for position, column in enumerate(columns, 2))
    params: list[object] = []
    for pk, *moments in rows:
        params.append(pk)
        params.extend(connection.ops.adapt_datetimefield_value(moment) for moment in moments)
    key = quote(model._meta.pk.column)
    # Identifiers come from the model's metadata and every value is a parameter.
    sql = f"UPDATE {table} SET {assignments} FROM (VALUES {placeholders}) AS v WHERE {table}.{key} = v.column1"  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
