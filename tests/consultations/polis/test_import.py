"""Importing the shared Pol.is conversations: counters, latest votes, times and placeholder accounts."""

import re
from collections import Counter

import pytest
from django.db.models import Count, Q

from consultations.models import Comment, Vote
from consultations.moderation.models import ModerationFigures
from consultations.polis.importer import polis_import
from consultations.polis.layout import from_epoch_ms
from consultations.polis.models import ImportedConversation, ImportedParticipant
from youthvoice.accounts.models import User
from youthvoice.errors import ServiceError

from .conftest import read_source

pytestmark = pytest.mark.django_db


def test_the_summary_counts_what_the_files_hold(shared_conversation, question):
    source = read_source(shared_conversation)
    imported = polis_import(directory=shared_conversation, question=question)
    assert imported.source_name == shared_conversation.name
    assert imported.comments_imported == len(source.comments) == Comment.objects.filter(question=question).count()
    assert imported.comments_skipped == len(source.rejected) > 0
    assert imported.votes_kept == len(source.latest) == Vote.objects.filter(comment__question=question).count()
    assert imported.votes_superseded == len(source.vote_rows) - len(source.latest) > 0
    assert imported.participants == len(source.participants) == imported.people.count()


def test_counters_equal_a_fresh_count_and_differ_from_polis_exactly_where_votes_were_superseded(
    shared_conversation, question
):
    source = read_source(shared_conversation)
    polis_import(directory=shared_conversation, question=question)
    comments = Comment.objects.filter(question=question).annotate(
        agrees=Count("votes", filter=Q(votes__choice="agree")),
        disagrees=Count("votes", filter=Q(votes__choice="disagree")),
        passes=Count("votes", filter=Q(votes__choice="pass")),
    )
    for comment in comments:
        assert (comment.agree_count, comment.disagree_count, comment.pass_count) == (
            comment.agrees,
            comment.disagrees,
            comment.passes,
        )
    imported = {comment.body: comment for comment in comments}
    rows_per_vote = Counter((row["comment-id"], row["voter-id"]) for row in source.vote_rows)
    superseded = {cid for (cid, _voter), rows in rows_per_vote.items() if rows > 1}
    latest_rows = list(source.latest.values())
    for value, column, counter in (("1", "agrees", "agree_count"), ("-1", "disagrees", "disagree_count")):
        every_row, latest = source.tally(source.vote_rows, value), source.tally(latest_rows, value)
        # comments.csv counts every row, as the data's README says.
        assert all(int(row[column]) == every_row[cid] for cid, row in source.comments.items())
        for cid in source.comments:
            assert getattr(imported[source.body(cid)], counter) == latest[cid]
        differs = {cid for cid, row in source.comments.items() if int(row[column]) != latest[cid]}
        assert differs == {cid for cid in source.comments if every_row[cid] != latest[cid]}
        assert differs and differs <= superseded
    passes = source.tally(latest_rows, "0")
    assert all(imported[source.body(cid)].pass_count == passes[cid] for cid in source.comments)


def test_moderation_figures_count_the_imported_comments(seattle, question):
    polis_import(directory=seattle, question=question)
    figures = ModerationFigures.objects.get(consultation_id=question.page_id)
    assert figures.published == len(read_source(seattle).comments)


def test_comment_and_vote_times_come_from_the_files(seattle, question):
    source = read_source(seattle)
    polis_import(directory=seattle, question=question)
    created = dict(Comment.objects.filter(question=question).values_list("body", "created_at"))
    for cid, row in source.comments.items():
        assert created[source.body(cid)] == from_epoch_ms(int(row["timestamp"]))
    # A changed vote: cast at the participant's first row, changed at their last.
    rows_of = Counter((row["comment-id"], row["voter-id"]) for row in source.vote_rows)
    (cid, voter), _ = rows_of.most_common(1)[0]
    times = sorted(
        int(row["timestamp"]) for row in source.vote_rows if (row["comment-id"], row["voter-id"]) == (cid, voter)
    )
    vote = Vote.objects.get(comment__body=source.body(cid), voter__polis_participant__polis_id=int(voter))
    assert (vote.created_at, vote.updated_at) == (from_epoch_ms(times[0]), from_epoch_ms(times[-1]))
    assert vote.choice == {"1": "agree", "-1": "disagree", "0": "pass"}[source.latest[(cid, voter)]["vote"]]


def test_participants_become_inactive_placeholder_accounts_without_personal_data(seattle, question):
    users_before = User.objects.count()
    imported = polis_import(directory=seattle, question=question)
    links = list(ImportedParticipant.objects.filter(conversation=imported).select_related("user"))
    assert len(links) == imported.participants == User.objects.count() - users_before
    assert {str(link.polis_id) for link in links} == read_source(seattle).participants
    for link in links:
        user = link.user
        assert re.fullmatch(rf"polis-{imported.pk}-{link.polis_id}@imported\.invalid", user.email)
        assert user.display_name == f"Pol.is participant {link.polis_id}"
        assert not user.is_active and not user.has_usable_password()
        assert user.date_of_birth is None and not user.country
    authors = set(Comment.objects.filter(question=question).values_list("author_id", flat=True))
    voters = set(Vote.objects.filter(comment__question=question).values_list("voter_id", flat=True))
    assert authors | voters == {link.user_id for link in links}


def test_importing_the_same_files_twice_is_refused_unless_asked(seattle, question):
    first = polis_import(directory=seattle, question=question)
    with pytest.raises(ServiceError) as refused:
        polis_import(directory=seattle, question=question)
    assert refused.value.code == "already_imported" and "--again" in refused.value.message
    assert Comment.objects.filter(question=question).count() == first.comments_imported
    second = polis_import(directory=seattle, question=question, again=True)
    assert Comment.objects.filter(question=question).count() == 2 * first.comments_imported
    assert not set(first.people.values_list("user_id", flat=True)) & set(
        second.people.values_list("user_id", flat=True)
    )
    assert ImportedConversation.objects.filter(question=question).count() == 2


def test_the_same_files_may_go_into_another_question(seattle, consultation):
    first, second = consultation.questions.order_by("sort_order")
    polis_import(directory=seattle, question=first)
    polis_import(directory=seattle, question=second)
    assert Comment.objects.filter(question=second).count() == Comment.objects.filter(question=first).count() > 0


def test_language_is_blank_unless_given_and_must_be_a_language_code(seattle, consultation):
    first, second = consultation.questions.order_by("sort_order")
    polis_import(directory=seattle, question=first)
    assert set(Comment.objects.filter(question=first).values_list("language", flat=True)) == {""}
    with pytest.raises(ServiceError) as refused:
        polis_import(directory=seattle, question=second, language="english")
    assert refused.value.code == "bad_language"
    polis_import(directory=seattle, question=second, language="fr")
    assert set(Comment.objects.filter(question=second).values_list("language", flat=True)) == {"fr"}


def test_progress_is_reported_per_stage(seattle, question):
    reports = []
    polis_import(directory=seattle, question=question, progress=lambda *report: reports.append(report))
    finished = {stage: done for stage, done, total in reports if done == total}
    source = read_source(seattle)
    assert finished == {
        "Participants": len(source.participants),
        "Comments": len(source.comments),
        "Votes": len(source.latest),
    }
