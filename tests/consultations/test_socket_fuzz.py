"""Fuzzing the live sockets (a consultation's and the moderators'): random frames and messages of every
type, with wrong types, huge numbers, odd unicode and nesting, never crash the consumer. Each gets a
clear ``error`` (or a normal answer), and the socket keeps answering afterwards."""

import json

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ConsultationPageFactory, UserFactory
from tests.ws import SAME_ORIGIN, session_cookie

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | st.sampled_from(["", "agree", "disagree", "pass", "\u202e", "\x00", "💥" * 50, "a" * 3000])
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=8,
)  # fmt: skip
messages = st.fixed_dictionaries(
    {"type": st.sampled_from(["comment.post", "vote.cast", "resume"]) | st.text(max_size=20)},
    optional={name: values for name in ("key", "question", "body", "parent", "comment", "choice", "seq")},
)
frames = messages.map(json.dumps) | values.map(json.dumps) | st.text(max_size=300)
ANSWERS = {"error", "ack", "comment.created", "comment.updated", "tally", "resync", "replayed"}


@pytest.fixture
def socket_headers():
    page = ConsultationPageFactory(questions=["Where do you feel safe?"])
    cookie = session_cookie(UserFactory(age=21))
    return page, [*SAME_ORIGIN, (b"cookie", cookie)]


async def _exchange(page, headers, frame: str, path: str = "") -> list[dict]:
    from youthvoice.asgi import application

    communicator = WebsocketCommunicator(application, path or f"/ws/consultations/{page.id}/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    assert (await communicator.receive_json_from(timeout=5))["type"] == "hello"
    await communicator.send_input({"type": "websocket.receive", "text": frame})  # "" included
    await communicator.send_json_to({"type": "probe.after.fuzz"})  # must still be answered
    received = []
    while True:
        output = await communicator.receive_output(timeout=5)
        assert output["type"] == "websocket.send", f"the socket closed on {frame!r}: {output}"
        message = json.loads(output["text"])
        received.append(message)
        if message.get("type") == "error" and message.get("code") == "unknown_type":
            break
    await communicator.disconnect()
    return received


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frame=frames)
def test_any_frame_gets_an_answer_and_the_socket_lives_on(socket_headers, frame):
    page, headers = socket_headers
    received = async_to_sync(_exchange)(page, headers, frame)
    for message in received:
        assert message.get("type") in ANSWERS, message
        if message["type"] == "error":
            assert isinstance(message.get("code"), str) and message.get("message")


def test_fuzz_setup_is_sound(socket_headers):
    """The probe really is answered with an error (so the loop above ends for the right reason)."""
    page, headers = socket_headers
    received = async_to_sync(_exchange)(page, headers, json.dumps({"type": "resume", "seq": 0}))
    assert received[-1]["code"] == "unknown_type"


moderation_messages = st.fixed_dictionaries(
    {"type": st.sampled_from(["claim"]) | st.text(max_size=20)}, optional={"comment": values}
)
moderation_frames = moderation_messages.map(json.dumps) | values.map(json.dumps) | st.text(max_size=5000)


@pytest.fixture
def moderator_headers():
    from youthvoice.organisations.models import Membership

    page = ConsultationPageFactory(questions=["Where do you feel safe?"])
    moderator = UserFactory(age=30)
    Membership.objects.create(organisation=page.organisation, user=moderator, role=Membership.Role.MODERATOR)
    return page, [*SAME_ORIGIN, (b"cookie", session_cookie(moderator))]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frame=moderation_frames)
def test_any_frame_on_the_moderation_socket_gets_an_answer_and_it_lives_on(moderator_headers, frame):
    page, headers = moderator_headers
    received = async_to_sync(_exchange)(page, headers, frame, "/ws/moderation/")
    for message in received:
        assert message.get("type") in {"error", "queue.claimed"}, message
        if message["type"] == "error":
            assert isinstance(message.get("code"), str) and message.get("message")
