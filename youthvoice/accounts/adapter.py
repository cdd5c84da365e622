"""allauth hooks: where people land after logging in (in their own language), and mail in the
recipient's language with links under that language's prefix."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from youthvoice.accounts.selectors import current_consent
from youthvoice.languages import recipient_language, supported_language, url_in_language


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

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        """Whatever page someone signed in from, they land in their own language (``next`` included)."""
        language = supported_language(getattr(user, "language", None))
        if language is None:
            return super().post_login(request, user, **kwargs)
        # The "signed in" message and the landing URL are made in that language.
        with translation.override(language):
            response = super().post_login(request, user, **kwargs)
        if response.status_code in (301, 302) and response.has_header("Location"):
            response["Location"] = url_in_language(response["Location"], language)
        return response

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        user = context.get("user")
        language = recipient_language(getattr(user, "language", None) or translation.get_language())
        with translation.override(language):
            # allauth builds its links (activate_url, password_reset_url...) in the language of the
            # request that triggered the mail; the recipient's may differ.
            context = {
                key: url_in_language(value, language) if key.endswith("_url") and isinstance(value, str) else value
                for key, value in context.items()
            }
            super().send_mail(template_prefix, email, context)
