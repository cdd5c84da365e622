"""Writes for digests: generate (idempotent), sign off (remove a quote, add a note, approve), send
(once per person). Views and tasks call these; they check permissions themselves."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.digests.compute import digest_compute
from consultations.digests.following import followers_of
from consultations.digests.models import Digest, DigestDelivery, DigestLogEntry, Subscription
from consultations.pages import ConsultationPage
from youthvoice.accounts.models import User
from youthvoice.accounts.roles import POLICYMAKERS_GROUP
from youthvoice.errors import ServiceError
from youthvoice.organisations.models import Membership, Organisation

NOTE_MAX_LENGTH = 1000


def digest_key(*, consultation_id: int, kind: str, until: datetime) -> str:
    return hashlib.sha256(f"{consultation_id}|{kind}|{until.isoformat()}".encode()).hexdigest()


def digest_generate(*, consultation: ConsultationPage, kind: str, until: datetime) -> Digest:
    """The digest of ``consultation`` up to ``until``, made once: running again returns the same one."""
    key = digest_key(consultation_id=consultation.pk, kind=kind, until=until)
    existing = Digest.objects.filter(key=key).first()
    if existing is not None:
        return existing
    previous = (
        Digest.objects.filter(consultation_id=consultation.pk, status=Digest.Status.APPROVED, until__lt=until)
        .order_by("-until")
        .values_list("content", flat=True)
        .first()
    )
    content = digest_compute(consultation=consultation, until=until, previous=previous)
    try:
        with transaction.atomic():
            digest = Digest.objects.create(consultation=consultation, kind=kind, until=until, key=key, content=content)
            DigestLogEntry.objects.create(digest=digest, action=DigestLogEntry.Action.GENERATED)
    except IntegrityError:  # another worker made it meanwhile
        return Digest.objects.get(key=key)
    return digest


def may_sign_off(user: User, consultation: ConsultationPage) -> bool:
    """Editors and moderators of the organisation running the consultation, and platform admins."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or Membership.objects.filter(user_id=user.pk, organisation_id=consultation.organisation_id).exists()
    )


def _draft_for(user: User, digest_id: int) -> Digest:
    digest = Digest.objects.select_for_update().select_related("consultation").filter(pk=digest_id).first()
    if digest is None or not may_sign_off(user, digest.consultation):
        raise ServiceError("not_found", _("This digest does not exist or is not yours to sign off."))
    if digest.status != Digest.Status.DRAFT:
        raise ServiceError("already_approved", _("This digest has been approved already and can no longer change."))
    return digest


def _quoted_ids(digest: Digest) -> set[int]:
    ids: set[int] = set()
    for question in digest.content.get("questions", []):
        for key in ("broad_agreement", "divisive", "bands_agree"):
            ids.update(quote["comment"] for quote in question.get(key, []))
        for theme in question.get("themes", []):
            ids.update(quote["comment"] for quote in theme.get("examples", []))
    return ids


def digest_quote_remove(*, editor: User, digest_id: int, comment_id: int, restore: bool = False) -> Digest:
    with transaction.atomic():
        digest = _draft_for(editor, digest_id)
        if comment_id not in _quoted_ids(digest):
            raise ServiceError("not_quoted", _("This digest does not quote that comment."))
        removed = set(digest.removed_quotes)
        removed.discard(comment_id) if restore else removed.add(comment_id)
        digest.removed_quotes = sorted(removed)
        digest.save(update_fields=["removed_quotes"])
        action = DigestLogEntry.Action.QUOTE_RESTORED if restore else DigestLogEntry.Action.QUOTE_REMOVED
        DigestLogEntry.objects.create(digest=digest, actor=editor, action=action, detail=f"comment #{comment_id}")
    return digest


