"""The Pol.is open-data layout: file names, columns, vote codes and the two timestamp columns.

One place for what both directions must agree on, so an export reads back through the importer.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from consultations.models import Vote

COMMENTS_FILE = "comments.csv"
VOTES_FILE = "votes.csv"
SUMMARY_FILE = "summary.csv"

COMMENTS_HEADER = (
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
)
VOTES_HEADER = ("timestamp", "datetime", "comment-id", "voter-id", "vote")
# Keys of summary.csv, in Pol.is' order (one "key,value" row each).
SUMMARY_KEYS = (
    "topic",
    "url",
    "views",
    "voters",
    "voters-in-conv",
    "commenters",
    "comments",
    "groups",
    "conversation-description",
)

# The columns an import needs; the others (datetime, agrees, disagrees) are derived, not trusted.
COMMENTS_REQUIRED = ("timestamp", "comment-id", "author-id", "moderated", "comment-body")
VOTES_REQUIRED = ("timestamp", "comment-id", "voter-id", "vote")

# "moderated" in comments.csv.
ACCEPTED, UNMODERATED, REJECTED = 1, 0, -1

VOTE_CODES: dict[str, int] = {Vote.Choice.AGREE: 1, Vote.Choice.DISAGREE: -1, Vote.Choice.PASS: 0}
CHOICE_FOR_CODE: dict[int, str] = {code: choice for choice, code in VOTE_CODES.items()}

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MILLISECOND = timedelta(milliseconds=1)
# Pol.is writes Java's Date.toString(); the names are fixed English, whatever the locale.
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def epoch_ms(moment: datetime) -> int:
    """Milliseconds since 1970 in integers (a float would lose the last digit)."""
    return (moment - _EPOCH) // _ONE_MILLISECOND


def from_epoch_ms(milliseconds: int) -> datetime:
    """Raises OverflowError for a value outside the years 1–9999."""
    return _EPOCH + timedelta(milliseconds=milliseconds)


def polis_datetime(moment: datetime) -> str:
    """The human-readable column as Pol.is writes it, in UTC: ``Sat Nov 17 05:09:36 UTC 2018``."""
    utc = moment.astimezone(UTC)
    # Fields by hand: strftime costs twice as much, and votes.csv may have a million rows.
    return (
        f"{_DAYS[utc.weekday()]} {_MONTHS[utc.month - 1]} {utc.day:02} "
        f"{utc.hour:02}:{utc.minute:02}:{utc.second:02} UTC {utc.year}"
    )
