"""Who may do what over the live sockets, as one table: every message type tried as each kind of person.

Outcomes: ``hello`` (connected), ``closed <code>`` (refused at connection), ``ack`` / ``queue.claimed``
(the write happened), or the ``error`` code the socket answered with (the socket stays open).
Whether a write happened is also checked in the database. The HTTP table is in
``tests/test_authorisation_matrix.py``; the protocol in docs/websocket-protocol.md.
"""

from __future__ import annotations

import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from consultations.models import Comment, Vote
from consultations.services import comment_create
from tests import roles
from tests.factories import ConsultationPageFactory, OrganisationFactory, UserFactory
from tests.roles import ROLES
from tests.ws import SAME_ORIGIN, session_cookie

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Columns follow ROLES: anonymous, unverified, minor waiting for a guardian, minor whose guardian
# withdrew, participant, moderator, moderator of another organisation, policymaker, admin.
MATRIX = {
    "consultation: connect": ["hello", "hello", "hello", "hello", "hello", "hello", "hello", "hello", "hello"],
    "consultation: comment.post": [
        "login_required", "email_unverified", "guardian_pending", "guardian_revoked",
        "ack", "ack", "ack", "ack", "ack",
    ],
    "consultation: vote.cast": [
        "login_required", "email_unverified", "guardian_pending", "guardian_revoked",
        "ack", "ack", "ack", "ack", "ack",
    ],
    "consultation: resume": ["tally", "tally", "tally", "tally", "tally", "tally", "tally", "tally", "tally"],
    "moderation: connect": [
        "closed 4403", "closed 4403", "closed 4403", "closed 4403", "closed 4403",
        "hello", "hello", "closed 4403", "hello",
    ],
    "moderation: claim": [
        "closed 4403", "closed 4403", "closed 4403", "closed 4403", "closed 4403",
        "queue.claimed", "not_found", "closed 4403", "queue.claimed",
    ],
}  # fmt: skip


def _world() -> dict:
    organisation, other = OrganisationFactory(), OrganisationFactory()
    page = ConsultationPageFactory(organisation=organisation, questions=["What would help?"])
    question = page.questions.get()
    people = roles.people(organisation=organisation, other_organisation=other, consultation=page)
    author = UserFactory(age=25)
    target = comment_create(author=author, consultation=page, question_id=question.pk, body="Target comment")
    queued = comment_create(author=author, consultation=page, question_id=question.pk, body="Waiting comment")
    Comment.objects.filter(pk=queued.pk).update(status=Comment.Status.PENDING, in_queue=True)
    cookies = {role: session_cookie(person) for role, person in people.items() if person is not None}
    return {"page": page, "question": question, "people": people, "target": target, "queued": queued,
            "cookies": cookies}  # fmt: skip


async def _open(path: str, cookie: bytes | None) -> tuple[WebsocketCommunicator, str]:
    from youthvoice.asgi import application

    headers = list(SAME_ORIGIN) + ([(b"cookie", cookie)] if cookie else [])
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    first = await communicator.receive_output(timeout=5)
    if first["type"] == "websocket.close":
        return communicator, f"closed {first['code']}"
    return communicator, json.loads(first["text"])["type"]


async def _answer(communicator: WebsocketCommunicator, message: dict, wanted: set[str]) -> str:
    """Send ``message``; return the type of the first reply in ``wanted``, or an error's code."""
    await communicator.send_to(text_data=json.dumps(message))
    while True:
        event = json.loads(await communicator.receive_from(timeout=5))
        if event["type"] == "error":
            return event["code"]
        if event["type"] in wanted:
            return event["type"]


async def _try(action: str, world: dict, role: str) -> str:
    cookie = world["cookies"].get(role)
    page, person = world["page"], world["people"][role]
    surface, _, kind = action.partition(": ")
    path = f"/ws/consultations/{page.pk}/" if surface == "consultation" else "/ws/moderation/"
    communicator, opened = await _open(path, cookie)
    try:
        if kind == "connect" or opened.startswith("closed"):
            return opened
        if kind == "comment.post":
            body = f"From {role} over the socket"
            outcome = await _answer(
                communicator,
                {"type": "comment.post", "key": f"k-{role}", "question": world["question"].pk, "body": body,
                 "parent": None},
                {"ack"},
            )  # fmt: skip
            stored = await database_sync_to_async(Comment.objects.filter(body=body).exists)()
            assert stored == (outcome == "ack"), f"{role}: the database disagrees with the answer"
            return outcome
        if kind == "vote.cast":
            message = {"type": "vote.cast", "key": f"v-{role}", "comment": world["target"].pk, "choice": "agree"}
            outcome = await _answer(communicator, message, {"ack"})
            voted = (
                person is not None
                and await database_sync_to_async(Vote.objects.filter(comment=world["target"], voter=person).exists)()
            )
            assert voted == (outcome == "ack"), f"{role}: the database disagrees with the answer"
            return outcome
        if kind == "resume":
            return await _answer(communicator, {"type": "resume", "last_seq": 0}, {"tally", "resync"})
        if kind == "claim":
            outcome = await _answer(communicator, {"type": "claim", "comment": world["queued"].pk}, {"queue.claimed"})
            if outcome == "queue.claimed":  # let the next moderator claim it afresh
                await database_sync_to_async(Comment.objects.filter(pk=world["queued"].pk).update)(claimed_by=None)
            return outcome
        raise AssertionError(action)
    finally:
        await communicator.disconnect()


async def test_the_socket_authorisation_matrix():
    world = await database_sync_to_async(_world)()
    found = {action: {role: await _try(action, world, role) for role in ROLES} for action in MATRIX}
    expected = {action: dict(zip(ROLES, outcomes, strict=True)) for action, outcomes in MATRIX.items()}
    assert found == expected


def test_every_message_type_is_in_the_matrix():
    """A new message type in a consumer must get a row here."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "consultations"
    consultation = (root / "consumers.py").read_text()
    moderation = (root / "moderation" / "consumers.py").read_text()
    for kind in ("comment.post", "vote.cast", "resume"):
        assert f'"{kind}"' in consultation and f"consultation: {kind}" in MATRIX
    assert '"claim"' in moderation and "moderation: claim" in MATRIX
    handled = consultation.split("handler = {", 1)[1].split("}", 1)[0]
    assert handled.count('": self.on_') == 3, "a new message type: add it to the matrix"
