"""Sessions come from the cache but survive without it: the database is the source of truth."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests.factories import ConsultationPageFactory, UserFactory
from youthvoice.sessions import SessionStore

# A Redis cache on a port where nothing listens: every call fails as in an outage.
UNREACHABLE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "down": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
}

pytestmark = pytest.mark.django_db


@override_settings(CACHES=UNREACHABLE, SESSION_CACHE_ALIAS="down")
def test_a_cache_outage_costs_a_query_not_the_session():
    store = SessionStore()
    store["favourite"] = "parks"
    store.create()  # saving still reaches the database
    assert Session.objects.filter(session_key=store.session_key).exists()

    again = SessionStore(store.session_key)
    assert again["favourite"] == "parks"  # read from the database, the failed cache write ignored
    assert SessionStore().exists(store.session_key)
    again.delete()
    assert not Session.objects.filter(session_key=store.session_key).exists()


@override_settings(CACHES=UNREACHABLE, SESSION_CACHE_ALIAS="down")
def test_signed_in_pages_work_while_the_cache_is_down(client):
    page = ConsultationPageFactory()
    client.force_login(UserFactory())
    response = client.get(page.url)
    assert response.status_code == 200
    assert 'data-participation="allowed"' in response.content.decode()


def test_a_signed_in_request_reads_its_session_from_the_cache(client):
    client.force_login(UserFactory())
    client.get("/en/accounts/me/")  # warm the per-site caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/accounts/me/").status_code == 200
    assert queries.captured_queries
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]
