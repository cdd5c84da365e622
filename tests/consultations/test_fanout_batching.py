"""Events that come close together share one frame (a JSON array, in order); a lone event goes out at
once (consultations/realtime.py, LocalFanout.deliver_local)."""

from __future__ import annotations

import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from django.test import override_settings

from consultations import realtime
from consultations.services import comment_create
from tests.factories import ConsultationPageFactory, UserFactory
from tests.ws import open_socket

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

INTERVAL = 0.3


def _event(seq: int) -> str:
    return realtime.encode({"type": "comment.created", "seq": seq, "comment": {"id": seq}})


async def _frames(communicator, *, within: float) -> list[str]:
    frames = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while (left := deadline - loop.time()) > 0:
        # Not receive_output: its timeout cancels the application.
        try:
            frames.append((await asyncio.wait_for(communicator.output_queue.get(), left))["text"])
        except TimeoutError:
            break
    return frames


@override_settings(YOUTHVOICE_FANOUT_BATCH_SECONDS=INTERVAL)
async def test_a_lone_event_goes_at_once_and_a_burst_shares_the_next_frame():
    page = await database_sync_to_async(ConsultationPageFactory)()
    viewers = [await open_socket(page.id) for _ in range(3)]
    fanout = realtime.local_fanout()
    loop = asyncio.get_running_loop()

    started = loop.time()
    fanout.deliver_local(page.id, _event(1))
    for communicator, _ in viewers:
        first = await communicator.receive_from(timeout=1)
        assert json.loads(first)["seq"] == 1  # alone: a plain object, as without batching
    assert loop.time() - started < INTERVAL / 2

    for seq in (2, 3, 4):  # within the interval after the last frame: they wait for the next one
        fanout.deliver_local(page.id, _event(seq))
    for communicator, _ in viewers:
        frames = await _frames(communicator, within=INTERVAL * 3)
        assert [[event["seq"] for event in json.loads(frame)] for frame in frames] == [[2, 3, 4]]
    assert loop.time() - started >= INTERVAL * 0.9

    for communicator, _ in viewers:
        await communicator.disconnect()


@override_settings(YOUTHVOICE_FANOUT_BATCH_SECONDS=INTERVAL)
async def test_comments_posted_in_a_burst_reach_a_viewer_all_in_order_and_once():
    page = await database_sync_to_async(ConsultationPageFactory)(questions=["Q?"])
    question = await database_sync_to_async(lambda: page.questions.get())()
    author = await database_sync_to_async(UserFactory)(age=20)
    communicator, hello = await open_socket(page.id)

    def post(n: int) -> None:
        comment_create(author=author, consultation=page, question_id=question.pk, body=f"Burst {n}")

    for n in range(6):
        await database_sync_to_async(post)(n)
    events = []
    for frame in await _frames(communicator, within=INTERVAL * 4):
        decoded = json.loads(frame)
        events.extend(decoded if isinstance(decoded, list) else [decoded])
    created = [event for event in events if event["type"] == "comment.created"]
    assert [event["seq"] for event in created] == list(range(hello["seq"] + 1, hello["seq"] + 7))
    assert [event["comment"]["html"].count(f"Burst {n}") for n, event in enumerate(created)] == [1] * 6
    await communicator.disconnect()


@override_settings(YOUTHVOICE_FANOUT_BATCH_SECONDS=0)
async def test_zero_seconds_sends_every_event_in_a_frame_of_its_own():
    page = await database_sync_to_async(ConsultationPageFactory)()
    communicator, _ = await open_socket(page.id)
    for seq in (1, 2, 3):
        realtime.local_fanout().deliver_local(page.id, _event(seq))
    assert [json.loads(await communicator.receive_from(timeout=1))["seq"] for _ in range(3)] == [1, 2, 3]
    await communicator.disconnect()
