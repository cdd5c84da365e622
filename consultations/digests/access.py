"""Who may read which digest, and what each person's digest dashboard lists."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from consultations.digests.following import follows
from consultations.digests.models import Digest, Subscription
from consultations.digests.services import may_sign_off
from consultations.pages import ConsultationPage
from consultations.translations import discussion_owners
from youthvoice.accounts.models import User
from youthvoice.accounts.roles import POLICYMAKERS_GROUP
from youthvoice.organisations.models import Membership, Organisation


def is_policymaker(user: User) -> bool:
    return user.is_authenticated and user.groups.filter(name=POLICYMAKERS_GROUP).exists()


def may_read(user: User, digest: Digest) -> bool:
    """Organisers of the consultation (drafts too); policymakers who follow it (approved digests)."""
    if may_sign_off(user, digest.consultation):
        return True
    return digest.status == Digest.Status.APPROVED and is_policymaker(user) and follows(user, digest.consultation)


def dashboard_for(user: User) -> dict[str, Any]:
    context: dict[str, Any] = {
        "is_policymaker": is_policymaker(user),
        "cadences": Subscription.Cadence.choices,
        "organised": None,
    }
    if context["is_policymaker"]:
        subscriptions = list(
            Subscription.objects.filter(user_id=user.pk).select_related("consultation", "organisation")
        )
        followed_pages = [s.consultation_id for s in subscriptions if s.consultation_id]
        followed_orgs = [s.organisation_id for s in subscriptions if s.organisation_id]
        context["subscriptions"] = subscriptions
        context["digests"] = list(
            Digest.objects.filter(status=Digest.Status.APPROVED)
            .filter(Q(consultation_id__in=followed_pages) | Q(consultation__organisation_id__in=followed_orgs))
            .select_related("consultation")
            .order_by("-until")[:30]
        )
        following = {s.consultation_id: s for s in subscriptions if s.consultation_id}
        following_orgs = {s.organisation_id: s for s in subscriptions if s.organisation_id}
        context["organisations"] = [
            (organisation, following_orgs.get(organisation.pk))
            for organisation in Organisation.objects.order_by("name")
        ]
        context["consultations"] = [
            (page, following.get(page.pk))
            for page in discussion_owners(ConsultationPage.objects.live())
            .public()
            .select_related("organisation")
            .order_by("-opens_at")[:50]
        ]
    organisation_ids = set(Membership.objects.filter(user_id=user.pk).values_list("organisation_id", flat=True))
    if user.is_superuser or organisation_ids:
        pages = discussion_owners(ConsultationPage.objects.live()).select_related("organisation").order_by("-opens_at")
        if not user.is_superuser:
            pages = pages.filter(organisation_id__in=organisation_ids)
        pages = list(pages[:50])
        context["organised"] = pages
        context["drafts"] = list(
            Digest.objects.filter(consultation__in=pages, status=Digest.Status.DRAFT)
            .select_related("consultation")
            .order_by("-until")[:30]
        )
        from consultations.digests.invitations import invitable_organisations

        context["invitable"] = invitable_organisations(user)
        context["approved"] = list(
            Digest.objects.filter(consultation__in=pages, status=Digest.Status.APPROVED)
            .select_related("consultation")
            .order_by("-until")[:30]
        )
    return context
