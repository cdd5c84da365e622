"""Who follows what: a policymaker follows a consultation directly or through its organisation."""

from __future__ import annotations

from django.db.models import F, Q

from consultations.digests.models import Subscription
from consultations.pages import ConsultationPage
from youthvoice.accounts.models import User


def follows(user: User, consultation: ConsultationPage) -> bool:
    if not user.is_authenticated:
        return False
    return Subscription.objects.filter(
        Q(consultation_id=consultation.pk) | Q(organisation_id=consultation.organisation_id), user_id=user.pk
    ).exists()


def followers_of(consultation: ConsultationPage) -> list[Subscription]:
    """Every subscription that covers ``consultation`` (one per person: a direct one wins)."""
    subscriptions = (
        Subscription.objects.filter(
            Q(consultation_id=consultation.pk) | Q(organisation_id=consultation.organisation_id)
        )
        .select_related("user")
        .order_by("user_id", F("organisation_id").asc(nulls_first=True))  # a direct subscription first
    )
    seen: dict[int, Subscription] = {}
    for subscription in subscriptions:
        seen.setdefault(subscription.user_id, subscription)
    return list(seen.values())
