"""What a comment looks like on the wire: the one shape used by events and replays."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from consultations.models import Comment
from consultations.text import render_body


def author_name(comment: Comment) -> str:
    if comment.author_id is None:
        return gettext("Deleted participant")
    return comment.author.public_name


def comment_event_payload(comment: Comment) -> dict[str, Any]:
    """Never the author's id or email: only the display name. Text only while it is public."""
    visible = comment.status in (Comment.Status.PUBLISHED, Comment.Status.PENDING)
    return {
        "consultation": comment.consultation_id,
        "comment": {
            "id": comment.pk,
            "question": comment.question_id,
            "parent": comment.parent_id,
            "author": author_name(comment),
            "html": str(render_body(comment.body)) if visible else "",
            "language": comment.language,
            "status": comment.status,
            "hidden_reason": comment.hidden_reason_label,
            "edited": comment.edited_at is not None,
            "created_at": comment.created_at.isoformat(),
            "agree": comment.agree_count,
            "disagree": comment.disagree_count,
            "pass": comment.pass_count,
        },
    }
