"""Messages to one person's open sockets (all their tabs and devices), through the channel layer.

Consultation-wide events have their own fan-out in ``consultations``; this is the small per-user
channel used when something about *the person* changes (permission granted or withdrawn).
Delivery is best-effort: a socket that misses it learns the state on its next write or reconnect.
"""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def send_to_user(user_id: int, event: dict[str, object]) -> None:
    """Call after commit. Never raises: the database already holds the truth."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(user_group(user_id), {"type": "user.event", "event": event})
    except Exception:  # the channel layer may be down; nothing must fail because of it
        logger.warning("could not notify a user's sockets", exc_info=True)
