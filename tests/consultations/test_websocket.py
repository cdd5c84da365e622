import pytest
from channels.testing import WebsocketCommunicator

from tests.factories import ConsultationPageFactory

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SAME_ORIGIN = [(b"origin", b"http://localhost"), (b"host", b"localhost")]


def _application():
    from youthvoice.asgi import application

    return application


async def _consultation():
    from channels.db import database_sync_to_async

    return await database_sync_to_async(ConsultationPageFactory)()


async def test_hello_names_the_consultation_and_its_status():
    page = await _consultation()
    communicator = WebsocketCommunicator(_application(), f"/ws/consultations/{page.id}/", headers=SAME_ORIGIN)
    connected, _ = await communicator.connect()
    assert connected
    hello = await communicator.receive_json_from()
    assert hello["type"] == "hello"
    assert hello["consultation"] == page.id
    assert hello["status"] == "open"
    assert hello["participation"]["allowed"] is False  # anonymous
    assert hello["participation"]["reason"] == "login_required"
    await communicator.disconnect()


@pytest.mark.parametrize(
    "headers",
    [
        [(b"origin", b"https://evil.example"), (b"host", b"localhost")],
        [(b"origin", b"null"), (b"host", b"localhost")],
        [(b"host", b"localhost")],
    ],
    ids=["foreign", "null", "missing"],
)
async def test_cross_site_origins_are_rejected(headers):
    page = await _consultation()
    communicator = WebsocketCommunicator(_application(), f"/ws/consultations/{page.id}/", headers=headers)
    connected, _ = await communicator.connect()
    assert not connected


async def test_unknown_consultation_closes_with_not_found():
    communicator = WebsocketCommunicator(_application(), "/ws/consultations/999999/", headers=SAME_ORIGIN)
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_output() == {"type": "websocket.close", "code": 4404}


async def test_malformed_frames_get_an_error_and_the_socket_stays_open():
    page = await _consultation()
    communicator = WebsocketCommunicator(_application(), f"/ws/consultations/{page.id}/", headers=SAME_ORIGIN)
    await communicator.connect()
    await communicator.receive_json_from()  # hello

    await communicator.send_to(text_data="{not json")
    error = await communicator.receive_json_from()
    assert error["type"] == "error"
    assert error["code"] == "bad_json"
    assert error["message"]

    await communicator.send_to(bytes_data=b"\x00\x01")
    assert (await communicator.receive_json_from())["code"] == "bad_frame"

    await communicator.send_json_to({"type": "no.such.thing"})
    assert (await communicator.receive_json_from())["code"] == "unknown_type"
    await communicator.disconnect()
