"""The vote transaction's statements, as plain SQL written once.

A vote is the hottest write (hundreds a second in a busy consultation), and profiles of the soak
bench showed most of its CPU going to building queries through the ORM — a locked read joining the
comment to its Wagtail page, with a sub-query, then four more statements — and to making model
instances of the page, not to PostgreSQL. The same statements written once cost a few per cent of
that. ``services.vote_cast`` keeps every rule and check; this module only reads and writes.

Only table names from the models' metadata are interpolated into the SQL; every value is a
parameter.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from wagtail.models import Page

from consultations.models import Comment, Vote
from consultations.moderation.models import Suspension
from consultations.pages import ConsultationPage


@dataclass(frozen=True)
class LockedComment:
    """A comment as a vote needs it, its row locked until the transaction ends."""

    id: int
    consultation_id: int
    parent_id: int | None
    status: str
    author_id: int | None
    agree_count: int
    disagree_count: int
    pass_count: int
    tally_version: int
    page_live: bool
    opens_at: datetime
    closes_at: datetime
    voter_suspended_until: datetime | None


@functools.cache
def _lock_sql(in_consultation: bool) -> str:
    comment, page, base = Comment._meta.db_table, ConsultationPage._meta.db_table, Page._meta.db_table
    suspension = Suspension._meta.db_table
    return (
        "SELECT c.id, c.consultation_id, c.parent_id, c.status, c.author_id,"  # noqa: S608  # nosec B608
        " c.agree_count, c.disagree_count, c.pass_count, c.tally_version, p.live, cp.opens_at, cp.closes_at,"
        f' (SELECT s.until FROM "{suspension}" s WHERE s.user_id = %(voter)s'
        "   AND s.organisation_id = cp.organisation_id AND s.until > %(now)s LIMIT 1)"
        f' FROM "{comment}" c JOIN "{page}" cp ON cp.page_ptr_id = c.consultation_id'
        f' JOIN "{base}" p ON p.id = c.consultation_id'
        " WHERE c.id = %(comment)s"
        + (" AND c.consultation_id = %(consultation)s" if in_consultation else "")
        # Only the comment's row: its counters change, and the lock orders one voter's votes on it.
        + " FOR UPDATE OF c"
    )


def lock_comment(*, comment_id: int, voter_id: int, consultation_id: int | None, now: datetime) -> LockedComment | None:
    """The comment (in ``consultation_id``, when given) locked, with what the vote's checks need:
    its page's publication and dates, and the voter's suspension by the page's organisation."""
    params = {"comment": comment_id, "voter": voter_id, "consultation": consultation_id, "now": now}
    with connection.cursor() as cursor:
        cursor.execute(_lock_sql(consultation_id is not None), params)
        row = cursor.fetchone()
    return LockedComment(*row) if row else None


@functools.cache
def _previous_sql() -> str:
    return f'SELECT choice FROM "{Vote._meta.db_table}" WHERE comment_id = %s AND voter_id = %s'  # noqa: S608  # nosec B608


def previous_choice(*, comment_id: int, voter_id: int) -> str | None:
    """The voter's current vote on the comment. Read after :func:`lock_comment` and not as part of it:
    a statement that waited for the lock would still see the votes as they were when it started."""
    with connection.cursor() as cursor:
        cursor.execute(_previous_sql(), [comment_id, voter_id])
        row = cursor.fetchone()
    return row[0] if row else None


@functools.cache
def _write_sql(kind: str) -> str:
    vote, comment = Vote._meta.db_table, Comment._meta.db_table
    change = {
        "insert": f'INSERT INTO "{vote}" (comment_id, voter_id, choice, created_at, updated_at)'  # noqa: S608  # nosec B608
        " VALUES (%(comment)s, %(voter)s, %(choice)s, %(now)s, %(now)s)",
        "update": f'UPDATE "{vote}" SET choice = %(choice)s, updated_at = %(now)s'  # noqa: S608  # nosec B608
        " WHERE comment_id = %(comment)s AND voter_id = %(voter)s",
        "delete": f'DELETE FROM "{vote}" WHERE comment_id = %(comment)s AND voter_id = %(voter)s',  # noqa: S608  # nosec B608
    }[kind]
    # One round trip: the vote's row and the comment's counters change together.
    return (
        f"WITH changed AS ({change})"  # noqa: S608  # nosec B608
        f' UPDATE "{comment}" SET agree_count = agree_count + %(agree)s,'
        " disagree_count = disagree_count + %(disagree)s, pass_count = pass_count + %(pass)s,"
        " tally_version = tally_version + 1, updated_at = %(now)s WHERE id = %(comment)s"
    )


def record_vote(
    *, comment_id: int, voter_id: int, previous: str | None, choice: str | None, deltas: dict[str, int], now: datetime
) -> None:
    """Replace ``previous`` by ``choice`` (either may be ``None``) and move the counters by
    ``deltas`` ({"agree": 1, "pass": -1}, say). The comment's row must be locked."""
    kind = "insert" if previous is None else "delete" if choice is None else "update"
    params = {"comment": comment_id, "voter": voter_id, "choice": choice, "now": now}
    params.update({name: deltas.get(name, 0) for name in ("agree", "disagree", "pass")})
    with connection.cursor() as cursor:
        cursor.execute(_write_sql(kind), params)
