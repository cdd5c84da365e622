"""Inviting policymakers: an organisation editor sends an invitation by email; the person who signs in
with that address and accepts becomes a policymaker following the organisation's consultations."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consultations.digests.models import Invitation, Subscription
from youthvoice.accounts.models import User
from youthvoice.accounts.roles import POLICYMAKERS_GROUP
from youthvoice.errors import ServiceError
from youthvoice.languages import recipient_language
from youthvoice.organisations.models import Organisation

INVITATION_DAYS = 14


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitable_organisations(user: User) -> list[Organisation]:
    """Where ``user`` may invite: the organisations they edit for (admins: all)."""
    from consultations.editor_permissions import editor_organisation_ids

    organisations = Organisation.objects.order_by("name")
    return list(organisations if user.is_superuser else organisations.filter(pk__in=editor_organisation_ids(user)))


def policymaker_invite(*, editor: User, organisation_id: int, email: str) -> Invitation:
    organisation = next((o for o in invitable_organisations(editor) if o.pk == organisation_id), None)
    if organisation is None:
        raise ServiceError("not_allowed", _("Only the organisation's editors can invite policymakers for it."))
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ServiceError("email", _("Enter a valid email address, such as name@example.org.")) from error
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organisation=organisation, email=email, language=translation.get_language() or settings.LANGUAGE_CODE,
            invited_by=editor, token_hash=_hash(token),
        )  # fmt: skip
        transaction.on_commit(lambda: _send(invitation, token))
    return invitation


def _send(invitation: Invitation, token: str) -> None:
    with translation.override(recipient_language(invitation.language)):
        context = {
            "organisation": invitation.organisation.name,
            "inviter": invitation.invited_by.public_name if invitation.invited_by else "",
            "url": settings.SITE_URL + reverse("digest_invitation", args=[token]),
            "days": INVITATION_DAYS,
        }
        subject = " ".join(render_to_string("digests/email/invitation_subject.txt", context).split())
        body = render_to_string("digests/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


def invitation_find(token: str) -> Invitation:
    invitation = Invitation.objects.select_related("organisation").filter(token_hash=_hash(token)).first()
    if invitation is None or invitation.accepted_at is not None:
        raise ServiceError("invalid", _("This invitation link is not valid, or it has been used already."))
    if invitation.created_at < timezone.now() - timedelta(days=INVITATION_DAYS):
        raise ServiceError("expired", _("This invitation has expired. Ask the organisation for a new one."))
    return invitation


def invitation_accept(*, user: User, token: str) -> Subscription:
    """Only for the address it was sent to: a forwarded link does not make someone a policymaker."""
    with transaction.atomic():
        invitation = invitation_find(token)
        Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
        if user.email.casefold() != invitation.email.casefold():
            raise ServiceError(
                "other_address",
                _("This invitation was sent to another email address. Sign in with that address to accept it."),
            )
        user.groups.add(Group.objects.get_or_create(name=POLICYMAKERS_GROUP)[0])
        subscription, _created = Subscription.objects.get_or_create(user=user, organisation=invitation.organisation)
        invitation.accepted_by, invitation.accepted_at = user, timezone.now()
        invitation.save(update_fields=["accepted_by", "accepted_at"])
    return subscription
