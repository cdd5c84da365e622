"""Import -> export of the shared conversations keeps every comment and every latest vote."""

from collections import Counter, defaultdict

import pytest

from consultations.polis.exporter import polis_export
from consultations.polis.importer import polis_import

from .conftest import read_csv, read_source

pytestmark = pytest.mark.django_db


def _per_participant(rows, participant_column: str, describe) -> list[tuple]:
    """Each participant's rows as a sorted tuple, and those sorted: equal whatever the ids are."""
    grouped: dict[str, list] = defaultdict(list)
    for row in rows:
        grouped[row[participant_column]].append(describe(row))
    return sorted(tuple(sorted(items)) for items in grouped.values())


def test_every_comment_and_latest_vote_survives_a_round_trip(shared_conversation, question, tmp_path):
    source = read_source(shared_conversation)
    polis_import(directory=shared_conversation, question=question)
    polis_export(question=question, directory=tmp_path)
    comments, votes = read_csv(tmp_path / "comments.csv"), read_csv(tmp_path / "votes.csv")

    # Every accepted and unmoderated comment, once, with its time; the rejected ones not at all.
    assert Counter((row["comment-body"], row["timestamp"]) for row in comments) == Counter(
        (source.body(cid), row["timestamp"]) for cid, row in source.comments.items()
    )
    assert {row["moderated"] for row in comments} == {"1"}
    # Who wrote what: the same groups of comments per author.
    assert _per_participant(comments, "author-id", lambda row: row["comment-body"]) == _per_participant(
        source.comments.values(), "author-id", lambda row: source.body(row["comment-id"])
    )
    # Every participant's latest votes (comment, vote, time), and nothing superseded.
    body_of = {row["comment-id"]: row["comment-body"] for row in comments}
    assert len(votes) == len(source.latest)
    assert _per_participant(
        votes, "voter-id", lambda row: (body_of[row["comment-id"]], row["vote"], row["timestamp"])
    ) == _per_participant(
        source.latest.values(), "voter-id", lambda row: (source.body(row["comment-id"]), row["vote"], row["timestamp"])
    )
    # The same person has the same number in both files.
    authors = {row["author-id"] for row in comments}
    assert authors <= {row["voter-id"] for row in votes}
    own_votes = {(row["comment-body"], row["author-id"]) for row in comments} & {
        (body_of[row["comment-id"]], row["voter-id"]) for row in votes
    }
    source_own_votes = {
        (source.body(cid), row["author-id"])
        for cid, row in source.comments.items()
        if (cid, row["author-id"]) in source.latest
    }
    assert len(own_votes) == len(source_own_votes) > 0


def test_the_exported_counts_are_the_latest_votes_and_the_summary_adds_up(shared_conversation, question, tmp_path):
    source = read_source(shared_conversation)
    polis_import(directory=shared_conversation, question=question)
    polis_export(question=question, directory=tmp_path)
    comments, votes = read_csv(tmp_path / "comments.csv"), read_csv(tmp_path / "votes.csv")
    agrees = Counter(row["comment-id"] for row in votes if row["vote"] == "1")
    disagrees = Counter(row["comment-id"] for row in votes if row["vote"] == "-1")
    for row in comments:
        assert (int(row["agrees"]), int(row["disagrees"])) == (agrees[row["comment-id"]], disagrees[row["comment-id"]])
    assert [row["comment-id"] for row in comments] == [str(number) for number in range(len(comments))]
    summary = dict(line.split(",", 1) for line in (tmp_path / "summary.csv").read_text().splitlines())
    assert summary["topic"] == question.page.title
    assert summary["conversation-description"] == question.text
    assert int(summary["comments"]) == len(source.comments)
    assert int(summary["voters"]) == len({voter for _, voter in source.latest})
    assert int(summary["commenters"]) == len({row["author-id"] for row in source.comments.values()})
    assert summary["groups"] == "0"


def test_an_export_imports_back_with_the_same_counters(seattle, consultation, tmp_path):
    first, second = consultation.questions.order_by("sort_order")
    polis_import(directory=seattle, question=first)
    polis_export(question=first, directory=tmp_path)
    imported = polis_import(directory=tmp_path, question=second)
    assert (imported.comments_skipped, imported.votes_superseded) == (0, 0)

    def counters(question):
        return sorted(
            question.comments.values_list("body", "agree_count", "disagree_count", "pass_count", "created_at")
        )

    assert counters(second) == counters(first)
