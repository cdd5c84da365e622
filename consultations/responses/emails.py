"""The "your input was answered" mail, rendered in each participant's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.models import Page

from consultations.responses.models import Response
from youthvoice.languages import recipient_language


def response_link(consultation: Page) -> str:
    """Absolute link to the response on ``consultation``'s page (under the page's own language prefix)."""
    parts = consultation.get_url_parts()
    path = parts[2] if parts is not None and parts[2] is not None else "/"
    return f"{settings.SITE_URL}{path}#response"


class ResponseMailer:
    """Renders the mail once per language: it names nobody, so every participant who reads the same
    language gets the same text (100,000 participants are not 100,000 template renders)."""

    def __init__(self, response: Response) -> None:
        self.response = response
        self._rendered: dict[str, tuple[str, str]] = {}

    def render(self, language: str) -> tuple[str, str]:
        language = recipient_language(language)
        if language not in self._rendered:
            with translation.override(language):
                # The consultation in the reader's language when it is published in it, otherwise the
                # original: a language that lacks the page would not serve it under its prefix.
                consultation = self.response.consultation.localized
                context = {
                    "consultation": consultation,
                    "publisher": self.response.publisher_name,
                    "published_at": self.response.published_at,
                    "link": response_link(consultation),
                    "due_days": settings.YOUTHVOICE_RESPONSE_DUE_DAYS,
                }
                subject = render_to_string("responses/email/response_published_subject.txt", context)
                body = render_to_string("responses/email/response_published.txt", context)
            self._rendered[language] = (" ".join(subject.split()), body)
        return self._rendered[language]

    def message(self, *, to: str, language: str) -> EmailMessage:
        subject, body = self.render(language)
        return EmailMessage(subject=subject, body=body, to=[to])
