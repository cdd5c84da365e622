"""Account writes: guardian consent, withdrawal, coming of age, export and deletion.

Each function checks, writes inside a transaction and sends mail after commit. Mail is sent from the
committing process rather than through a task queue on purpose: guardian mails carry link tokens, and
a queued task would store them in the task table, where only their hashes may live.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from youthvoice import ratelimit, realtime
from youthvoice.accounts import age, data_rights, emails
from youthvoice.accounts.guardians import CONSENT_TEXT_VERSION, GuardianConsent, GuardianLink
from youthvoice.accounts.models import User
from youthvoice.accounts.selectors import current_consent
from youthvoice.accounts.tokens import hash_ip, hash_token, new_token
from youthvoice.errors import ServiceError
from youthvoice.languages import supported_language

logger = logging.getLogger(__name__)

_OPEN = (GuardianConsent.Status.PENDING, GuardianConsent.Status.DECLINED)


# --- Requesting consent ---------------------------------------------------------------------


def guardian_consent_request(*, minor: User, guardian_email: str) -> GuardianConsent:
    """Ask (or ask again, or ask someone else): supersedes any open request and mails the guardian."""
    if not minor.needs_guardian_consent:
        raise ServiceError("not_needed", _("You do not need a guardian's permission."))
    guardian_email = guardian_email.strip().lower()
    if guardian_email == minor.email.lower():
        raise ServiceError("own_email", _("This must be your guardian's address, not your own."))
    _consume_email_allowance(minor=minor, guardian_email=guardian_email)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=minor.pk)
        current = current_consent(locked)
        if current is not None and current.status == GuardianConsent.Status.GRANTED:
            raise ServiceError("already_granted", _("Your guardian has already agreed."))
        GuardianConsent.objects.filter(minor=locked, status__in=_OPEN).update(status=GuardianConsent.Status.SUPERSEDED)
        consent = GuardianConsent.objects.create(minor=locked, guardian_email=guardian_email)
        _mail_request(consent)
    return consent


def guardian_consent_resend(*, minor: User) -> GuardianConsent:
    """Mail the waiting request again, with a fresh decision link (the old one keeps working)."""
    consent = current_consent(minor)
    if consent is None or consent.status != GuardianConsent.Status.PENDING:
        raise ServiceError("nothing_pending", _("There is no request waiting for your guardian."))
    _consume_email_allowance(minor=minor, guardian_email=consent.guardian_email)
    with transaction.atomic():
        _mail_request(consent)
    return consent


def _consume_email_allowance(*, minor: User, guardian_email: str) -> None:
    # Two limits: per minor (spamming one's guardian) and per address (using us to spam anyone).
    if not ratelimit.hit("guardian_email", f"user:{minor.pk}") or not ratelimit.hit(
        "guardian_email_per_address", guardian_email
    ):
        raise ServiceError(
            "rate_limited",
            _("We have sent several emails already. Please wait an hour before asking again."),
        )


def _mail_request(consent: GuardianConsent) -> None:
    decide_token, manage_token = new_token(), new_token()
    now = timezone.now()
    GuardianLink.objects.bulk_create(
        [
            GuardianLink(
                consent=consent,
                purpose=GuardianLink.Purpose.DECIDE,
                token_hash=hash_token(decide_token),
                expires_at=now + timedelta(days=settings.YOUTHVOICE_GUARDIAN_LINK_DAYS),
            ),
            GuardianLink(consent=consent, purpose=GuardianLink.Purpose.MANAGE, token_hash=hash_token(manage_token)),
        ]
    )
    GuardianConsent.objects.filter(pk=consent.pk).update(last_emailed_at=now, emails_sent=consent.emails_sent + 1)
    consent_id = consent.pk
    transaction.on_commit(lambda: emails.guardian_request(consent_id, decide_token, manage_token))


# --- Guardian decisions ---------------------------------------------------------------------


def guardian_link_resolve(*, token: str, purpose: GuardianLink.Purpose) -> GuardianLink:
    """The link a token opens, or ``ServiceError`` saying why it cannot be used. Reads only."""
    link = (
        GuardianLink.objects.select_related("consent__minor")
        .filter(token_hash=hash_token(token), purpose=purpose)
        .first()
    )
    if link is None:
        raise ServiceError("invalid_link", _("This link is not valid. Check that you copied all of it."))
    if purpose == GuardianLink.Purpose.DECIDE:
        if link.used_at is not None or link.consent.status != GuardianConsent.Status.PENDING:
            raise ServiceError("already_decided", _("A decision has already been made with this link."))
        if link.expires_at is not None and link.expires_at <= timezone.now():
            raise ServiceError(
                "expired_link",
                _("This link has expired. Your child can send you a new one from their account page."),
            )
    if link.consent.minor.date_of_birth and not link.consent.minor.needs_guardian_consent:
        raise ServiceError("now_adult", _("This person is now an adult: a guardian's decision no longer applies."))
    return link


def guardian_consent_decide(*, token: str, approve: bool, ip: str | None, acting_user: User | Any) -> GuardianConsent:
    """Approve or decline from the emailed link. A minor cannot approve their own request."""
    with transaction.atomic():
        link = guardian_link_resolve(token=token, purpose=GuardianLink.Purpose.DECIDE)
        link = GuardianLink.objects.select_for_update().select_related("consent__minor").get(pk=link.pk)
        consent, minor = link.consent, link.consent.minor
        if getattr(acting_user, "pk", None) == minor.pk:
            raise ServiceError(
                "self_approval",
                _("You are logged in as the young person. A guardian must decide from their own device."),
            )
        if link.used_at is not None or consent.status != GuardianConsent.Status.PENDING:
            raise ServiceError("already_decided", _("A decision has already been made with this link."))
        now = timezone.now()
        GuardianLink.objects.filter(consent=consent, purpose=GuardianLink.Purpose.DECIDE, used_at=None).update(
            used_at=now
        )
        consent.status = GuardianConsent.Status.GRANTED if approve else GuardianConsent.Status.DECLINED
        consent.decided_at = now
        consent.method = "email-link"
        consent.consent_text_version = CONSENT_TEXT_VERSION
        consent.ip_hash = hash_ip(ip)
        consent.save(update_fields=["status", "decided_at", "method", "consent_text_version", "ip_hash"])
        if approve and minor.contributions_hidden:
            User.objects.filter(pk=minor.pk).update(contributions_hidden=False)
            minor_id = minor.pk
            transaction.on_commit(lambda: data_rights.announce_visibility(minor_id, visible=True))
        consent_id = consent.pk
        transaction.on_commit(lambda: emails.decision_made(consent_id))
        transaction.on_commit(lambda: _tell_sockets(minor.pk))
    return consent


def guardian_consent_revoke(*, token: str) -> GuardianConsent:
    """Withdraw consent from the permanent link: participation stops at once, contributions are hidden."""
    with transaction.atomic():
        link = guardian_link_resolve(token=token, purpose=GuardianLink.Purpose.MANAGE)
        consent = GuardianConsent.objects.select_for_update().select_related("minor").get(pk=link.consent_id)
        if consent.status not in (GuardianConsent.Status.GRANTED, GuardianConsent.Status.PENDING):
            raise ServiceError("not_active", _("There is no permission to withdraw."))
        consent.status = GuardianConsent.Status.REVOKED
        consent.revoked_at = timezone.now()
        consent.save(update_fields=["status", "revoked_at"])
        User.objects.filter(pk=consent.minor_id).update(contributions_hidden=True)
        hidden_id = consent.minor_id
        transaction.on_commit(lambda: data_rights.announce_visibility(hidden_id, visible=False))
        consent_id, minor_id = consent.pk, consent.minor_id
        transaction.on_commit(lambda: emails.consent_withdrawn(consent_id))
        transaction.on_commit(lambda: _tell_sockets(minor_id))
    return consent


def _tell_sockets(user_id: int) -> None:
    """Open pages of this person learn at once whether they may take part."""
    from youthvoice.accounts.permissions import participation_decision

    user = User.objects.get(pk=user_id)
    realtime.send_to_user(user_id, {"type": "participation", **participation_decision(user).as_event()})


def guardian_account_delete(*, token: str) -> None:
    """A guardian deletes the young person's account from the permanent link."""
    link = guardian_link_resolve(token=token, purpose=GuardianLink.Purpose.MANAGE)
    consent = link.consent
    guardian_email, minor = consent.guardian_email, consent.minor
    notices = emails.render_account_deleted_by_guardian(minor=minor, guardian_email=guardian_email)
    account_delete(user=minor)
    for notice in notices:
        emails.send_rendered(notice)


