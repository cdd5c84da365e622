"""Exporting native content: only published comments and votes on them, no personal data, fresh
participant numbers on every export, and queries that do not grow with the votes."""

import io
import zipfile
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.models import Comment, Vote
from consultations.moderation.services import comment_hide
from consultations.polis.exporter import polis_export, polis_export_zip
from consultations.services import comment_create, comment_delete, vote_cast
from tests.factories import UserFactory
from youthvoice.accounts.models import User
from youthvoice.organisations.models import Membership

from .conftest import read_csv

pytestmark = pytest.mark.django_db


def _post(author, question, body, parent=None):
    return comment_create(
        author=author, consultation=question.page, question_id=question.pk, body=body, parent_id=parent
    )


@pytest.fixture
def discussion(consultation, question, approved_minor):
    """Published comments, a reply, and comments that must never leave: pending, hidden, removed."""
    people = [UserFactory(age=19 + n) for n in range(12)]
    moderator = UserFactory(age=30)
    Membership.objects.create(organisation=consultation.organisation, user=moderator, role=Membership.Role.MODERATOR)
    lights = _post(people[0], question, "More lights in the park, please.")
    buses = _post(people[1], question, "Night buses after 22:00.")
    reply = _post(people[2], question, "Yes, and benches near the lights.", parent=lights.pk)
    pending = _post(approved_minor, question, "A pending comment by a fifteen-year-old.")
    hidden = _post(people[3], question, "A comment the moderators will hide.")
    removed = _post(people[4], question, "A comment its author will remove.")
    for voter in people[5:]:
        vote_cast(voter=voter, comment_id=lights.pk, choice="agree")
        vote_cast(voter=voter, comment_id=hidden.pk, choice="agree")
        vote_cast(voter=voter, comment_id=removed.pk, choice="disagree")
    vote_cast(voter=people[1], comment_id=lights.pk, choice="disagree")
    vote_cast(voter=people[0], comment_id=buses.pk, choice="pass")
    vote_cast(voter=people[11], comment_id=buses.pk, choice="disagree")
    vote_cast(voter=people[10], comment_id=buses.pk, choice="agree")
    vote_cast(voter=people[10], comment_id=buses.pk, choice="pass")  # a changed vote: only "pass" is left
    comment_hide(moderator=moderator, comment_id=hidden.pk, reason="spam")
    comment_delete(author=people[4], comment_id=removed.pk)
    assert Comment.objects.get(pk=pending.pk).status == Comment.Status.PENDING
    return {"people": people, "published": [lights, buses, reply], "never": [pending, hidden, removed]}


def _export(question, directory):
    polis_export(question=question, directory=directory)
    return read_csv(directory / "comments.csv"), read_csv(directory / "votes.csv")


def test_only_published_comments_and_votes_on_them_are_exported(discussion, question, tmp_path):
    comments, votes = _export(question, tmp_path)
    assert sorted(row["comment-body"] for row in comments) == sorted(c.body for c in discussion["published"])
    body_of = {row["comment-id"]: row["comment-body"] for row in comments}
    assert Counter((body_of[row["comment-id"]], row["vote"]) for row in votes) == Counter(
        {
            ("More lights in the park, please.", "1"): 7,
            ("More lights in the park, please.", "-1"): 1,
            ("Night buses after 22:00.", "0"): 2,
            ("Night buses after 22:00.", "-1"): 1,
        }
    )
    lights = next(row for row in comments if row["comment-body"].startswith("More lights"))
    assert (lights["agrees"], lights["disagrees"], lights["moderated"]) == ("7", "1", "1")
    everything = "".join(path.read_text() for path in tmp_path.iterdir())
    for comment in discussion["never"]:
        assert comment.body not in everything  # the text as written, before hiding or removal
    # Voters: the seven who agreed with "More lights", its one dissenter, and people[0].
    summary = dict(line.split(",", 1) for line in (tmp_path / "summary.csv").read_text().splitlines())
    assert (summary["comments"], summary["commenters"], summary["voters"]) == ("3", "3", "9")


