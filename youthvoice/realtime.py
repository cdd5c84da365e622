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


# --- Surviving a channel-layer outage ---------------------------------------------------------

CLOSE_SERVICE_RESTART = 1012  # the channel layer was lost: reconnect with back-off, then resume


def layer_unreachable(error: BaseException) -> bool:
    """Whether ``error`` means the channel layer (Redis) cannot be reached, as opposed to a bug."""
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return isinstance(error, (RedisConnectionError, RedisTimeoutError, ConnectionError, OSError))


class LayerOutageMixin:
    """For channels consumers: when the channel layer is lost, close with 1012 instead of crashing.

    Channels reads each consumer's own channel from the layer; when Redis goes away that read raises
    and the consumer would die with 1011 ("internal error"), which clients treat as a bug. 1012 tells
    them the service restarted: they reconnect with back-off and resume from their last sequence
    number, so nothing is lost (the database holds every event).
    """

    closing: bool = False

    async def __call__(self, scope, receive, send):  # type: ignore[no-untyped-def]
        try:
            await super().__call__(scope, receive, send)  # type: ignore[misc]
        except Exception as error:
            if not layer_unreachable(error):
                raise
            logger.warning("channel layer lost; closing a socket with 1012")
            try:
                # Channels skips disconnect() when a consumer dies: leave the local fan-out here.
                await self.disconnect(CLOSE_SERVICE_RESTART)  # type: ignore[attr-defined]
            except Exception:
                logger.warning("cleanup after losing the channel layer failed", exc_info=True)
            if not self.closing:
                self.closing = True
                try:
                    await send({"type": "websocket.close", "code": CLOSE_SERVICE_RESTART})
                except Exception:  # the client is already gone
                    logger.debug("socket already closed")

    async def close(self, code=None, reason=None):  # type: ignore[no-untyped-def]
        # Closing twice (say, the layer lost and the client too slow at once) is an ASGI error.
        if self.closing:
            return
        self.closing = True
        try:
            await super().close(code=code, reason=reason)  # type: ignore[misc]
        except Exception:  # the server closed it first (say, a keepalive timeout): nothing to do
            logger.debug("socket already closed by the server", exc_info=True)

    def restart(self) -> None:
        """Close this socket with 1012 from the fan-out loop (never blocks it)."""
        import asyncio

        if not self.closing:
            asyncio.get_running_loop().create_task(self.close(code=CLOSE_SERVICE_RESTART))
