"""The moderators' live queue: one channel-layer group per organisation, fed after commit."""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def moderators_group(organisation_id: int) -> str:
    return f"moderation.org.{organisation_id}"


def queue_notify(organisation_ids: list[int], event: dict[str, Any]) -> None:
    """Tell the moderators of these organisations, once the change is committed. Never raises: the
    queue page reads the database, the push only saves a reload."""

    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        for organisation_id in set(organisation_ids):
            try:
                async_to_sync(layer.group_send)(
                    moderators_group(organisation_id), {"type": "queue.event", "event": event}
                )
            except Exception:
                logger.warning("moderation queue event not delivered", exc_info=True)

    transaction.on_commit(send)