def digest_note_set(*, editor: User, digest_id: int, note: str) -> Digest:
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ServiceError(
            "too_long",
            _("The note can be at most %(max)d characters long (it has %(length)d).")
            % {"max": NOTE_MAX_LENGTH, "length": len(note)},
        )
    with transaction.atomic():
        digest = _draft_for(editor, digest_id)
        digest.framing_note = note
        digest.save(update_fields=["framing_note"])
        DigestLogEntry.objects.create(digest=digest, actor=editor, action=DigestLogEntry.Action.NOTE_CHANGED)
    return digest


def digest_approve(*, editor: User, digest_id: int) -> Digest:
    """Sign the digest off; sending starts after commit, as a task."""
    from consultations.digests.tasks import send_digest

    with transaction.atomic():
        digest = _draft_for(editor, digest_id)
        digest.status, digest.approved_by, digest.approved_at = Digest.Status.APPROVED, editor, timezone.now()
        digest.save(update_fields=["status", "approved_by", "approved_at"])
        DigestLogEntry.objects.create(digest=digest, actor=editor, action=DigestLogEntry.Action.APPROVED)
        transaction.on_commit(lambda: send_digest.enqueue(digest_id=digest.pk))
    return digest


def recipients_of(digest: Digest) -> list[User]:
    """Policymakers following the consultation whose cadence includes this kind of digest."""
    policymakers = set(Group.objects.filter(name=POLICYMAKERS_GROUP).values_list("user", flat=True))
    return [
        subscription.user
        for subscription in followers_of(digest.consultation)
        if subscription.user_id in policymakers
        and subscription.user.is_active
        and (digest.kind == Digest.Kind.FINAL or subscription.cadence == Subscription.Cadence.WEEKLY)
    ]


def digest_send(*, digest_id: int) -> int:
    """Email an approved digest to each recipient once (a second run sends nothing); returns how many
    were sent now."""
    from consultations.digests.emails import digest_mail_send

    digest = Digest.objects.select_related("consultation__organisation").get(pk=digest_id)
    if digest.status != Digest.Status.APPROVED:
        raise ServiceError("not_approved", _("Only a digest the organisers have approved can be sent."))
    sent = 0
    for user in recipients_of(digest):
        # The unique (digest, person) row is the idempotency key; a mail that fails rolls it back, so
        # the next run tries that person again.
        with transaction.atomic():
            created = DigestDelivery.objects.get_or_create(digest=digest, user=user)[1]
            if created:
                digest_mail_send(digest=digest, user=user)
                sent += 1
    if sent:
        DigestLogEntry.objects.create(
            digest=digest, action=DigestLogEntry.Action.SENT, detail=_("%(count)d recipients") % {"count": sent}
        )
    return sent


def consultation_follow(*, policymaker: User, consultation: ConsultationPage, cadence: str) -> Subscription:
    if not policymaker.groups.filter(name=POLICYMAKERS_GROUP).exists():
        raise ServiceError("not_policymaker", _("Only policymakers can follow consultations for digests."))
    if cadence not in Subscription.Cadence.values:
        raise ServiceError("cadence", _("Choose how often you want a digest."))
    subscription, _created = Subscription.objects.update_or_create(
        user=policymaker, consultation=consultation, defaults={"cadence": cadence}
    )
    return subscription


def consultation_unfollow(*, policymaker: User, consultation: ConsultationPage) -> None:
    Subscription.objects.filter(user=policymaker, consultation=consultation).delete()


def organisation_follow(*, policymaker: User, organisation: Organisation, cadence: str) -> Subscription | None:
    """Follow every consultation of ``organisation`` ("stop": follow no more)."""
    if not policymaker.groups.filter(name=POLICYMAKERS_GROUP).exists():
        raise ServiceError("not_policymaker", _("Only policymakers can follow consultations for digests."))
    if cadence == "stop":
        Subscription.objects.filter(user=policymaker, organisation=organisation).delete()
        return None
    if cadence not in Subscription.Cadence.values:
        raise ServiceError("cadence", _("Choose how often you want a digest."))
    subscription, _created = Subscription.objects.update_or_create(
        user=policymaker, organisation=organisation, defaults={"cadence": cadence}
    )
    return subscription
