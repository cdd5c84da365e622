"""Steps the fault tests share: viewers that connect, people who post, and the final check that
every viewer holds every published comment exactly once."""

from __future__ import annotations

import asyncio
import itertools

from tests.faults.clients import Viewer, eventually, post_comment

_keys = itertools.count()


async def post_many(stack, count: int, label: str, *, body: str = "more street lights near the school") -> list[int]:
    """Post ``count`` comments over HTTP, round robin over the participants; return the statuses."""
    statuses = []
    for n in range(count):
        key = f"{label}-{next(_keys)}"
        session = stack.sessions[n % len(stack.sessions)]
        text = f"{label} comment {n}: {body}"
        statuses.append(
            await asyncio.to_thread(post_comment, stack.port, session, stack.page, stack.question, text, key)
        )
    return statuses


async def viewers_of(stack, count: int) -> list[Viewer]:
    # Half signed in (they also join their personal group), half anonymous.
    viewers = [
        Viewer(stack.port, stack.page, session=stack.sessions[n % len(stack.sessions)] if n % 2 else "")
        for n in range(count)
    ]
    for viewer in viewers:
        viewer.start()
    await eventually(lambda: all(v.connected.is_set() for v in viewers), timeout=20, what="viewers connected")
    return viewers


async def everyone_has_everything(stack, viewers: list[Viewer], since: int, timeout: float) -> None:
    """Every viewer applied exactly the comments published after id ``since``, each once."""

    def done() -> bool:
        expected = [pk for pk in stack.published_comment_ids() if pk > since]
        return all(sorted(v.comments) == expected for v in viewers)

    await eventually(done, timeout=timeout, interval=0.2, what="every viewer to hold every comment")
    for viewer in viewers:
        assert len(viewer.comments) == len(set(viewer.comments)), "a comment was applied twice"
