"""Votes cast at the same moment, on real connections in parallel threads: the counters stay equal
to the votes, and one person never holds two votes on a comment however fast they click."""

import threading

import pytest
from django.db import connection
from django.db.models import Count, Q

from consultations.models import Comment, Vote
from consultations.services import comment_create, vote_cast
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _all_at_once(calls: list) -> list[BaseException]:
    """Run each call in its own thread, released together; return what they raised."""
    barrier = threading.Barrier(len(calls))
    failures: list[BaseException] = []

    def run(call) -> None:
        try:
            barrier.wait(timeout=10)
            call()
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return failures


def _assert_counters_exact(comment: Comment) -> None:
    comment.refresh_from_db()
    counted = Vote.objects.filter(comment=comment).aggregate(
        agree=Count("pk", filter=Q(choice="agree")),
        disagree=Count("pk", filter=Q(choice="disagree")),
        pass_=Count("pk", filter=Q(choice="pass")),
    )
    assert (comment.agree_count, comment.disagree_count, comment.pass_count) == (
        counted["agree"],
        counted["disagree"],
        counted["pass_"],
    )


def test_many_people_voting_at_once_are_all_counted(consultation, question, adult):
    comment = comment_create(author=adult, consultation=consultation, question_id=question.pk, body="Lights")
    voters = [UserFactory() for _ in range(12)]
    choices = ["agree", "disagree", "pass"]
    calls = [
        lambda voter=voter, n=n: vote_cast(voter=voter, comment_id=comment.pk, choice=choices[n % 3])
        for n, voter in enumerate(voters)
    ]
    assert _all_at_once(calls) == []
    _assert_counters_exact(comment)
    comment.refresh_from_db()
    assert (comment.agree_count, comment.disagree_count, comment.pass_count) == (4, 4, 4)
    assert comment.tally_version == 12


def test_one_person_changing_their_vote_from_many_tabs_at_once_holds_one_vote(consultation, question, adult, other):
    comment = comment_create(author=adult, consultation=consultation, question_id=question.pk, body="Benches")
    vote_cast(voter=other, comment_id=comment.pk, choice="agree")
    # Each call waits for the comment's lock and then reads the vote as the one before left it.
    choices = ["disagree", "pass", None, "agree", "disagree", None, "pass", "agree"]
    calls = [lambda choice=choice: vote_cast(voter=other, comment_id=comment.pk, choice=choice) for choice in choices]
    assert _all_at_once(calls) == []
    assert Vote.objects.filter(comment=comment, voter=other).count() <= 1
    _assert_counters_exact(comment)


def test_the_comment_a_vote_returns_loads_what_it_did_not_read(consultation, question, adult, other):
    comment = comment_create(author=adult, consultation=consultation, question_id=question.pk, body="Parks")
    voted = vote_cast(voter=other, comment_id=comment.pk, choice="pass")
    assert (voted.pass_count, voted.tally_version) == (1, 1)
    assert voted.body == "Parks"  # read when asked for, not a blank default
    assert voted.consultation.pk == consultation.pk
