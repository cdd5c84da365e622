"""Mails about accounts, each rendered in its recipient's language, links included.

A guardian reads mails in the young person's chosen language, and the links open the pages in it.
Functions take ids, not objects, because they run after commit and must see committed state.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from youthvoice.accounts.guardians import GuardianConsent
from youthvoice.accounts.models import User
from youthvoice.languages import recipient_language


@dataclass(frozen=True)
class RenderedMail:
    to: str
    subject: str
    body: str


def _absolute(name: str, *, language: str, **kwargs: str) -> str:
    """An absolute link under the recipient's language prefix (``/ru/guardian/...``)."""
    with translation.override(recipient_language(language)):
        return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def _home(language: str) -> str:
    with translation.override(recipient_language(language)):
        return settings.SITE_URL + reverse("wagtail_serve", args=[""])


def _render(template: str, *, to: str, language: str, context: dict[str, object]) -> RenderedMail:
    with translation.override(recipient_language(language)):
        context = {"site_url": settings.SITE_URL, **context}
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/{template}.txt", context)
    return RenderedMail(to=to, subject=" ".join(subject.split()), body=body)


def send_rendered(mail: RenderedMail) -> None:
    send_mail(mail.subject, mail.body, None, [mail.to])


def _consent(consent_id: int) -> GuardianConsent:
    return GuardianConsent.objects.select_related("minor").get(pk=consent_id)


def guardian_request(consent_id: int, decide_token: str, manage_token: str) -> None:
    consent = _consent(consent_id)
    minor = consent.minor
    decide_url = _absolute("guardian_consent", language=minor.language, token=decide_token)
    manage_url = _absolute("guardian_manage", language=minor.language, token=manage_token)
    send_rendered(
        _render(
            "guardian_request",
            to=consent.guardian_email,
            language=minor.language,
            context={
                "display_name": minor.display_name,
                "decide_url": decide_url,
                "manage_url": manage_url,
                "days": settings.YOUTHVOICE_GUARDIAN_LINK_DAYS,
            },
        )
    )


def decision_made(consent_id: int) -> None:
    consent = _consent(consent_id)
    minor = consent.minor
    template = "decision_granted" if consent.status == GuardianConsent.Status.GRANTED else "decision_declined"
    send_rendered(
        _render(
            template,
            to=minor.email,
            language=minor.language,
            context={"display_name": minor.display_name, "account_url": _home(minor.language)},
        )
    )


def consent_withdrawn(consent_id: int) -> None:
    consent = _consent(consent_id)
    minor = consent.minor
    send_rendered(
        _render(
            "consent_withdrawn", to=minor.email, language=minor.language, context={"display_name": minor.display_name}
        )
    )


def coming_of_age(consent_id: int) -> None:
    consent = _consent(consent_id)
    minor = consent.minor
    context = {"display_name": minor.display_name}
    send_rendered(_render("coming_of_age_participant", to=minor.email, language=minor.language, context=context))
    send_rendered(
        _render("coming_of_age_guardian", to=consent.guardian_email, language=minor.language, context=context)
    )


def render_account_deleted_by_guardian(*, minor: User, guardian_email: str) -> list[RenderedMail]:
    """For the guardian and the young person; rendered before the account (and its address) is gone."""
    context = {"display_name": minor.display_name}
    return [
        _render("account_deleted_guardian", to=guardian_email, language=minor.language, context=context),
        _render("account_deleted_participant", to=minor.email, language=minor.language, context=context),
    ]
