"""Reading a Pol.is open-data directory. Every row is checked before anything is written, and a
problem is reported with the file and line it is on."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from consultations.models import COMMENT_MAX_LENGTH
from consultations.polis.layout import (
    ACCEPTED,
    CHOICE_FOR_CODE,
    COMMENTS_FILE,
    COMMENTS_REQUIRED,
    REJECTED,
    SUMMARY_FILE,
    UNMODERATED,
    VOTES_FILE,
    VOTES_REQUIRED,
    from_epoch_ms,
)
from consultations.text import clean_body
from youthvoice.errors import ServiceError


class PolisFormatError(ServiceError):
    """A file that cannot be imported, with where the problem is (``line`` 1 is the header)."""

    def __init__(self, *, file_name: str, line: int | None, problem: str) -> None:
        if line is None:
            message = _("%(file)s: %(problem)s") % {"file": file_name, "problem": problem}
        else:
            message = _("%(file)s, line %(line)d: %(problem)s") % {"file": file_name, "line": line, "problem": problem}
        super().__init__("malformed", message)
        self.file_name = file_name
        self.line = line


@dataclass(frozen=True)
class PolisComment:
    polis_id: int
    author_id: int
    created_at: datetime
    body: str


@dataclass(frozen=True)
class PolisVote:
    """A participant's latest vote on a comment: ``cast_at`` of their first row, ``changed_at`` of the last."""

    comment_id: int
    voter_id: int
    choice: str
    cast_at: datetime
    changed_at: datetime


@dataclass(frozen=True)
class PolisConversation:
    source_name: str
    files_sha256: str
    topic: str
    url: str
    comments: list[PolisComment]  # accepted and unmoderated ones, by comment id
    rejected_comments: int
    votes: list[PolisVote]  # the latest vote per participant and imported comment
    superseded_votes: int  # earlier rows of a participant on the same comment
    votes_on_rejected: int

    @property
    def participant_ids(self) -> list[int]:
        """Who wrote or voted on an imported comment; nobody else gets an account."""
        return sorted({c.author_id for c in self.comments} | {v.voter_id for v in self.votes})


def polis_read(*, directory: Path) -> PolisConversation:
    """Read and check ``comments.csv``, ``votes.csv`` and (if present) ``summary.csv``.

    Rejected comments (moderated = -1) and the votes on them are left out; of several votes by one
    participant on one comment the latest timestamp wins (the later row when two are equal)."""
    if not directory.is_dir():
        raise PolisFormatError(file_name=str(directory), line=None, problem=_("this is not a directory."))
    comments, rejected = _read_comments(directory / COMMENTS_FILE)
    votes, superseded, on_rejected = _read_votes(directory / VOTES_FILE, comments=comments, rejected=rejected)
    summary = _read_summary(directory / SUMMARY_FILE)
    return PolisConversation(
        source_name=directory.resolve().name,
        files_sha256=_files_sha256(directory / COMMENTS_FILE, directory / VOTES_FILE),
        topic=summary.get("topic", "")[:300],
        url=summary.get("url", "")[:300],
        comments=[comments[polis_id] for polis_id in sorted(comments)],
        rejected_comments=len(rejected),
        votes=votes,
        superseded_votes=superseded,
        votes_on_rejected=on_rejected,
    )


def _files_sha256(*paths: Path) -> str:
    combined = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            combined.update(hashlib.file_digest(handle, "sha256").digest())
    return combined.hexdigest()


