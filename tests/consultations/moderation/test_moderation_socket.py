"""The moderators' live queue over WebSocket, and what other sockets never see."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from consultations.moderation import services
from consultations.services import comment_create
from tests.factories import UserFactory
from tests.ws import SAME_ORIGIN, open_socket, session_cookie

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


async def _moderation_socket(user) -> WebsocketCommunicator:
    from youthvoice.asgi import application

    headers = [*SAME_ORIGIN, (b"cookie", await database_sync_to_async(session_cookie)(user))]
    communicator = WebsocketCommunicator(application, "/ws/moderation/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def test_participants_are_turned_away():
    communicator = await _moderation_socket(await database_sync_to_async(UserFactory)())
    assert (await communicator.receive_output(timeout=2))["code"] == 4403


async def test_only_the_hosting_organisations_moderators_hear_of_an_item(
    consultation_a, question_a, minor, moderator_a, moderator_b
):
    socket_a, socket_b = await _moderation_socket(moderator_a), await _moderation_socket(moderator_b)
    assert (await socket_a.receive_json_from())["type"] == "hello"
    assert (await socket_b.receive_json_from())["type"] == "hello"
    viewer, _ = await open_socket(consultation_a.id)

    comment = await database_sync_to_async(comment_create)(
        author=minor, consultation=consultation_a, question_id=question_a.pk, body="Held for review"
    )
    event = await socket_a.receive_json_from(timeout=3)
    assert event == {"type": "queue.added", "comment": comment.pk, "consultation": consultation_a.id}
    assert await socket_b.receive_nothing(timeout=0.5)
    assert await viewer.receive_nothing(timeout=0.5)  # a pending comment reaches no viewer

    await socket_a.send_json_to({"type": "claim", "comment": comment.pk})
    claimed = await socket_a.receive_json_from(timeout=3)
    assert (claimed["type"], claimed["comment"], claimed["by"]) == (
        "queue.claimed",
        comment.pk,
        moderator_a.public_name,
    )

    await database_sync_to_async(services.comment_approve)(moderator=moderator_a, comment_id=comment.pk)
    assert (await socket_a.receive_json_from(timeout=3))["type"] == "queue.resolved"
    created = await viewer.receive_json_from(timeout=3)
    assert (created["type"], created["comment"]["id"]) == ("comment.created", comment.pk)

    await socket_b.send_json_to({"type": "claim", "comment": comment.pk})
    assert (await socket_b.receive_json_from(timeout=3))["code"] == "not_found"
    for communicator in (socket_a, socket_b, viewer):
        await communicator.disconnect()


async def test_a_hidden_comment_vanishes_from_open_pages(consultation_a, question_a, adult, moderator_a):
    comment = await database_sync_to_async(comment_create)(
        author=adult, consultation=consultation_a, question_id=question_a.pk, body="Visible words"
    )
    viewer, _ = await open_socket(consultation_a.id)
    await database_sync_to_async(services.comment_hide)(moderator=moderator_a, comment_id=comment.pk, reason="spam")
    updated = await viewer.receive_json_from(timeout=3)
    assert updated["type"] == "comment.updated"
    assert (updated["comment"]["status"], updated["comment"]["html"]) == ("hidden", "")
    assert updated["comment"]["hidden_reason"] == "spam"
    await viewer.disconnect()


async def test_a_suspended_participants_open_socket_stops_writing_at_once(
    consultation_a, question_a, adult, moderator_a
):
    socket, _ = await open_socket(consultation_a.id, adult)
    await socket.send_json_to({"type": "comment.post", "key": "k1", "question": question_a.pk, "body": "First idea"})
    while (ack := await socket.receive_json_from(timeout=3))["type"] != "ack":
        pass  # the comment's broadcast may arrive before the acknowledgement
    await database_sync_to_async(services.participant_suspend)(
        moderator=moderator_a, comment_id=ack["comment"], days=3, reason="abusive"
    )
    await socket.send_json_to({"type": "comment.post", "key": "k2", "question": question_a.pk, "body": "Again"})
    while (answer := await socket.receive_json_from(timeout=3))["type"] != "error":
        pass  # the broadcast of the first comment may come first
    assert (answer["code"], answer["key"]) == ("suspended", "k2")
    await socket.disconnect()
