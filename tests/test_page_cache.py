"""The short-lived public page cache (youthvoice/page_cache.py): who gets a shared copy, what it may
contain, and that a reader of a copy misses nothing live."""

import re
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from consultations import realtime
from consultations.services import comment_create
from tests.factories import UserFactory
from youthvoice import page_cache
from youthvoice.page_cache import HIT_HEADER, PageStore

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture(autouse=True)
def _cache_on() -> Iterator[None]:
    page_cache.store.clear()
    with override_settings(YOUTHVOICE_PUBLIC_PAGE_CACHE_SECONDS=60):
        yield
    page_cache.store.clear()


@pytest.fixture
def consultation():
    from tests.factories import ConsultationPageFactory

    return ConsultationPageFactory(questions=["Where do you feel safe?"])


def _seq_of(html: str) -> int:
    return int(re.search(r'data-seq="(\d+)"', html)[1])


def test_a_visitor_without_a_session_gets_a_copy_without_touching_the_database(consultation):
    first = Client().get(consultation.url)
    assert first.status_code == 200
    assert HIT_HEADER not in first
    with CaptureQueriesContext(connection) as queries:
        second = Client().get(consultation.url)
    assert second.status_code == 200
    assert second[HIT_HEADER] == "hit"
    assert len(queries) == 0
    assert second.content.decode().count(consultation.title) == first.content.decode().count(consultation.title)
    # Shared caches downstream must still tell signed-in people apart, as for a fresh render.
    assert "Cookie" in second["Vary"]
    # The security headers of the outer middleware are applied to the copy too.
    assert "script-src" in second["Content-Security-Policy"]
    assert second["X-Frame-Options"] == first["X-Frame-Options"]


def test_the_copy_is_behind_but_says_where_the_live_stream_must_resume(consultation):
    question = consultation.questions.get()
    author = UserFactory(age=20)
    comment_create(author=author, consultation=consultation, question_id=question.pk, body="Before the render")
    first = Client().get(consultation.url).content.decode()
    assert _seq_of(first) == realtime.current_seq(consultation.pk)
    comment_create(author=author, consultation=consultation, question_id=question.pk, body="After the render")

    copy = Client().get(consultation.url)
    assert copy[HIT_HEADER] == "hit"
    html = copy.content.decode()
    assert "After the render" not in html
    # The live script resumes from here: the events after it hold the comment the copy lacks.
    missed = realtime.events_after(consultation_id=consultation.pk, last_seq=_seq_of(html))
    bodies = [event["comment"]["html"] for event in missed if event["type"] == "comment.created"]
    assert len(bodies) == 1
    assert "After the render" in bodies[0]


def test_signed_in_people_always_get_a_fresh_render(client, consultation):
    Client().get(consultation.url)  # a copy exists
    client.force_login(UserFactory(age=20))
    response = client.get(consultation.url)
    assert HIT_HEADER not in response
    assert "Log out" in response.content.decode()


def test_a_visitor_with_a_message_waiting_gets_a_fresh_render(consultation):
    Client().get(consultation.url)
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    assert HIT_HEADER not in visitor.get(consultation.url)


def test_each_visitor_gets_their_own_csrf_token_and_the_switcher_works(consultation):
    Client().get(consultation.url)
    visitor = Client(enforce_csrf_checks=True)
    copy = visitor.get(consultation.url)
    assert copy[HIT_HEADER] == "hit"
    tokens = set(TOKEN.findall(copy.content.decode()))
    assert len(tokens) == 1  # the language switcher's forms, all given the visitor's token
    assert "csrftoken" in copy.cookies  # their cookie, set as Django would
    response = visitor.post("/i18n/setlang/", {"language": "fr", "next": "/fr/", "csrfmiddlewaretoken": tokens.pop()})
    assert response.status_code == 302


