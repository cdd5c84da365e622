"""Who moderates what: moderators of a consultation's organisation or of a co-hosting one."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from consultations.pages import ConsultationPage
from consultations.translations import discussion_owners
from youthvoice.accounts.models import User
from youthvoice.organisations.models import Membership, Organisation


def moderated_organisation_ids(user: User) -> list[int]:
    """Platform admins moderate everywhere; others where they hold the moderator role."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(Organisation.objects.values_list("pk", flat=True))
    return list(
        Membership.objects.filter(user=user, role=Membership.Role.MODERATOR).values_list("organisation_id", flat=True)
    )


def log_reader_organisation_ids(user: User) -> list[int]:
    """Who reads an organisation's moderation log: its editors (the organisation's admins) and
    moderators, and platform admins."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(Organisation.objects.values_list("pk", flat=True))
    return list(Membership.objects.filter(user=user).values_list("organisation_id", flat=True).distinct())


def consultations_moderated_by(organisation_ids: list[int]) -> QuerySet[ConsultationPage]:
    """Each consultation once: translations share their original's discussion and queue."""
    hosted = Q(organisation_id__in=organisation_ids) | Q(co_hosts__in=organisation_ids)
    return discussion_owners(ConsultationPage.objects.filter(hosted)).distinct()


def hosting_organisation_ids(consultation: ConsultationPage) -> list[int]:
    """The owner and co-hosts: whose moderators share this consultation's queue."""
    return [consultation.organisation_id, *consultation.co_hosts.values_list("pk", flat=True)]


def can_moderate(user: User, consultation: ConsultationPage) -> bool:
    ids = moderated_organisation_ids(user)
    return bool(ids) and bool(set(ids) & set(hosting_organisation_ids(consultation)))
