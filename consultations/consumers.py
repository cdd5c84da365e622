"""WebSocket endpoint of one consultation. Thin: it authenticates, reads through selectors and
speaks the protocol documented in docs/websocket-protocol.md."""

from __future__ import annotations

import json
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils.translation import gettext

from consultations.selectors import live_consultation
from youthvoice.accounts.permissions import participation_decision
from youthvoice.realtime import user_group

# Application close codes (4000–4999 are ours to define).
CLOSE_NOT_FOUND = 4404


class ConsultationConsumer(AsyncJsonWebsocketConsumer):
    consultation_id: int
    personal_group: str | None = None

    async def connect(self) -> None:
        page_id = int(self.scope["url_route"]["kwargs"]["page_id"])
        consultation = await database_sync_to_async(live_consultation)(page_id=page_id)
        if consultation is None:
            # Accept first so the client receives the code rather than a bare HTTP 403.
            await self.accept()
            await self.close(code=CLOSE_NOT_FOUND)
            return
        self.consultation_id = consultation.id
        user = self.scope["user"]
        decision = await database_sync_to_async(participation_decision)(user)
        if user.is_authenticated:
            # Changes to this person's permission reach all their open pages at once.
            self.personal_group = user_group(user.pk)
            await self.channel_layer.group_add(self.personal_group, self.channel_name)
        await self.accept()
        await self.send_json(
            {
                "type": "hello",
                "consultation": consultation.id,
                "status": consultation.status.value,
                "participation": decision.as_event(),
            }
        )

    async def disconnect(self, code: int) -> None:
        if self.personal_group:
            await self.channel_layer.group_discard(self.personal_group, self.channel_name)

    async def user_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any) -> None:
        # A malformed frame is answered, never allowed to crash the consumer.
        if text_data is None:
            await self.send_error("bad_frame", gettext("Messages must be JSON text."))
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            await self.send_error("bad_json", gettext("That message was not valid JSON."))
            return
        await self.receive_json(content)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        # Client messages (posting, voting, resuming) arrive with live participation; until then
        # each one is answered with an error event and the socket stays open.
        await self.send_error("unknown_type", gettext("This kind of message is not supported."))

    async def send_error(self, code: str, message: str) -> None:
        await self.send_json({"type": "error", "code": code, "message": message})
