"""The moderators' live queue socket: ``/ws/moderation/``. Thin: services act.

Server → client: ``hello``, ``queue.added``, ``queue.claimed``, ``queue.resolved``, ``error``.
Client → server: ``claim {comment}``. Only moderators connect (others are closed with 4403); each
joins the groups of the organisations they moderate, so no event of another organisation reaches them.
"""

from __future__ import annotations

import json
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils.translation import gettext

from consultations.moderation import services
from consultations.moderation.live import moderators_group
from consultations.moderation.scope import moderated_organisation_ids
from youthvoice.errors import ServiceError
from youthvoice.realtime import (
    CLOSE_SERVICE_RESTART,
    CLOSE_SESSION_ENDED,
    LayerOutageMixin,
    ends_this_socket,
    layer_unreachable,
    user_group,
)
from youthvoice.socket_database import database_call

CLOSE_FORBIDDEN = 4403
MAX_FRAME = 4096


class ModerationConsumer(LayerOutageMixin, AsyncWebsocketConsumer):
    groups_joined: list[str]

    async def connect(self) -> None:
        self.groups_joined = []
        user = self.scope["user"]
        organisation_ids = await database_call(moderated_organisation_ids)(user)
        await self.accept()
        if not organisation_ids:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        # The person's own group too: signing out closes this socket (youthvoice/realtime.py).
        try:
            for group in [*(moderators_group(pk) for pk in organisation_ids), user_group(user.pk)]:
                await self.channel_layer.group_add(group, self.channel_name)
                self.groups_joined.append(group)
        except Exception as error:
            if not layer_unreachable(error):
                raise
            await self.close(code=CLOSE_SERVICE_RESTART)  # Redis is down: the page reconnects later
            return
        await self.send(json.dumps({"type": "hello", "organisations": organisation_ids}))

    async def disconnect(self, code: int) -> None:
        groups, self.groups_joined = self.groups_joined, []
        try:
            for group in groups:
                await self.channel_layer.group_discard(group, self.channel_name)
        except Exception as error:
            if not layer_unreachable(error):
                raise  # memberships expire in Redis by themselves

    async def queue_event(self, message: dict[str, Any]) -> None:
        await self.send(json.dumps(message["event"]))

    async def user_event(self, message: dict[str, Any]) -> None:
        """Only a session ending matters here; the person's other events are for consultation pages."""
        if ends_this_socket(message["event"], self.scope):
            await self.close(code=CLOSE_SESSION_ENDED)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if not self.groups_joined:
            return
        if text_data is None or len(text_data) > MAX_FRAME:
            return await self._error("bad_frame", gettext("Messages must be short JSON text."))
        try:
            message = json.loads(text_data)
        except ValueError:
            return await self._error("bad_json", gettext("That message is not valid JSON."))
        if (
            not isinstance(message, dict)
            or message.get("type") != "claim"
            or not isinstance(message.get("comment"), int)
        ):
            return await self._error("unknown_type", gettext('Send {"type": "claim", "comment": <id>}.'))
        try:
            await database_call(_claim)(self.scope["user"].pk, message["comment"])
        except ServiceError as error:
            await self._error(error.code, str(error.message))

    async def _error(self, code: str, message: str) -> None:
        await self.send(json.dumps({"type": "error", "code": code, "message": message}))


def _claim(user_id: int, comment_id: int) -> None:
    from youthvoice.accounts.models import User

    services.comment_claim(moderator=User.objects.get(pk=user_id), comment_id=comment_id)
