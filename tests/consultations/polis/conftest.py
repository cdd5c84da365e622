"""The shared Pol.is conversations, and readers of them written independently of the importer."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from consultations.text import clean_body

# Two real Pol.is conversations (CC BY 4.0; attribution in tests/data/polis/README.md), kept in the
# repository so the tests need nothing outside the checkout.
SHARED = Path(__file__).resolve().parents[2] / "data" / "polis"
CONVERSATIONS = ["15-per-hour-seattle", "canadian-electoral-reform"]


@dataclass
class Source:
    comments: dict[str, dict[str, str]]  # accepted and unmoderated rows, by comment id
    rejected: set[str]
    vote_rows: list[dict[str, str]]  # every row on a kept comment, in file order
    latest: dict[tuple[str, str], dict[str, str]]  # (comment id, voter id) -> latest row
    votes_on_rejected: int

    def body(self, comment_id: str) -> str:
        return clean_body(self.comments[comment_id]["comment-body"])

    @property
    def participants(self) -> set[str]:
        return {row["author-id"] for row in self.comments.values()} | {voter for _, voter in self.latest}

    def tally(self, rows, value: str) -> Counter:
        return Counter(row["comment-id"] for row in rows if row["vote"] == value)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_source(directory: Path) -> Source:
    rows = read_csv(directory / "comments.csv")
    comments = {row["comment-id"]: row for row in rows if row["moderated"] != "-1"}
    rejected = {row["comment-id"] for row in rows if row["moderated"] == "-1"}
    votes = read_csv(directory / "votes.csv")
    kept_rows = [row for row in votes if row["comment-id"] in comments]
    latest: dict[tuple[str, str], dict[str, str]] = {}
    # A stable sort: of two rows with the same time, the later one in the file wins.
    for row in sorted(kept_rows, key=lambda row: int(row["timestamp"])):
        latest[(row["comment-id"], row["voter-id"])] = row
    return Source(
        comments=comments,
        rejected=rejected,
        vote_rows=kept_rows,
        latest=latest,
        votes_on_rejected=sum(row["comment-id"] in rejected for row in votes),
    )


@pytest.fixture(params=CONVERSATIONS)
def shared_conversation(request) -> Path:
    return SHARED / request.param


@pytest.fixture
def seattle() -> Path:
    return SHARED / "15-per-hour-seattle"