def test_no_personal_data_and_participant_numbers_are_not_user_ids(discussion, question, tmp_path):
    comments, votes = _export(question, tmp_path)
    everything = "".join(path.read_text() for path in tmp_path.iterdir())
    for user in User.objects.all():
        assert user.email not in everything
        assert user.display_name not in everything
    numbers = {row["author-id"] for row in comments} | {row["voter-id"] for row in votes}
    assert numbers == {str(number) for number in range(len(numbers))}
    authors = [str(comment.author_id) for comment in discussion["published"]]
    assert [row["author-id"] for row in comments] != authors


def test_participant_numbers_change_between_exports_but_not_within_one(discussion, question, tmp_path):
    first = _export(question, tmp_path / "first")
    second = _export(question, tmp_path / "second")

    def who_did_what(export):
        comments, votes = export
        body_of = {row["comment-id"]: row["comment-body"] for row in comments}
        return {(body_of[row["comment-id"]], row["vote"], row["voter-id"]) for row in votes}

    assert who_did_what(first) != who_did_what(second)  # 10 participants: the same draw is 1 in 10!
    for comments, votes in (first, second):
        # people[0] wrote "More lights" and is the one who passed on "Night buses".
        author = next(row["author-id"] for row in comments if row["comment-body"].startswith("More lights"))
        buses = next(row["comment-id"] for row in comments if row["comment-body"].startswith("Night buses"))
        passed = {row["voter-id"] for row in votes if row["comment-id"] == buses and row["vote"] == "0"}
        assert author in passed


def test_contributions_of_people_whose_guardian_withdrew_are_not_exported(discussion, question, tmp_path):
    people = discussion["people"]
    User.objects.filter(pk__in=[people[1].pk, people[5].pk]).update(contributions_hidden=True)
    comments, votes = _export(question, tmp_path)
    assert "Night buses after 22:00." not in {row["comment-body"] for row in comments}
    lights = next(row for row in comments if row["comment-body"].startswith("More lights"))
    assert (lights["agrees"], lights["disagrees"]) == ("6", "0")  # people[5] agreed, people[1] disagreed
    assert len(votes) == 6


def test_the_zip_holds_the_same_three_files(discussion, question):
    buffer = io.BytesIO()
    summary = polis_export_zip(question=question, target=buffer)
    with zipfile.ZipFile(buffer) as archive:
        assert sorted(archive.namelist()) == ["comments.csv", "summary.csv", "votes.csv"]
        votes = archive.read("votes.csv").decode().splitlines()
        comments = archive.read("comments.csv").decode()
    assert votes[0] == "timestamp,datetime,comment-id,voter-id,vote"
    assert len(votes) - 1 == summary.votes == 11
    assert comments.startswith("timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n")


def _content(question, *, comments: int, voters: int) -> None:
    """Comments and votes written directly: the export reads whatever is in the tables."""
    people = User.objects.bulk_create(
        [User(email=f"q{question.pk}-{n}@example.org", display_name=f"Voter {n}") for n in range(voters)]
    )
    rows = Comment.objects.bulk_create(
        [
            Comment(consultation=question.page, question=question, author=people[n % voters], body=f"Idea {n}")
            for n in range(comments)
        ]
    )
    Vote.objects.bulk_create(
        [Vote(comment=comment, voter=person, choice="agree") for comment in rows for person in people]
    )


def test_queries_grow_with_chunks_not_with_votes(consultation, tmp_path):
    small, large = consultation.questions.order_by("sort_order")
    _content(small, comments=10, voters=20)
    _content(large, comments=100, voters=20)
    polis_export(question=small, directory=tmp_path / "warm-up")  # the site's root paths get cached
    queries = []
    for question, size in ((small, 200), (large, 2000)):
        with CaptureQueriesContext(connection) as captured:
            summary = polis_export(question=question, directory=tmp_path / str(size), chunk_size=50)
        assert summary.votes == size
        queries.append([query["sql"] for query in captured])
    assert len(queries[0]) == len(queries[1]) <= 6
    if connection.vendor == "postgresql":
        # Comments, voters and votes are read through server-side cursors, 50 rows at a time.
        assert sum(sql.startswith("DECLARE") for sql in queries[1]) == 3
