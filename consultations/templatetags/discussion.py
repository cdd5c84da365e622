from typing import Any

from django import template
from django.utils.safestring import SafeString

from consultations import payloads, text
from consultations.models import Comment
from consultations.translations import language_name as _language_name

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


@register.filter
def language_name(code: str) -> str:
    """A language code as its name in the reader's language ("ky" → "Kyrgyz")."""
    return _language_name(code)
