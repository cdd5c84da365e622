"""Helpers for WebSocket tests: an authenticated communicator on a consultation's socket."""

from __future__ import annotations

from importlib import import_module

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

SAME_ORIGIN = [(b"origin", b"http://localhost"), (b"host", b"localhost")]


def session_cookie(user) -> bytes:
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}".encode()


async def open_socket(consultation_id: int, user=None) -> tuple[WebsocketCommunicator, dict]:
    """Connected and past the hello, which is returned."""
    from youthvoice.asgi import application

    headers = list(SAME_ORIGIN)
    if user is not None:
        headers.append((b"cookie", await database_sync_to_async(session_cookie)(user)))
    communicator = WebsocketCommunicator(application, f"/ws/consultations/{consultation_id}/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    hello = await communicator.receive_json_from()
    assert hello["type"] == "hello"
    return communicator, hello