def test_another_visitor_with_a_csrf_cookie_keeps_it(consultation):
    Client().get(consultation.url)
    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/en/accounts/login/")  # a page that sets the CSRF cookie
    cookie = visitor.cookies["csrftoken"].value
    copy = visitor.get(consultation.url)
    assert copy[HIT_HEADER] == "hit"
    assert visitor.cookies["csrftoken"].value == cookie  # their secret is reused, not replaced
    token = TOKEN.search(copy.content.decode())[1]
    response = visitor.post("/i18n/setlang/", {"language": "fr", "next": "/fr/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_copies_are_kept_per_address_and_language(consultation):
    english = Client().get(consultation.url)
    french = Client().get(consultation.url.replace("/en/", "/fr/", 1))
    assert HIT_HEADER not in french
    assert english.content != french.content
    assert HIT_HEADER not in Client().get(consultation.url + "?order=agreed")
    assert Client().get(consultation.url + "?order=agreed")[HIT_HEADER] == "hit"
    assert HIT_HEADER not in Client().get(consultation.url + "?order=divisive")


def test_pages_that_did_not_say_they_are_shareable_are_never_kept():
    Client().get("/en/accounts/login/")
    assert HIT_HEADER not in Client().get("/en/accounts/login/")


def test_a_head_or_post_request_is_never_served_a_copy(consultation):
    Client().get(consultation.url)
    assert HIT_HEADER not in Client().head(consultation.url)


@override_settings(YOUTHVOICE_PUBLIC_PAGE_CACHE_SECONDS=0)
def test_zero_seconds_turns_it_off(consultation):
    Client().get(consultation.url)
    assert HIT_HEADER not in Client().get(consultation.url)


def test_the_store_forgets_after_its_time_and_keeps_a_bounded_number():
    entry = page_cache._Entry(expires=10.0, status=200, headers=(), content=b"x", has_csrf_token=False)
    store = PageStore(max_entries=2)
    store.put(("a", "en"), entry)
    assert store.get(("a", "en"), now=9.9) is entry
    assert store.get(("a", "en"), now=10.0) is None
    for key in ("a", "b", "c"):
        store.put((key, "en"), entry)
    assert len(store) == 2
    assert store.get(("a", "en"), now=0) is None  # the least recently used went first


def test_while_one_request_renders_an_expired_page_the_others_get_the_expired_copy_for_a_while():
    old = page_cache._Entry(expires=10.0, status=200, headers=(), content=b"old", has_csrf_token=False)
    new = page_cache._Entry(expires=20.0, status=200, headers=(), content=b"new", has_csrf_token=False)
    store = PageStore(max_entries=2)
    store.put(("a", "en"), old)
    assert store.get(("a", "en"), now=11.0, stale_for=5) is None  # this caller renders
    assert store.get(("a", "en"), now=12.0, stale_for=5) is old  # the others keep the old copy...
    assert store.get(("a", "en"), now=15.0, stale_for=5) is None  # ...for at most stale_for seconds
    store.put(("a", "en"), new)
    assert store.get(("a", "en"), now=16.0, stale_for=5) is new
    # A render that produced nothing to keep hands the refresh on: the next caller renders.
    assert store.get(("a", "en"), now=21.0, stale_for=5) is None
    store.give_up(("a", "en"))
    assert store.get(("a", "en"), now=21.5, stale_for=5) is None


def test_a_visitor_is_served_the_expired_copy_while_another_request_renders_it(consultation, monkeypatch):
    first = Client().get(consultation.url)
    assert HIT_HEADER not in first
    key = next(iter(page_cache.store._entries))
    clock = page_cache.time.monotonic() + 61  # the copy (60 s) has expired
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock)
    assert page_cache.store.get(key, clock, stale_for=60) is None  # another request is rendering it
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(consultation.url)
    assert response[HIT_HEADER] == "hit"
    assert len(queries) == 0


def test_a_render_that_fails_lets_the_next_visitor_render(consultation, monkeypatch):
    Client().get(consultation.url)
    clock = page_cache.time.monotonic() + 61
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock)
    middleware = page_cache.PublicPageCacheMiddleware(lambda request: (_ for _ in ()).throw(RuntimeError("boom")))
    from django.test import RequestFactory

    with pytest.raises(RuntimeError):
        middleware(RequestFactory().get(consultation.url))
    response = Client().get(consultation.url)  # not handed the expired copy: it renders afresh
    assert HIT_HEADER not in response
    assert response.status_code == 200
