"""allauth hooks: where people land after logging in, and mail in the recipient's language."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from youthvoice.accounts.selectors import current_consent


def _guardian_step(request: HttpRequest) -> str | None:
    """A young person who still has to name a guardian is taken straight to that step."""
    user = request.user
    if user.is_authenticated and user.needs_guardian_consent and current_consent(user) is None:
        return reverse("account_guardian")
    return None


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return _guardian_step(request) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return _guardian_step(request) or super().get_signup_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
