"""The write path's rules, each with the exact error a person sees."""

import random
from datetime import timedelta

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from consultations import realtime
from consultations.models import Comment, ConsultationEvent, Vote
from consultations.pages import ModerationMode
from consultations.services import comment_create, comment_delete, comment_edit, vote_cast
from tests.factories import UserFactory
from youthvoice.accounts import services as account_services
from youthvoice.errors import ServiceError

pytestmark = pytest.mark.django_db


def _post(author, consultation, question, body="Street lights on the way home.", **kwargs):
    return comment_create(author=author, consultation=consultation, question_id=question.pk, body=body, **kwargs)


def _refused(call, *args, **kwargs) -> ServiceError:
    with pytest.raises(ServiceError) as raised:
        call(*args, **kwargs)
    return raised.value


class TestComments:
    def test_adult_comment_is_published_and_numbered(self, consultation, question, adult):
        comment = _post(adult, consultation, question)
        assert comment.status == Comment.Status.PUBLISHED
        event = ConsultationEvent.objects.get(consultation=consultation)
        assert (event.seq, event.type) == (1, "comment.created")
        assert event.payload["comment"]["author"] == "Calm Comet"
        assert "email" not in str(event.payload)

    def test_minor_comment_waits_for_review_by_default(self, consultation, question, approved_minor):
        comment = _post(approved_minor, consultation, question)
        assert comment.status == Comment.Status.PENDING
        assert not ConsultationEvent.objects.exists()  # nothing public until approved

    @pytest.mark.parametrize(
        ("mode", "minor_status", "adult_status"),
        [
            (ModerationMode.POST, "published", "published"),
            (ModerationMode.PRE_MINORS, "pending", "published"),
            (ModerationMode.PRE_ALL, "pending", "pending"),
        ],
    )
    def test_moderation_modes(self, consultation, question, adult, approved_minor, mode, minor_status, adult_status):
        consultation.moderation_mode = mode
        consultation.save()
        assert _post(approved_minor, consultation, question).status == minor_status
        assert _post(adult, consultation, question, body="Another view").status == adult_status

    @pytest.mark.parametrize(
        ("body", "code", "message"),
        [
            ("   \n\t ", "empty", "Write something before posting."),
            (
                "x" * 2001,
                "too_long",
                "Comments can be at most 2000 characters; this one has 2001. Your text is kept below.",
            ),
        ],
    )
    def test_bad_text_is_refused_with_a_clear_message(self, consultation, question, adult, body, code, message):
        error = _refused(_post, adult, consultation, question, body=body)
        assert (error.code, error.message) == (code, message)
        assert not Comment.objects.exists()

    def test_exactly_2000_characters_after_trimming_is_fine(self, consultation, question, adult):
        assert len(_post(adult, consultation, question, body="  " + "y" * 2000 + "  ").body) == 2000

    def test_html_is_stored_as_text_and_shown_escaped_with_safe_links(self, consultation, question, adult, client):
        _post(adult, consultation, question, body="<script>alert(1)</script> see https://example.org/a?b=1&c=2")
        html = client.get(consultation.url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener noreferrer"' in html

    def test_closed_and_upcoming_consultations_take_no_comments(self, consultation, question, adult):
        consultation.closes_at = timezone.now() - timedelta(minutes=1)
        consultation.save()
        error = _refused(_post, adult, consultation, question)
        assert error.message == "This consultation has closed: comments and votes are no longer taken."
        consultation.opens_at = timezone.now() + timedelta(days=1)
        consultation.closes_at = timezone.now() + timedelta(days=2)
        consultation.save()
        assert _refused(_post, adult, consultation, question).message == "This consultation has not opened yet."

    @pytest.mark.parametrize(
        ("make", "code"),
        [
            (lambda: UserFactory(verified=False), "email_unverified"),
            (lambda: UserFactory(age=14), "guardian_needed"),
        ],
    )
    def test_people_without_permission_cannot_post(self, consultation, question, make, code):
        assert _refused(_post, make(), consultation, question).code == code

    def test_one_level_of_replies(self, post_moderated, adult, other):
        question = post_moderated.questions.first()
        top = _post(adult, post_moderated, question)
        reply = _post(other, post_moderated, question, body="Agreed", parent_id=top.pk)
        top.refresh_from_db()
        assert top.reply_count == 1
        error = _refused(_post, adult, post_moderated, question, body="deeper", parent_id=reply.pk)
        assert error.code == "bad_parent"

    def test_a_question_from_another_consultation_is_refused(self, consultation, adult):
        from tests.factories import ConsultationPageFactory

        foreign = ConsultationPageFactory().questions.first()
        assert _refused(_post, adult, consultation, foreign).code == "bad_question"

    def test_a_retried_message_creates_one_comment(self, consultation, question, adult):
        first = _post(adult, consultation, question, client_key="k-1")
        again = _post(adult, consultation, question, client_key="k-1")
        assert first.pk == again.pk
        assert Comment.objects.count() == 1

    def test_author_edits_within_the_window_then_not(self, consultation, question, adult, other):
        comment = _post(adult, consultation, question)
        edited = comment_edit(author=adult, comment_id=comment.pk, body="Better wording")
        assert edited.edited_at is not None
        assert ConsultationEvent.objects.filter(type="comment.updated").count() == 1
        assert _refused(comment_edit, author=other, comment_id=comment.pk, body="x").code == "not_yours"
        Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
        error = _refused(comment_edit, author=adult, comment_id=comment.pk, body="late")
        assert error.message == "Comments can be edited for 15 minutes after posting."

    def test_removal_keeps_the_place_and_the_replies(self, post_moderated, adult, other, client):
        question = post_moderated.questions.first()
        top = _post(adult, post_moderated, question, body="Original words")
        _post(other, post_moderated, question, body="A reply that stays", parent_id=top.pk)
        comment_delete(author=adult, comment_id=top.pk)
        top.refresh_from_db()
        assert (top.status, top.body) == (Comment.Status.REMOVED, "")
        html = client.get(post_moderated.url).content.decode()
        assert "Removed by its author." in html
        assert "A reply that stays" in html
        assert "Original words" not in html


class TestVotes:
    @pytest.fixture
    def comment(self, consultation, question, adult):
        return _post(adult, consultation, question)

    def test_cast_change_and_retract_keep_counters_exact(self, comment, other):
        vote_cast(voter=other, comment_id=comment.pk, choice="agree")
        comment.refresh_from_db()
        assert (comment.agree_count, comment.disagree_count) == (1, 0)
        vote_cast(voter=other, comment_id=comment.pk, choice="disagree")
        comment.refresh_from_db()
        assert (comment.agree_count, comment.disagree_count, comment.tally_version) == (0, 1, 2)
        vote_cast(voter=other, comment_id=comment.pk, choice=None)
        comment.refresh_from_db()
        assert (comment.agree_count, comment.disagree_count, comment.pass_count) == (0, 0, 0)
        assert not Vote.objects.exists()

    def test_authors_cannot_vote_on_their_own_comments(self, comment, adult):
        assert _refused(vote_cast, voter=adult, comment_id=comment.pk, choice="agree").message == (
            "You cannot vote on your own comment."
        )

    def test_pending_and_hidden_comments_cannot_be_voted_on(self, consultation, question, approved_minor, other):
        pending = _post(approved_minor, consultation, question)
        error = _refused(vote_cast, voter=other, comment_id=pending.pk, choice="agree")
        assert error.message == "This comment is waiting for review or was hidden, so it cannot be voted on."
        Comment.objects.filter(pk=pending.pk).update(status=Comment.Status.HIDDEN)
        assert _refused(vote_cast, voter=other, comment_id=pending.pk, choice="agree").code == "not_votable"

    def test_replies_are_not_voted_on_and_choices_are_checked(self, post_moderated, adult, other):
        question = post_moderated.questions.first()
        top = _post(adult, post_moderated, question)
        reply = _post(other, post_moderated, question, body="reply", parent_id=top.pk)
        assert _refused(vote_cast, voter=adult, comment_id=reply.pk, choice="agree").message == (
            "Votes are for comments, not replies."
        )
        assert _refused(vote_cast, voter=other, comment_id=top.pk, choice="maybe").code == "bad_choice"

    def test_counters_equal_the_votes_after_many_random_changes(self, consultation, question):
        authors = [UserFactory() for _ in range(3)]
        voters = [UserFactory() for _ in range(8)]
        comments = [_post(a, consultation, question, body=f"view {i}") for i, a in enumerate(authors)]
        rng = random.Random(7)
        for _ in range(120):
            vote_cast(
                voter=rng.choice(voters),
                comment_id=rng.choice(comments).pk,
                choice=rng.choice(["agree", "disagree", "pass", None]),
            )
        counted = Comment.objects.annotate(
            agree=Count("votes", filter=Q(votes__choice="agree")),
            disagree=Count("votes", filter=Q(votes__choice="disagree")),
            passed=Count("votes", filter=Q(votes__choice="pass")),
        )
        for row in counted:
            assert (row.agree_count, row.disagree_count, row.pass_count) == (row.agree, row.disagree, row.passed)

    def test_deleting_an_account_keeps_tallies_and_removes_the_text(self, comment, other):
        vote_cast(voter=other, comment_id=comment.pk, choice="agree")
        theirs = _post(other, comment.consultation.specific, comment.question, body="Words to be erased")
        account_services.account_delete(user=other)
        comment.refresh_from_db()
        theirs.refresh_from_db()
        assert comment.agree_count == 1
        assert Vote.objects.get().voter is None
        assert (theirs.author, theirs.body, theirs.status) == (None, "", Comment.Status.REMOVED)


class TestEventLog:
    def test_sequence_numbers_and_replay(self, post_moderated, adult):
        question = post_moderated.questions.first()
        for n in range(5):
            _post(adult, post_moderated, question, body=f"comment {n}")
        assert realtime.current_seq(post_moderated.pk) == 5
        missed = realtime.events_after(consultation_id=post_moderated.pk, last_seq=2)
        assert [e["seq"] for e in missed] == [3, 4, 5]
        assert [e["comment"]["html"] for e in missed] == ["comment 2", "comment 3", "comment 4"]

    def test_too_far_behind_means_resync(self, post_moderated, adult, monkeypatch):
        monkeypatch.setattr(realtime, "REPLAY_LIMIT", 2)
        question = post_moderated.questions.first()
        for n in range(4):
            _post(adult, post_moderated, question, body=f"c{n}")
        assert realtime.events_after(consultation_id=post_moderated.pk, last_seq=0) is None
        assert len(realtime.events_after(consultation_id=post_moderated.pk, last_seq=2)) == 2
