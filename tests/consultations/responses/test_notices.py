"""The notice on a participant's next visit: shown on any page until dismissed, cheap for everyone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.responses.models import ResponseNotice
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ACCOUNT = "/en/accounts/me/"


def _queries(client, url) -> list[str]:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _notice_queries(client, url) -> int:
    """Queries that read notices themselves (the user's own row also says whether any are unseen)."""
    return len([sql for sql in _queries(client, url) if sql.startswith('SELECT "responses_responsenotice"')])


def test_the_notice_shows_on_the_next_visit_until_dismissed(client, consultation_a, participant, published):
    client.force_login(participant)
    html = client.get(ACCOUNT).content.decode()
    assert f"Safe Streets Youth has answered “{consultation_a.title}”, a consultation you took part in." in html
    assert f'href="{consultation_a.url}#response"' in html
    notice = ResponseNotice.objects.get(user=participant)
    assert "Dismiss" in client.get("/en/").content.decode()  # on any page

    response = client.post(f"/en/responses/notices/{notice.pk}/dismiss/", {"next": ACCOUNT})
    assert response.status_code == 302 and response["Location"] == ACCOUNT
    assert "has answered" not in client.get(ACCOUNT).content.decode()
    assert ResponseNotice.objects.get(pk=notice.pk).seen_at is not None


def test_nobody_else_can_dismiss_it(client, participant, published):
    notice = ResponseNotice.objects.get(user=participant)
    client.force_login(UserFactory())
    client.post(f"/en/responses/notices/{notice.pk}/dismiss/", {"next": "https://elsewhere.example/"})
    assert ResponseNotice.objects.get(pk=notice.pk).seen_at is None


def test_dismissing_needs_a_post_and_a_session(client, participant, published):
    notice = ResponseNotice.objects.get(user=participant)
    url = f"/en/responses/notices/{notice.pk}/dismiss/"
    assert client.post(url).status_code == 302  # to the login page
    client.force_login(participant)
    assert client.get(url).status_code == 405
    assert ResponseNotice.objects.get(pk=notice.pk).seen_at is None


def test_the_notice_costs_a_query_only_for_people_who_have_one(client, participant, published):
    assert _notice_queries(client, ACCOUNT.replace("accounts/me/", "")) == 0
    client.force_login(UserFactory())  # no notice: the user row said so
    assert _notice_queries(client, "/en/") == 0
    without = len(_queries(client, ACCOUNT))
    client.force_login(participant)  # one notice: one query reads what it shows
    assert _notice_queries(client, ACCOUNT) == 1
    assert len(_queries(client, ACCOUNT)) == without + 1
