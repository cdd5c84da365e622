"""The consultation socket's protocol, through Channels' WebsocketCommunicator."""

import asyncio
import json

import pytest
from channels.db import database_sync_to_async

from consultations.models import Comment
from consultations.pages import ModerationMode
from tests.factories import ConsultationPageFactory, GuardianConsentFactory, UserFactory
from tests.ws import open_socket

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


async def _setup(mode=ModerationMode.POST):
    page = await database_sync_to_async(ConsultationPageFactory)(moderation_mode=mode)
    question = await database_sync_to_async(lambda: page.questions.first())()
    author = await database_sync_to_async(UserFactory)(display_name="Calm Comet")
    return page, question, author


async def _next(communicator, type_, timeout=3):
    """The next message of a type (others, such as tallies, may come first)."""
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        if message["type"] == type_:
            return message


async def test_a_posted_comment_reaches_other_viewers_in_order_with_sequence_numbers():
    page, question, author = await _setup()
    poster, hello = await open_socket(page.id, author)
    viewer, _ = await open_socket(page.id)  # anonymous visitors may watch
    assert hello["seq"] == 0
    for n in range(3):
        await poster.send_json_to(
            {"type": "comment.post", "key": f"k{n}", "question": question.id, "body": f"Idea {n}"}
        )
        ack = await _next(poster, "ack")
        assert ack["key"] == f"k{n}" and ack["status"] == "published"
    received = [await _next(viewer, "comment.created") for _ in range(3)]
    assert [m["seq"] for m in received] == [1, 2, 3]
    assert [m["comment"]["html"] for m in received] == ["Idea 0", "Idea 1", "Idea 2"]
    assert received[0]["comment"]["author"] == "Calm Comet"
    await poster.disconnect()
    await viewer.disconnect()


async def test_duplicate_keys_create_one_comment():
    page, question, author = await _setup()
    socket, _ = await open_socket(page.id, author)
    message = {"type": "comment.post", "key": "same-key", "question": question.id, "body": "Once only"}
    await socket.send_json_to(message)
    first = await _next(socket, "ack")
    await socket.send_json_to(message)
    second = await _next(socket, "ack")
    assert first["comment"] == second["comment"]
    assert await database_sync_to_async(Comment.objects.count)() == 1
    await socket.disconnect()


async def test_resume_replays_what_was_missed_then_resync_when_too_far():
    page, question, author = await _setup()
    poster, _ = await open_socket(page.id, author)
    for n in range(4):
        await poster.send_json_to({"type": "comment.post", "key": f"r{n}", "question": question.id, "body": f"c{n}"})
        await _next(poster, "ack")
    late, hello = await open_socket(page.id)
    assert hello["seq"] == 4
    await late.send_json_to({"type": "resume", "last_seq": 1})
    replayed = [await _next(late, "comment.created") for _ in range(3)]
    assert [m["seq"] for m in replayed] == [2, 3, 4]

    from consultations import realtime

    realtime.REPLAY_LIMIT, limit = 2, realtime.REPLAY_LIMIT
    try:
        await late.send_json_to({"type": "resume", "last_seq": 0})
        assert (await _next(late, "resync"))["consultation"] == page.id
    finally:
        realtime.REPLAY_LIMIT = limit
    await poster.disconnect()
    await late.disconnect()


async def test_votes_are_acknowledged_and_tallies_reach_viewers_coalesced():
    page, question, author = await _setup()
    voters = [await database_sync_to_async(UserFactory)() for _ in range(3)]
    poster, _ = await open_socket(page.id, author)
    await poster.send_json_to({"type": "comment.post", "key": "c", "question": question.id, "body": "Vote on me"})
    comment_id = (await _next(poster, "ack"))["comment"]
    viewer, _ = await open_socket(page.id)
    sockets = [(await open_socket(page.id, voter))[0] for voter in voters]
    for n, socket in enumerate(sockets):
        await socket.send_json_to({"type": "vote.cast", "key": f"v{n}", "comment": comment_id, "choice": "agree"})
        ack = await _next(socket, "ack")
        assert ack["tally"]["id"] == comment_id
    tally = await _next(viewer, "tally")
    # Three votes within one interval: at most two tally events, the last one with all three.
    latest = {t["id"]: t for t in tally["tallies"]}[comment_id]
    if latest["agree"] != 3:
        latest = {t["id"]: t for t in (await _next(viewer, "tally"))["tallies"]}[comment_id]
    assert latest["agree"] == 3
    for socket in [poster, viewer, *sockets]:
        await socket.disconnect()


