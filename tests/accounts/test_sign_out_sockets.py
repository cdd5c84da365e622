"""Signing out closes the sockets opened with that session, and only those."""

from importlib import import_module

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import logout
from django.test import RequestFactory

from tests.factories import ConsultationPageFactory, UserFactory
from tests.ws import SAME_ORIGIN, session_cookie
from youthvoice.organisations.models import Membership

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


async def _socket(path: str, cookie: bytes) -> WebsocketCommunicator:
    from youthvoice.asgi import application

    communicator = WebsocketCommunicator(application, path, headers=[*SAME_ORIGIN, (b"cookie", cookie)])
    connected, _ = await communicator.connect()
    assert connected
    assert (await communicator.receive_json_from(timeout=3))["type"] == "hello"
    return communicator


def _sign_out(user, cookie: bytes) -> None:
    """What the "Log out" button does to that session."""
    request = RequestFactory().post("/en/accounts/logout/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore(cookie.decode().split("=", 1)[1])
    request.user = user
    logout(request)


async def test_signing_out_closes_that_sessions_sockets_and_no_others():
    user = await database_sync_to_async(UserFactory)()
    page = await database_sync_to_async(ConsultationPageFactory)()
    await database_sync_to_async(Membership.objects.create)(
        organisation_id=page.organisation_id, user=user, role=Membership.Role.MODERATOR
    )
    laptop = await database_sync_to_async(session_cookie)(user)
    phone = await database_sync_to_async(session_cookie)(user)
    laptop_page = await _socket(f"/ws/consultations/{page.id}/", laptop)
    laptop_queue = await _socket("/ws/moderation/", laptop)
    phone_page = await _socket(f"/ws/consultations/{page.id}/", phone)

    await database_sync_to_async(_sign_out)(user, laptop)

    for socket in (laptop_page, laptop_queue):
        assert await socket.receive_output(timeout=3) == {"type": "websocket.close", "code": 4401}
    assert await phone_page.receive_nothing(timeout=0.5)  # the phone stays signed in and hears nothing
    await phone_page.disconnect()
