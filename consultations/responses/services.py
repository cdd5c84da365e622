"""Writes of the response loop: the only code that changes responses, commitments and notices.

Each checks who acts (``permissions.py``), writes in a transaction with the response row locked, and
after commit hands slow work (mailing every participant) to a task.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from consultations.pages import ConsultationPage
from consultations.responses.models import (
    COMMITMENT_MAX_LENGTH,
    PART_MAX_LENGTH,
    Commitment,
    Response,
    ResponseNotice,
)
from consultations.responses.permissions import responder_role
from youthvoice.accounts.models import User
from youthvoice.errors import ServiceError

# More than this is a list nobody follows up; split the work into fewer, clearer commitments.
MAX_COMMITMENTS = 30

PARTS = {
    "heard": _("What we heard"),
    "will_do": _("What we will do"),
    "will_not": _("What we will not do, and why"),
}


@dataclass(frozen=True)
class CommitmentInput:
    """One commitment as written in the form: ``id`` for one that exists, ``None`` for a new one."""

    text: str
    status: str = Commitment.Status.PLANNED
    date: date | None = None
    id: int | None = None


def _refused() -> ServiceError:
    return ServiceError(
        "not_allowed",
        _(
            "Only editors of the organisation running this consultation, and policymakers who follow it,"
            " can write its response."
        ),
    )


def _require_role(user: User, consultation: ConsultationPage) -> Response.PublishedAs:
    role = responder_role(user, consultation)
    if role is None:
        raise _refused()
    return role


def _clean_part(name: str, text: str) -> str:
    # Plain text: kept as typed (templates escape it), only surrounding blank space is dropped.
    text = (text or "").strip()
    if not text:
        raise ServiceError(
            f"{name}_required", _("Write “%(part)s”: all three parts are needed.") % {"part": PARTS[name]}
        )
    if len(text) > PART_MAX_LENGTH:
        raise ServiceError(
            f"{name}_too_long",
            ngettext(
                "“%(part)s” can be at most %(max)d characters; it has %(count)d.",
                "“%(part)s” can be at most %(max)d characters; it has %(count)d.",
                len(text),
            )
            % {"part": PARTS[name], "max": PART_MAX_LENGTH, "count": len(text)},
        )
    return text


def _clean_status(status: str) -> str:
    if status not in Commitment.Status.values:
        raise ServiceError("bad_status", _("Choose a status: planned, in progress, done or dropped."))
    return status


def _clean_commitment(commitment: CommitmentInput, number: int) -> CommitmentInput:
    text = (commitment.text or "").strip()
    if not text:
        raise ServiceError("commitment_required", _("Commitment %(number)d has no text.") % {"number": number})
    if len(text) > COMMITMENT_MAX_LENGTH:
        raise ServiceError(
            "commitment_too_long",
            _("Commitment %(number)d can be at most %(max)d characters; it has %(count)d.")
            % {"number": number, "max": COMMITMENT_MAX_LENGTH, "count": len(text)},
        )
    return CommitmentInput(text=text, status=_clean_status(commitment.status), date=commitment.date, id=commitment.id)


def _locked_response(**lookup: object) -> Response | None:
    return Response.objects.select_for_update(of=("self",)).filter(**lookup).first()


def response_save(
    *,
    author: User,
    consultation: ConsultationPage,
    heard: str,
    will_do: str,
    will_not: str,
    commitments: list[CommitmentInput],
) -> Response:
    """Create or change the response and its commitments, in the order given.

    Before publication a commitment left out is deleted. After publication commitments stay on the
    record: a promise that is given up is marked "dropped", never quietly removed.
    """
    _require_role(author, consultation)
    parts = {
        name: _clean_part(name, text) for name, text in (("heard", heard), ("will_do", will_do), ("will_not", will_not))
    }
    if len(commitments) > MAX_COMMITMENTS:
        raise ServiceError(
            "too_many_commitments",
            _("A response can list at most %(max)d commitments.") % {"max": MAX_COMMITMENTS},
        )
    cleaned = [_clean_commitment(commitment, number) for number, commitment in enumerate(commitments, start=1)]
    try:
        with transaction.atomic():
            response = _locked_response(consultation=consultation)
            if response is None:
                response = Response.objects.create(consultation=consultation, author=author, **parts)
            else:
                for name, text in parts.items():
                    setattr(response, name, text)
                response.author = author
                response.save()
            _save_commitments(response, cleaned)
    except IntegrityError as error:
        # Two first saves raced (one response per consultation): the other one won; nothing of this
        # one was written, and the form still holds the text.
        raise ServiceError(
            "conflict", _("Someone else saved this response at the same moment. Copy your text, reload and try again.")
        ) from error
    response.consultation = consultation
    return response


def _save_commitments(response: Response, commitments: list[CommitmentInput]) -> None:
    existing = {commitment.pk: commitment for commitment in response.commitments.all()}
    kept_ids = {commitment.id for commitment in commitments if commitment.id is not None}
    if not kept_ids <= existing.keys():
        raise ServiceError("bad_commitment", _("A commitment in the form does not belong to this response."))
    removed = existing.keys() - kept_ids
    if removed and response.is_published:
        raise ServiceError(
            "commitment_kept",
            _("Published commitments stay on the record: mark one as dropped, and say why, instead of removing it."),
        )
    Commitment.objects.filter(pk__in=removed).delete()
    changed, created = [], []
    for position, given in enumerate(commitments):
        values = {"text": given.text, "status": given.status, "date": given.date, "position": position}
        if given.id is None:
            created.append(Commitment(response=response, **values))
            continue
        commitment = existing[given.id]
        if any(getattr(commitment, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(commitment, name, value)
            commitment.updated_at = timezone.now()  # bulk_update does not run auto_now
            changed.append(commitment)
    Commitment.objects.bulk_update(changed, ["text", "status", "date", "position", "updated_at"])
    Commitment.objects.bulk_create(created)


def response_publish(*, author: User, response_id: int) -> Response:
    """Make the response public and, the first time only, tell every participant."""
    from consultations.responses.tasks import notify_participants

    with transaction.atomic():
        response = _locked_response(pk=response_id)
        if response is None:
            raise ServiceError("not_found", _("That response does not exist."))
        consultation = ConsultationPage.objects.select_related("organisation").get(pk=response.consultation_id)
        role = _require_role(author, consultation)
        response.consultation = consultation
        if response.is_published:
            return response  # publishing again changes nothing and notifies nobody
        response.published_at = timezone.now()
        response.published_by = author
        response.published_as = role
        # Not ``updated_at``: "updated" is shown only for changes made after publication.
        response.save(update_fields=["published_at", "published_by", "published_as"])
        transaction.on_commit(lambda: notify_participants.enqueue(response_id=response.pk))
    return response


def commitment_update(*, author: User, commitment_id: int, status: str, date: date | None) -> Commitment:
    """Report progress on one commitment: its status and its due (or done) date."""
    status = _clean_status(status)
    with transaction.atomic():
        commitment = (
            Commitment.objects.select_for_update(of=("self",))
            .select_related("response__consultation__organisation")
            .filter(pk=commitment_id)
            .first()
        )
        if commitment is None:
            raise ServiceError("not_found", _("That commitment does not exist."))
        _require_role(author, commitment.response.consultation)
        commitment.status, commitment.date = status, date
        commitment.save(update_fields=["status", "date", "updated_at"])
        if commitment.response.is_published:
            # Progress on a promise is news: the response shows when it last changed.
            Response.objects.filter(pk=commitment.response_id).update(updated_at=commitment.updated_at)
    return commitment


def response_notice_dismiss(*, user: User, notice_id: int) -> None:
    """The person has seen it; dismissing twice, or someone else's notice, changes nothing."""
    if not user.is_authenticated:
        raise ServiceError("login_required", _("Log in to dismiss this notice."))
    ResponseNotice.objects.filter(pk=notice_id, user_id=user.pk, seen_at__isnull=True).update(seen_at=timezone.now())
