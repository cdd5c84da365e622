"""Who may write and publish a consultation's response.

Editors of the organisation that runs the consultation and platform admins answer for the
organisation; policymakers (the Policymakers group) who follow the consultation answer in their own
name. Everyone else may read it only.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, Group

from consultations.digests.following import follows
from consultations.pages import ConsultationPage
from consultations.responses.models import Response
from youthvoice.accounts.models import User
from youthvoice.accounts.roles import POLICYMAKERS_GROUP
from youthvoice.organisations.models import Membership

PublishedAs = Response.PublishedAs


def _editor_memberships(user: User, consultation: ConsultationPage):
    return Membership.objects.filter(
        user_id=user.pk, organisation_id=consultation.organisation_id, role=Membership.Role.EDITOR
    )


def _policymaker_groups(user: User):
    return Group.objects.filter(name=POLICYMAKERS_GROUP, user=user.pk)


def responder_role(user: User | AnonymousUser, consultation: ConsultationPage) -> PublishedAs | None:
    """In whose name ``user`` may answer ``consultation``, or ``None`` when they may not."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser or _editor_memberships(user, consultation).exists():
        return PublishedAs.ORGANISATION
    if _policymaker_groups(user).exists() and follows(user, consultation):
        return PublishedAs.POLICYMAKER
    return None


def can_respond(user: User | AnonymousUser, consultation: ConsultationPage) -> bool:
    return responder_role(user, consultation) is not None