async def test_writes_need_permission_and_pending_comments_stay_private():
    page, question, _ = await _setup(mode=ModerationMode.PRE_MINORS)
    minor = (await database_sync_to_async(GuardianConsentFactory)(status="granted")).minor
    anonymous, _ = await open_socket(page.id)
    await anonymous.send_json_to({"type": "comment.post", "key": "a", "question": question.id, "body": "hi"})
    error = await _next(anonymous, "error")
    assert (error["code"], error["key"]) == ("login_required", "a")

    teen, _ = await open_socket(page.id, minor)
    await teen.send_json_to({"type": "comment.post", "key": "t", "question": question.id, "body": "My idea"})
    assert (await _next(teen, "ack"))["status"] == "pending"
    own = await _next(teen, "comment.created")  # the author's own pages see it, marked pending
    assert own["comment"]["status"] == "pending" and own["seq"] is None
    assert await anonymous.receive_nothing(timeout=0.3)
    await anonymous.disconnect()
    await teen.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        (json.dumps({"type": "comment.post", "key": "x", "question": "one", "body": "hi"}), "bad_message"),
        (json.dumps({"type": "vote.cast", "key": "x", "comment": 1, "choice": 5}), "bad_message"),
        (json.dumps({"type": "resume", "last_seq": -3}), "bad_message"),
        (json.dumps(["not", "an", "object"]), "bad_message"),
        (json.dumps({"type": "comment.post", "key": "x", "question": 1, "body": "y" * 17000}), "too_large"),
    ],
)
async def test_malformed_messages_get_errors_and_the_socket_stays_open(frame, code):
    page, question, author = await _setup()
    socket, _ = await open_socket(page.id, author)
    await socket.send_to(text_data=frame)
    assert (await _next(socket, "error"))["code"] == code
    await socket.send_json_to({"type": "comment.post", "key": "ok", "question": question.id, "body": "Still here"})
    assert (await _next(socket, "ack"))["status"] == "published"
    await socket.disconnect()


async def test_flooding_is_refused_then_abuse_closes_with_1008():
    page, _question, author = await _setup()
    socket, _ = await open_socket(page.id, author)
    for n in range(12):
        await socket.send_json_to({"type": "vote.cast", "key": f"f{n}", "comment": 999999, "choice": "agree"})
    codes = []
    for _ in range(12):
        codes.append((await _next(socket, "error"))["code"])
    assert codes.count("rate_limited") == 2
    for n in range(30):
        await socket.send_json_to({"type": "vote.cast", "key": f"g{n}", "comment": 999999, "choice": "agree"})
    while True:
        output = await socket.receive_output(timeout=3)
        if output["type"] == "websocket.close":
            assert output["code"] == 1008
            break
    await asyncio.sleep(0)


async def test_when_a_guardian_withdraws_open_pages_drop_the_minors_comments_at_once():
    from youthvoice.accounts import services as account_services
    from youthvoice.accounts.guardians import GuardianLink
    from youthvoice.accounts.tokens import hash_token, new_token

    page, question, _ = await _setup()
    consent = await database_sync_to_async(GuardianConsentFactory)(status="granted")
    token = new_token()
    await database_sync_to_async(GuardianLink.objects.create)(
        consent=consent, purpose=GuardianLink.Purpose.MANAGE, token_hash=hash_token(token)
    )
    teen, _ = await open_socket(page.id, consent.minor)
    viewer, _ = await open_socket(page.id)
    await teen.send_json_to({"type": "comment.post", "key": "w", "question": question.id, "body": "My idea"})
    comment_id = (await _next(teen, "ack"))["comment"]
    assert (await _next(viewer, "comment.created"))["comment"]["html"] == "My idea"

    await database_sync_to_async(account_services.guardian_consent_revoke)(token=token)
    update = await _next(viewer, "comment.updated")
    assert update["comment"]["id"] == comment_id
    assert (update["comment"]["status"], update["comment"]["html"]) == ("withheld", "")
    assert update["seq"] == 2  # numbered and stored: a reconnecting client replays the hiding too
    await teen.disconnect()
    await viewer.disconnect()
