"""The discussion as plain HTML: forms without JavaScript, errors that keep the text, constant queries."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.models import Comment, Vote
from consultations.services import comment_create, vote_cast
from tests.factories import GuardianConsentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _bulk_comments(consultation, question, n: int, author) -> list[Comment]:
    now = timezone.now()
    comments = Comment.objects.bulk_create(
        [
            Comment(
                consultation=consultation,
                question=question,
                author=author,
                body=f"comment {i}",
                agree_count=i % 7,
                disagree_count=i % 5,
                created_at=now,
            )
            for i in range(n)
        ]
    )
    # bulk_create ignores auto_now_add overrides on some backends: spread the times explicitly.
    for i, comment in enumerate(comments[:50]):
        Comment.objects.filter(pk=comment.pk).update(created_at=now - timedelta(seconds=i))
    return comments


# Anonymous readers (most traffic) take 10 for the page and its discussion; the response section
# ("you said, we did") comes with the page. A signed-in person adds their user row (loaded with whether
# they may take part, have unseen notices or may answer a consultation: auth_backends.py) and their own
# votes: 12 in all. The session comes from the cache.
BUDGET = {"anonymous": 10, "participant": 12, "minor": 12}


@pytest.mark.parametrize("order", ["newest", "agreed", "divisive"])
@pytest.mark.parametrize("who", ["anonymous", "participant", "minor"])
def test_page_query_count_is_the_same_for_10_100_and_2000_comments(client, consultation, question, adult, order, who):
    viewer = GuardianConsentFactory().minor if who == "minor" else UserFactory()
    if who != "anonymous":
        client.force_login(viewer)
    url = f"{consultation.url}?question={question.pk}&order={order}"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200
        return len(queries)

    counts = []
    made = 0
    for total in (10, 100, 2000):
        comments = _bulk_comments(consultation, question, total - made, adult)
        made = total
        Vote.objects.bulk_create([Vote(comment=c, voter=viewer, choice="agree") for c in comments[:5]])
        Comment.objects.bulk_create(
            [
                Comment(consultation=consultation, question=question, parent=c, author=adult, body="re")
                for c in comments[:5]
            ]
        )
        count()  # warm Wagtail's per-site caches
        counts.append(count())
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= BUDGET[who], counts


def test_keyset_pages_cover_every_comment_once(client, consultation, question, adult):
    _bulk_comments(consultation, question, 45, adult)
    seen: list[str] = []
    url = f"{consultation.url}?question={question.pk}&order=agreed"

    for _ in range(5):
        html = client.get(url).content.decode()
        seen += re.findall(r'data-comment="(\d+)"', html)
        more = re.search(r'href="(\?question=\d+&amp;order=agreed&amp;after=[^"#]+)', html)
        if not more:
            break
        url = consultation.url + more.group(1).replace("&amp;", "&")
    assert len(seen) == 45 == len(set(seen))


def test_a_bad_cursor_shows_the_first_page(client, consultation, question, adult):
    _bulk_comments(consultation, question, 3, adult)
    response = client.get(f"{consultation.url}?question={question.pk}&after=%%%not-a-cursor")
    assert response.status_code == 200
    assert len(re.findall(r'data-comment="\d+"', response.content.decode())) == 3


def test_posting_by_form_without_javascript(client, consultation, question, adult):
    client.force_login(adult)
    response = client.post(
        f"/en/discussion/{consultation.pk}/comments/",
        {"question": question.pk, "body": "By plain form", "key": "form-1", "next": consultation.url},
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert "By plain form" in client.get(consultation.url).content.decode()


def test_an_over_long_comment_is_refused_and_its_text_kept(client, consultation, question, adult):
    client.force_login(adult)
    text = "word " * 401
    response = client.post(f"/en/discussion/{consultation.pk}/comments/", {"question": question.pk, "body": text})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Comments can be at most 2000 characters; this one has 2004." in html
    assert text.strip() in html
    assert 'aria-invalid="true"' in html
    assert not Comment.objects.exists()


def test_the_page_explains_why_there_is_no_form(client, consultation, question):
    html = client.get(consultation.url).content.decode()
    assert "Post comment" not in html
    assert 'data-participation="login_required"' in html
    client.force_login(UserFactory(age=14))
    assert 'data-participation="guardian_needed"' in client.get(consultation.url).content.decode()


def test_voting_by_form_and_the_own_vote_shown(client, consultation, question, adult, other):
    comment = comment_create(author=adult, consultation=consultation, question_id=question.pk, body="Lights")
    client.force_login(other)
    client.post(f"/en/discussion/comments/{comment.pk}/vote/", {"choice": "agree", "next": consultation.url})
    html = client.get(consultation.url).content.decode()
    assert 'value="agree" class="vote vote--agree" aria-pressed="true"' in html
    assert "Take back my vote" in html
    client.post(f"/en/discussion/comments/{comment.pk}/vote/", {"choice": "retract"})
    comment.refresh_from_db()
    assert comment.agree_count == 0


def test_a_vote_by_form_reads_the_comment_once(client, consultation, question, adult, other):
    """The hottest write: the user (loaded with whether they may take part), the locked comment with
    its page, the voter's previous vote, then one statement for the vote and the counters; the session
    comes from the cache, and the page is not read when the form says where to go back to."""
    comment = comment_create(author=adult, consultation=consultation, question_id=question.pk, body="Lights")
    client.force_login(other)
    client.get(consultation.url)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/en/discussion/comments/{comment.pk}/vote/", {"choice": "agree", "next": "/"})
    assert response.status_code == 302
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert len(reads) == 3, reads
    assert sum("consultations_comment" in sql and "FOR UPDATE" in sql for sql in reads) == 1
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE", "WITH"))]
    assert len(writes) == 1, writes
    assert len(queries) <= 6  # with the transaction's savepoint and its release


def test_a_vote_on_a_missing_comment_is_not_found(client, other):
    client.force_login(other)
    assert client.post("/en/discussion/comments/999999/vote/", {"choice": "agree"}).status_code == 404


def test_voting_on_a_hidden_comment_is_refused_with_a_reason(client, consultation, question, adult, other):
    comment = comment_create(author=adult, consultation=consultation, question_id=question.pk, body="Lights")
    vote_cast(voter=UserFactory(), comment_id=comment.pk, choice="agree")
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.HIDDEN, hidden_reason="personal information")
    client.force_login(other)
    response = client.post(f"/en/discussion/comments/{comment.pk}/vote/", {"choice": "agree"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "waiting for review or was hidden" in html
    assert "Hidden by moderators: personal information." in html


def test_pending_comments_are_visible_to_their_author_only(client, consultation, question, approved_minor, adult):
    comment_create(author=approved_minor, consultation=consultation, question_id=question.pk, body="Held words")
    client.force_login(approved_minor)
    own = client.get(consultation.url).content.decode()
    assert "Held words" in own and "Waiting for review" in own
    client.force_login(adult)
    assert "Held words" not in client.get(consultation.url).content.decode()
    client.logout()
    assert "Held words" not in client.get(consultation.url).content.decode()


def test_contributions_of_a_minor_whose_guardian_withdrew_are_hidden(client, consultation, question, approved_minor):
    from consultations.pages import ModerationMode

    consultation.moderation_mode = ModerationMode.POST
    consultation.save()
    comment_create(author=approved_minor, consultation=consultation, question_id=question.pk, body="Minor's idea")
    assert "Minor&#x27;s idea" in client.get(consultation.url).content.decode()
    approved_minor.contributions_hidden = True
    approved_minor.save()
    assert "Minor&#x27;s idea" not in client.get(consultation.url).content.decode()
