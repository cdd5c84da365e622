"""Small-cell suppression: no hidden count can be worked out from what a digest shows."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consultations.digests.suppression import Shown, suppress


def _feasible_values(breakdown, *, k: int, limit: int) -> dict[str, set[int]]:
    """A reader's brute force: every assignment of the hidden cells consistent with the labels
    ("fewer than k" means 0..k-1; "protected" means at least k) and, when shown, the total."""
    hidden = [cell for cell in breakdown.cells if cell.is_hidden]
    shown_sum = sum(cell.count for cell in breakdown.cells if not cell.is_hidden)
    options = [range(0, k) if cell.shown == Shown.SMALL else range(k, limit + 1) for cell in hidden]
    values: dict[str, set[int]] = {cell.key: set() for cell in hidden}
    for assignment in itertools.product(*options):
        if breakdown.total is not None and shown_sum + sum(assignment) != breakdown.total:
            continue
        for cell, value in zip(hidden, assignment, strict=True):
            values[cell.key].add(value)
    return values


@settings(max_examples=300, deadline=None)
@given(
    k=st.integers(min_value=2, max_value=5),
    counts=st.lists(st.integers(min_value=0, max_value=16), min_size=1, max_size=4),
)
def test_no_hidden_count_can_be_recovered(k, counts):
    groups = [(f"group {n}", count) for n, count in enumerate(counts)]
    breakdown = suppress(groups, k=k)
    for cell, (_, real) in zip(breakdown.cells, groups, strict=True):
        if real < k:
            assert cell.shown == Shown.SMALL and cell.count is None  # never a small number
        if not cell.is_hidden:
            assert cell.count == real
    if breakdown.total is not None:
        assert breakdown.total == sum(counts) >= k
    possible = _feasible_values(breakdown, k=k, limit=sum(counts) + k)
    for key, values in possible.items():
        assert len(values) >= 2, (groups, breakdown, key, values)


def test_one_small_group_takes_the_smallest_other_group_with_it():
    breakdown = suppress([("12-14", 3), ("15-17", 40), ("18-24", 25), ("25-30", 60)], k=10)
    assert [cell.shown for cell in breakdown.cells] == [Shown.SMALL, Shown.COUNT, Shown.PROTECTED, Shown.COUNT]
    assert breakdown.total == 128


def test_nothing_is_hidden_when_every_group_is_large_enough():
    breakdown = suppress([("MK", 12), ("AL", 10)], k=10)
    assert [cell.count for cell in breakdown.cells] == [12, 10] and breakdown.total == 22


def test_a_small_total_is_hidden_too():
    breakdown = suppress([("KG", 4), ("KZ", 3)], k=10)
    assert breakdown.total is None and all(cell.is_hidden for cell in breakdown.cells)


def test_the_total_is_hidden_when_the_bounds_would_give_the_groups_away():
    # Both groups are under 10 and together 18: each must be 9.
    assert suppress([("fr", 9), ("en", 9)], k=10).total is None


def test_k_must_be_positive():
    with pytest.raises(ValueError):
        suppress([("a", 1)], k=0)