def _records(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line where the record starts, {required column: value}) for every record of a CSV file."""
    name = path.name
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except FileNotFoundError:
        raise PolisFormatError(file_name=name, line=None, problem=_("the file is missing.")) from None
    except OSError as error:
        raise PolisFormatError(
            file_name=name, line=None, problem=_("the file cannot be read (%(error)s).") % {"error": error.strerror}
        ) from None
    line = 1
    with handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = [column.strip() for column in next(reader, [])]
            missing = [column for column in required if column not in header]
            if missing:
                problem = ngettext(
                    "the column %(columns)s is missing.", "the columns %(columns)s are missing.", len(missing)
                ) % {"columns": ", ".join(f'"{column}"' for column in missing)}
                raise PolisFormatError(file_name=name, line=1, problem=problem)
            positions = {column: header.index(column) for column in required}
            line = reader.line_num + 1
            for row in reader:
                if row:  # blank lines carry nothing
                    if len(row) != len(header):
                        problem = _("expected %(expected)d values, found %(found)d.") % {
                            "expected": len(header),
                            "found": len(row),
                        }
                        raise PolisFormatError(file_name=name, line=line, problem=problem)
                    yield line, {column: row[index] for column, index in positions.items()}
                line = reader.line_num + 1
        except csv.Error as error:
            raise PolisFormatError(
                file_name=name, line=line, problem=_("this is not valid CSV (%(error)s).") % {"error": error}
            ) from None
        except UnicodeDecodeError:
            raise PolisFormatError(file_name=name, line=line, problem=_("this is not UTF-8 text.")) from None


def _whole_number(value: str, *, column: str, file_name: str, line: int) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        number = -1
    if number < 0:
        problem = _('"%(column)s" must be a whole number of 0 or more, not "%(value)s".') % {
            "column": column,
            "value": value,
        }
        raise PolisFormatError(file_name=file_name, line=line, problem=problem)
    return number


def _timestamp(value: str, *, file_name: str, line: int) -> int:
    """Milliseconds since 1970, checked to be a date Python can hold."""
    milliseconds = _whole_number(value, column="timestamp", file_name=file_name, line=line)
    try:
        from_epoch_ms(milliseconds)
    except OverflowError:
        problem = _('"timestamp" %(value)s is not a date.') % {"value": value}
        raise PolisFormatError(file_name=file_name, line=line, problem=problem) from None
    return milliseconds


def _read_comments(path: Path) -> tuple[dict[int, PolisComment], set[int]]:
    """Comments to import by Pol.is id, and the ids of rejected ones."""
    comments: dict[int, PolisComment] = {}
    rejected: set[int] = set()
    for line, row in _records(path, COMMENTS_REQUIRED):
        where = {"file_name": path.name, "line": line}
        polis_id = _whole_number(row["comment-id"], column="comment-id", **where)
        author_id = _whole_number(row["author-id"], column="author-id", **where)
        milliseconds = _timestamp(row["timestamp"], **where)
        if polis_id in comments or polis_id in rejected:
            raise PolisFormatError(**where, problem=_("comment %(id)d appears a second time.") % {"id": polis_id})
        moderated = row["moderated"].strip()
        if moderated == str(REJECTED):
            rejected.add(polis_id)
            continue
        if moderated not in (str(ACCEPTED), str(UNMODERATED)):
            problem = _('"moderated" must be 1, 0 or -1, not "%(value)s".') % {"value": row["moderated"]}
            raise PolisFormatError(**where, problem=problem)
        body = clean_body(row["comment-body"])
        if not body:
            raise PolisFormatError(**where, problem=_("the comment has no text."))
        if len(body) > COMMENT_MAX_LENGTH:
            problem = _("the comment has %(count)d characters; at most %(max)d are allowed.") % {
                "count": len(body),
                "max": COMMENT_MAX_LENGTH,
            }
            raise PolisFormatError(**where, problem=problem)
        comments[polis_id] = PolisComment(
            polis_id=polis_id, author_id=author_id, created_at=from_epoch_ms(milliseconds), body=body
        )
    return comments, rejected


def _read_votes(
    path: Path, *, comments: dict[int, PolisComment], rejected: set[int]
) -> tuple[list[PolisVote], int, int]:
    """The latest vote per participant and comment, how many earlier rows it replaced, and how many
    rows were on rejected comments."""
    # (comment, voter) -> (latest timestamp, its vote code, first timestamp); integers keep it small.
    latest: dict[tuple[int, int], tuple[int, int, int]] = {}
    rows = on_rejected = 0
    for line, row in _records(path, VOTES_REQUIRED):
        where = {"file_name": path.name, "line": line}
        comment_id = _whole_number(row["comment-id"], column="comment-id", **where)
        voter_id = _whole_number(row["voter-id"], column="voter-id", **where)
        milliseconds = _timestamp(row["timestamp"], **where)
        code = _vote_code(row["vote"], **where)
        if comment_id in rejected:
            on_rejected += 1
            continue
        if comment_id not in comments:
            problem = _("comment %(id)d is not in %(file)s.") % {"id": comment_id, "file": COMMENTS_FILE}
            raise PolisFormatError(**where, problem=problem)
        rows += 1
        key = (comment_id, voter_id)
        seen = latest.get(key)
        if seen is None:
            latest[key] = (milliseconds, code, milliseconds)
        else:
            last, last_code, first = seen
            if milliseconds >= last:
                last, last_code = milliseconds, code
            latest[key] = (last, last_code, min(first, milliseconds))
    votes = [
        PolisVote(
            comment_id=comment_id,
            voter_id=voter_id,
            choice=CHOICE_FOR_CODE[code],
            cast_at=from_epoch_ms(first),
            changed_at=from_epoch_ms(last),
        )
        for (comment_id, voter_id), (last, code, first) in latest.items()
    ]
    return votes, rows - len(votes), on_rejected


def _vote_code(value: str, *, file_name: str, line: int) -> int:
    try:
        code = int(value.strip())
    except ValueError:
        code = None
    if code not in CHOICE_FOR_CODE:
        problem = _('"vote" must be 1 (agree), -1 (disagree) or 0 (pass), not "%(value)s".') % {"value": value}
        raise PolisFormatError(file_name=file_name, line=line, problem=problem)
    return code


def _read_summary(path: Path) -> dict[str, str]:
    """summary.csv only names the conversation: optional, and rows that are not "key,value" are ignored."""
    if not path.exists():
        return {}
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return {row[0].strip(): row[1].strip() for row in csv.reader(handle) if len(row) >= 2}
    except (csv.Error, UnicodeDecodeError):
        raise PolisFormatError(file_name=path.name, line=None, problem=_("this is not a readable CSV file.")) from None
