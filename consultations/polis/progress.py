"""A one-line progress bar for commands, without a dependency for something this small."""

from __future__ import annotations

from collections.abc import Callable


class ProgressBar:
    """Called as ``bar(stage, done, total)``. On a terminal (``interactive``) the line is redrawn in
    place whenever the percentage moves; elsewhere (logs, pipes) only each finished stage is written."""

    def __init__(self, *, write: Callable[[str], None], interactive: bool, width: int = 30) -> None:
        self.write = write
        self.interactive = interactive
        self.width = width
        self._shown: tuple[str, int] | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        percent = 100 if total == 0 else done * 100 // total
        finished = done >= total
        if (stage, percent) == self._shown or not (self.interactive or finished):
            return
        self._shown = (stage, percent)
        filled = self.width * percent // 100
        line = f"{stage:<14} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}"
        self.write(("\r" if self.interactive else "") + line + ("\n" if finished else ""))
