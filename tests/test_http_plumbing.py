"""The HTTP plumbing that keeps requests cheap under ASGI: one thread hop, one Redis client."""

import asyncio
import threading

import pytest
from channels.testing import HttpCommunicator
from django.conf import settings
from django.core.cache import cache

from tests.factories import ConsultationPageFactory


def test_the_middleware_chain_runs_synchronously_in_one_thread():
    from youthvoice.asgi import django_asgi_app

    assert not asyncio.iscoroutinefunction(django_asgi_app._middleware_chain)


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_pages_are_served_through_the_asgi_application():
    from channels.db import database_sync_to_async

    from youthvoice.asgi import application

    url = await database_sync_to_async(lambda: ConsultationPageFactory(title="Parks at night").url)()
    communicator = HttpCommunicator(application, "GET", url, headers=[(b"host", b"localhost")])
    response = await communicator.get_response()
    assert response["status"] == 200
    assert "Parks at night" in response["body"].decode()


@pytest.mark.needs_redis
def test_threads_share_one_redis_client():
    assert settings.CACHES["default"]["BACKEND"] == "youthvoice.cache.SharedClientRedisCache"
    clients = []

    def use_cache() -> None:
        cache.set("plumbing-probe", "ok", 5)
        assert cache.get("plumbing-probe") == "ok"
        clients.append(cache._cache)

    threads = [threading.Thread(target=use_cache) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(clients) == 3 and len({id(client) for client in clients}) == 1
