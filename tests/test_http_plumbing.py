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


@pytest.mark.asyncio
async def test_requests_borrow_a_thread_of_their_own_and_give_it_back():
    """Each request's synchronous code runs in one thread, not shared with a request running at the
    same time; threads are reused by later requests instead of being started for each."""
    from django.http import HttpResponse

    from youthvoice.http_handler import RequestThreads, SyncChainASGIHandler

    seen: list[tuple[str, int]] = []
    both_inside = threading.Barrier(2, timeout=5)

    class Handler(SyncChainASGIHandler):
        def get_response(self, request):
            seen.append((request.path, threading.get_ident()))
            if request.path.startswith("/together"):
                both_inside.wait()  # the two requests are in their threads at the same time
            response = HttpResponse("ok")
            response._resource_closers.append(lambda: seen.append(("closed " + request.path, threading.get_ident())))
            return response

    threads = RequestThreads(keep=4)
    handler = Handler(threads)

    async def get(path: str) -> int:
        communicator = HttpCommunicator(handler, "GET", path)
        response = await communicator.get_response()
        await communicator.wait()  # the application has returned
        return response["status"]

    assert await asyncio.gather(get("/together/a"), get("/together/b")) == [200, 200]
    assert threads.idle == 2  # both given back
    assert await get("/later") == 200
    ident = dict(seen)
    assert ident["/together/a"] != ident["/together/b"]
    # Closing the response (and Django's request_finished, which returns the database connection)
    # happens in the request's own thread.
    assert ident["closed /together/a"] == ident["/together/a"]
    assert ident["/later"] in {ident["/together/a"], ident["/together/b"]}  # reused, not a new thread
    assert threads.idle == 2


def test_threads_beyond_those_kept_end_with_their_request():
    from youthvoice.http_handler import RequestThreads

    threads = RequestThreads(keep=1)
    first, second = threads.borrow(), threads.borrow()
    threads.give_back(first)
    threads.give_back(second)
    assert threads.idle == 1
    assert threads.borrow() is first
    with pytest.raises(RuntimeError):
        second.submit(print)  # shut down
