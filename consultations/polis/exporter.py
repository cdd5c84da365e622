"""Export of one question's published comments and their votes in the Pol.is open-data layout.

What leaves the platform is open data: comment texts, votes and times, nothing else. Participants
appear under numbers drawn afresh for every export, so files cannot be linked to accounts or to
each other. Votes are streamed from the database in chunks: memory grows with the number of comments
and participants, never with the number of votes.
"""

from __future__ import annotations

import csv
import io
import secrets
import zipfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, BinaryIO

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from consultations.models import Comment, Vote
from consultations.pages import ConsultationQuestion
from consultations.polis.layout import (
    ACCEPTED,
    COMMENTS_FILE,
    COMMENTS_HEADER,
    SUMMARY_FILE,
    SUMMARY_KEYS,
    VOTE_CODES,
    VOTES_FILE,
    VOTES_HEADER,
    epoch_ms,
    polis_datetime,
)

DEFAULT_CHUNK_SIZE = 2000

OpenFile = Callable[[str], AbstractContextManager[IO[str]]]


@dataclass(frozen=True)
class ExportSummary:
    comments: int
    votes: int
    voters: int
    commenters: int


@dataclass(frozen=True)
class _ExportedComment:
    pk: int
    author_id: int
    created_at: datetime
    body: str


def polis_export(
    *, question: ConsultationQuestion, directory: Path, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> ExportSummary:
    """Write comments.csv, votes.csv and summary.csv into ``directory`` (created if missing)."""
    directory.mkdir(parents=True, exist_ok=True)

    def open_file(name: str) -> AbstractContextManager[IO[str]]:
        return (directory / name).open("w", newline="", encoding="utf-8")

    return _export(question, open_file, chunk_size)


def polis_export_zip(
    *, question: ConsultationQuestion, target: BinaryIO, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> ExportSummary:
    """The same three files in a zip archive written to ``target`` (a file, or ``io.BytesIO``)."""
    written_at = timezone.localtime().timetuple()[:6]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        @contextmanager
        def open_file(name: str) -> Iterator[IO[str]]:
            entry = zipfile.ZipInfo(name, date_time=written_at)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with io.TextIOWrapper(archive.open(entry, "w"), encoding="utf-8", newline="") as handle:
                yield handle

        return _export(question, open_file, chunk_size)


def _exported_comments(question: ConsultationQuestion) -> QuerySet[Comment]:
    # Published only. Never a comment whose author's guardian withdrew consent: such contributions
    # are hidden everywhere. The inner join on the author also leaves out comments without one.
    return Comment.objects.filter(
        question=question, status=Comment.Status.PUBLISHED, author__contributions_hidden=False
    )


def _exported_votes(question: ConsultationQuestion) -> QuerySet[Vote]:
    # Votes of deleted accounts (no voter) are left out: there is no participant to attribute them to.
    return Vote.objects.filter(comment__in=_exported_comments(question), voter__contributions_hidden=False)


def _export(question: ConsultationQuestion, open_file: OpenFile, chunk_size: int) -> ExportSummary:
    # One transaction: PostgreSQL then streams each query through a plain server-side cursor.
    with transaction.atomic():
        comments = [
            _ExportedComment(*row)
            for row in _exported_comments(question)
            .order_by("created_at", "id")
            .values_list("id", "author_id", "created_at", "body")
            .iterator(chunk_size=chunk_size)
        ]
        authors = {comment.author_id for comment in comments}
        voters = _exported_votes(question).values_list("voter_id", flat=True).order_by().distinct()
        participant_of = _random_numbers(authors.union(voters.iterator(chunk_size=chunk_size)))
        with open_file(VOTES_FILE) as handle:
            tallies = _write_votes(handle, question, comments, participant_of, chunk_size)
        with open_file(COMMENTS_FILE) as handle:
            _write_comments(handle, comments, participant_of, tallies)
        summary = ExportSummary(
            comments=len(comments), votes=tallies.votes, voters=len(tallies.voters), commenters=len(authors)
        )
        with open_file(SUMMARY_FILE) as handle:
            _write_summary(handle, question, summary)
    return summary


@dataclass
class _Tallies:
    """What votes.csv holds, for comments.csv and summary.csv to agree with it exactly."""

    agrees: list[int]
    disagrees: list[int]
    voters: set[int] = field(default_factory=set)
    votes: int = 0


def _write_votes(
    handle: IO[str],
    question: ConsultationQuestion,
    comments: list[_ExportedComment],
    participant_of: dict[int, int],
    chunk_size: int,
) -> _Tallies:
    number_of = {comment.pk: number for number, comment in enumerate(comments)}
    tallies = _Tallies(agrees=[0] * len(comments), disagrees=[0] * len(comments))
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(VOTES_HEADER)
    votes = (
        _exported_votes(question)
        .order_by("comment_id", "voter_id")
        .values_list("comment_id", "voter_id", "choice", "updated_at")
        .iterator(chunk_size=chunk_size)
    )
    for comment_id, voter_id, choice, cast_at in votes:
        number, participant = number_of.get(comment_id), participant_of.get(voter_id)
        if number is None or participant is None:  # written after the queries above began
            continue
        writer.writerow((epoch_ms(cast_at), polis_datetime(cast_at), number, participant, VOTE_CODES[choice]))
        if choice == Vote.Choice.AGREE:
            tallies.agrees[number] += 1
        elif choice == Vote.Choice.DISAGREE:
            tallies.disagrees[number] += 1
        tallies.voters.add(participant)
        tallies.votes += 1
    return tallies


def _write_comments(
    handle: IO[str], comments: list[_ExportedComment], participant_of: dict[int, int], tallies: _Tallies
) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(COMMENTS_HEADER)
    for number, comment in enumerate(comments):
        writer.writerow(
            (
                epoch_ms(comment.created_at),
                polis_datetime(comment.created_at),
                number,
                participant_of[comment.author_id],
                tallies.agrees[number],
                tallies.disagrees[number],
                ACCEPTED,
                comment.body,
            )
        )


def _random_numbers(user_ids: set[int]) -> dict[int, int]:
    """Participant numbers 0…n-1 in an order drawn from the system's randomness, new on every export."""
    ordered = sorted(user_ids)
    secrets.SystemRandom().shuffle(ordered)
    return {user_id: number for number, user_id in enumerate(ordered)}


def _write_summary(handle: IO[str], question: ConsultationQuestion, summary: ExportSummary) -> None:
    page = question.page
    values = {
        "topic": page.title,
        "url": page.full_url or "",
        "views": "",  # page views are not counted on this platform
        "voters": summary.voters,
        "voters-in-conv": summary.voters,
        "commenters": summary.commenters,
        "comments": summary.comments,
        "groups": 0,  # opinion groups are Pol.is' clustering, which this platform does not do
        "conversation-description": question.text,
    }
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerows((key, values[key]) for key in SUMMARY_KEYS)