# --- Coming of age --------------------------------------------------------------------------


def coming_of_age_notify(*, today: date | None = None) -> int:
    """Tell young people who no longer need consent, and their guardians, that the link has ended.

    Run daily (``manage.py notify_coming_of_age``). Permissions never wait for it: they derive age from
    the date of birth at every check. Returns how many people were told.
    """
    today = today or timezone.localdate()
    candidates = GuardianConsent.objects.filter(
        status__in=(GuardianConsent.Status.GRANTED, GuardianConsent.Status.PENDING),
        adult_notified_at=None,
        minor__date_of_birth__isnull=False,
    ).select_related("minor")
    told = 0
    for consent in candidates.iterator():
        minor = consent.minor
        if age.needs_guardian_consent(minor.date_of_birth, minor.country.code, today):
            continue
        with transaction.atomic():
            updated = GuardianConsent.objects.filter(pk=consent.pk, adult_notified_at=None).update(
                adult_notified_at=timezone.now()
            )
            if updated:
                consent_id = consent.pk
                transaction.on_commit(lambda consent_id=consent_id: emails.coming_of_age(consent_id))
                told += 1
    return told


# --- Preferences ----------------------------------------------------------------------------


def user_language_set(*, user: User, language: str) -> str:
    """Remember the interface language a signed-in person chose (with the language switcher).

    From then on a URL without a language prefix, the landing page after logging in and every mail to
    them (and to their guardian) use it. Returns the language as stored.
    """
    chosen = supported_language(language)
    if chosen is None:
        raise ServiceError("unknown_language", _("That language is not available."))
    if user.language != chosen:
        User.objects.filter(pk=user.pk).update(language=chosen)
        user.language = chosen
    return chosen


# --- Data rights ----------------------------------------------------------------------------


def account_export(*, user: User) -> dict[str, Any]:
    """Everything stored about this person, for "Download my data"."""
    return {
        "generated_at": timezone.now().isoformat(),
        "format": "youthvoice-personal-data/1",
        **{section.name: section.export(user) for section in data_rights.sections()},
    }


def account_delete(*, user: User, request: HttpRequest | None = None) -> None:
    """Delete the account: content sections anonymise what must stay (tallies), the rest cascades.

    Sessions end with the user row: every session pointing at it is anonymous from the next request.
    """
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        for section in data_rights.sections():
            if section.erase is not None:
                section.erase(locked)
        locked.delete()
    if request is not None:
        logout(request)
    logger.info("account deleted")
