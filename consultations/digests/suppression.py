"""Small-cell suppression for every breakdown a policymaker sees.

A breakdown splits the participants of a consultation into groups (by age band, country or language)
whose counts add up to a total that the digest also shows. Showing a small group's count could point
at a person, so:

1. *Primary*: every group smaller than k is shown as "fewer than k", never as a number.
2. *Complementary*: one hidden count could still be recovered as the total minus the shown counts. So
   whenever a group is hidden, at least one more group is hidden with it — the smallest shown one,
   labelled "not shown, to protect a small group" (it is not small itself, so it is not called that).
3. *Check*: from the shown counts, the total and the known bounds (a primary cell lies in 0..k-1, a
   complementary cell is at least k), every hidden count must still have at least two possible values.
   If one would not (for instance every group is hidden and their bounds meet), the total is hidden too.

Breakdowns are independent of one another (no cross-tabulation is ever shown), so hiding within each
one is enough.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Shown(StrEnum):
    COUNT = "count"
    SMALL = "small"  # fewer than k
    PROTECTED = "protected"  # hidden to protect a small group


@dataclass(frozen=True)
class Cell:
    key: str
    shown: Shown
    count: int | None  # None unless shown as a number

    @property
    def is_hidden(self) -> bool:
        return self.shown != Shown.COUNT


@dataclass(frozen=True)
class Breakdown:
    cells: tuple[Cell, ...]
    total: int | None  # None when hiding the total was needed
    k: int


def suppress(counts: Sequence[tuple[str, int]], *, k: int, total: int | None = None) -> Breakdown:
    """Hide what must be hidden in one breakdown. ``total`` defaults to the sum of ``counts``; pass the
    headline figure when it is shown elsewhere and may differ (it must not be smaller)."""
    if k < 1:
        raise ValueError("k must be at least 1")
    real_total = sum(count for _, count in counts) if total is None else total
    small = {key for key, count in counts if count < k}
    protected: set[str] = set()
    if small:
        # The smallest group that is not small itself hides with them (ties: the first listed).
        candidates = sorted(
            ((count, position, key) for position, (key, count) in enumerate(counts) if key not in small),
        )
        if candidates:
            protected.add(candidates[0][2])
    cells = tuple(
        Cell(key, Shown.SMALL if key in small else Shown.PROTECTED if key in protected else Shown.COUNT,
             None if key in small or key in protected else count)
        for key, count in counts
    )  # fmt: skip
    shown_total: int | None = real_total if real_total >= k else None
    if shown_total is not None and not all_hidden_ambiguous(cells, total=shown_total, k=k):
        shown_total = None
    return Breakdown(cells=cells, total=shown_total, k=k)


def hidden_ranges(cells: Sequence[Cell], *, total: int, k: int) -> dict[str, tuple[int, int]]:
    """What a reader can infer about each hidden count: the lowest and highest values consistent with
    the shown counts, the total and the labels ("fewer than k": 0..k-1; "protected": at least k)."""
    hidden = [cell for cell in cells if cell.is_hidden]
    remainder = total - sum(cell.count or 0 for cell in cells if not cell.is_hidden)
    bounds = {cell.key: (0, k - 1) if cell.shown == Shown.SMALL else (k, None) for cell in hidden}
    ranges: dict[str, tuple[int, int]] = {}
    for cell in hidden:
        low, high = bounds[cell.key]
        others = [bounds[other.key] for other in hidden if other.key != cell.key]
        others_low = sum(bound[0] for bound in others)
        unbounded = any(bound[1] is None for bound in others)
        others_high = sum(bound[1] or 0 for bound in others)
        # This cell holds the remainder less what the others hold.
        cell_high = remainder - others_low if high is None else min(high, remainder - others_low)
        cell_low = low if unbounded else max(low, remainder - others_high)
        ranges[cell.key] = (cell_low, cell_high)
    return ranges


def all_hidden_ambiguous(cells: Sequence[Cell], *, total: int, k: int) -> bool:
    """True when no hidden count can be pinned to one value."""
    return all(high > low for low, high in hidden_ranges(cells, total=total, k=k).values())
