"""Public moderation figures per consultation, moved with every status change (never recounted)."""

from __future__ import annotations

from django.db.models import F

from consultations.moderation.models import ModerationFigures
from consultations.moderation.reasons import Reason

State = tuple[str, str]  # (comment status, hidden reason)


def _column(state: State | None) -> str | None:
    if state is None:
        return None
    status, reason = state
    if status == "published":
        return "published"
    if status == "pending":
        return "held"
    if status == "hidden" and reason in Reason.values:
        return f"hidden_{reason}"
    return None  # removed by its author, or hidden for a reason outside the list


def figures_move(*, consultation_id: int, before: State | None, after: State | None) -> None:
    """Call inside the transaction that changes the comment's status."""
    old, new = _column(before), _column(after)
    if old == new:
        return
    changes = {}
    if old:
        changes[old] = F(old) - 1
    if new:
        changes[new] = F(new) + 1
    if not ModerationFigures.objects.filter(consultation_id=consultation_id).update(**changes):
        ModerationFigures.objects.bulk_create(
            [ModerationFigures(consultation_id=consultation_id)], ignore_conflicts=True
        )
        ModerationFigures.objects.filter(consultation_id=consultation_id).update(**changes)


def figures_recount(consultation_ids: list[int]) -> None:
    """Count the figures of these consultations afresh from their comments: for data written
    outside the services (imports, the benchmarks), never on a request."""
    from django.db import transaction
    from django.db.models import Count

    from consultations.models import Comment

    counts: dict[int, dict[str, int]] = {pk: {} for pk in consultation_ids}
    rows = (
        Comment.objects.filter(consultation_id__in=consultation_ids)
        .values("consultation_id", "status", "hidden_reason")
        .annotate(n=Count("id"))
    )
    for row in rows:
        column = _column((row["status"], row["hidden_reason"]))
        if column:
            per_page = counts[row["consultation_id"]]
            per_page[column] = per_page.get(column, 0) + row["n"]
    with transaction.atomic():
        ModerationFigures.objects.filter(consultation_id__in=consultation_ids).delete()
        ModerationFigures.objects.bulk_create(
            [ModerationFigures(consultation_id=pk, **per_page) for pk, per_page in counts.items()]
        )
