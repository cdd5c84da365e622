"""Comments and votes in "Download my data" and "Delete my account" (see accounts/data_rights.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from consultations.models import Comment, Vote
from youthvoice.accounts.data_rights import PersonalData, register
from youthvoice.accounts.models import User


def _export_comments(user: User) -> list[dict[str, Any]]:
    return [
        {
            "id": c.pk,
            "consultation": c.consultation.title,
            "question": c.question.text,
            "reply_to": c.parent_id,
            "text": c.body,
            "status": c.status,
            "written": c.created_at.isoformat(),
            "edited": c.edited_at.isoformat() if c.edited_at else None,
        }
        for c in Comment.objects.filter(author=user).select_related("consultation", "question").order_by("id")
    ]


def _erase_comments(user: User) -> None:
    # The comment keeps its place (replies stay readable) as "deleted participant", without its text.
    Comment.objects.filter(author=user).update(body="", status=Comment.Status.REMOVED, client_key="")


def _export_votes(user: User) -> list[dict[str, Any]]:
    return [
        {"comment": v.comment_id, "choice": v.choice, "cast": v.created_at.isoformat()}
        for v in Vote.objects.filter(voter=user).order_by("id")
    ]


def _comments_visibility_changed(user_id: int, visible: bool) -> None:
    """Open pages drop (or show again) the person's published comments at once."""
    from consultations import realtime
    from consultations.payloads import comment_event_payload

    comments = Comment.objects.filter(author_id=user_id, status=Comment.Status.PUBLISHED).select_related("author")
    for comment in comments.iterator():
        payload = comment_event_payload(comment)
        if not visible:
            payload["comment"].update(status="withheld", html="")
        with transaction.atomic():
            realtime.event_record(consultation_id=comment.consultation_id, type="comment.updated", payload=payload)


def register_sections() -> None:
    register(
        PersonalData("comments", _export_comments, _erase_comments, visibility_changed=_comments_visibility_changed)
    )
    # Votes need no eraser: ON DELETE SET NULL unlinks them and they keep counting.
    register(PersonalData("votes", _export_votes))
