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


SESSION_ENDED = "session.ended"
CLOSE_SESSION_ENDED = 4401  # signed out: the client must not reconnect as that person


def session_fingerprint(session_key: str | None) -> str:
    """What travels through the channel layer instead of the session key itself."""
    import hashlib

    return hashlib.sha256((session_key or "").encode()).hexdigest()


def session_ended(*, user_id: int, session_key: str | None) -> None:
    """Tell the person's sockets that one of their sessions ended (signing out): the sockets opened
    with that session close; their other devices stay connected."""
    if session_key:
        send_to_user(user_id, {"type": SESSION_ENDED, "session": session_fingerprint(session_key)})


def ends_this_socket(event: dict[str, object], scope: dict[str, object]) -> bool:
    session = scope.get("session")
    key = getattr(session, "session_key", None)
    return event.get("type") == SESSION_ENDED and bool(key) and event.get("session") == session_fingerprint(key)
