from typing import Any

from django import template
from django.utils.safestring import SafeString

from consultations import payloads, text
from consultations.models import Comment

register = template.Library()


@register.filter
def comment_html(comment: Comment) -> SafeString:
    return text.render_body(comment.body)


@register.filter
def author_name(comment: Comment) -> str:
    return payloads.author_name(comment)


@register.filter
def lookup(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None
