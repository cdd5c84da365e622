"""The moderators' pages: the queue with its actions, and the audit log. Thin: services act."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from consultations.moderation import holds, services
from consultations.moderation.reasons import Reason
from consultations.moderation.scope import (
    consultations_moderated_by,
    log_reader_organisation_ids,
    moderated_organisation_ids,
)
from consultations.moderation.selectors import AGE_GROUPS, QueueFilters, log_page, queue_page
from consultations.translations import is_offered_language
from youthvoice.errors import ServiceError
from youthvoice.languages import language_choices
from youthvoice.organisations.models import Organisation


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _moderator_orgs(request: HttpRequest) -> list[int]:
    organisation_ids = moderated_organisation_ids(request.user)
    if not organisation_ids:
        raise PermissionDenied
    return organisation_ids


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    organisation_ids = _moderator_orgs(request)
    filters = QueueFilters(
        consultation=_int(request.GET.get("consultation")),
        reason=request.GET.get("reason", "") if request.GET.get("reason") in dict(holds.filter_choices()) else "",
        age_group=request.GET.get("age_group", "") if request.GET.get("age_group") in AGE_GROUPS else "",
        comment=_int(request.GET.get("comment")),
        language=request.GET.get("language", "") if is_offered_language(request.GET.get("language", "")) else "",
    )
    consultations = list(consultations_moderated_by(organisation_ids).order_by("title").values("pk", "title"))
    page = queue_page(
        consultation_ids=[c["pk"] for c in consultations], filters=filters, cursor=request.GET.get("after")
    )
    for item in page.items:
        item.hold_labels = [holds.label(code) for code in holds.codes(item.held_for)]
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "moderation/queue.html",
        {
            "page": page,
            "filters": filters,
            "consultations": consultations,
            "reason_choices": holds.filter_choices(),
            "language_choices": language_choices(),
            "hide_reasons": Reason.choices,
            # Rendered once for the twenty items' forms, rather than per item by the template.
            "reason_options": format_html_join("", '<option value="{}">{}</option>', [("", "—"), *Reason.choices]),
            "csrf_field": format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
            ),
            "here": request.get_full_path(),
            "query": query.urlencode(),
        },
    )


def _back_to_queue(request: HttpRequest) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("moderation_queue")
    return HttpResponseRedirect(target)


ACTIONS = {
    "approve": lambda request, pk: services.comment_approve(moderator=request.user, comment_id=pk),
    "hide": lambda request, pk: services.comment_hide(
        moderator=request.user, comment_id=pk, reason=request.POST.get("reason", ""), note=request.POST.get("note", "")
    ),
    "restore": lambda request, pk: services.comment_restore(moderator=request.user, comment_id=pk),
    "claim": lambda request, pk: services.comment_claim(moderator=request.user, comment_id=pk),
    "escalate": lambda request, pk: services.concern_escalate(
        moderator=request.user, comment_id=pk, note=request.POST.get("note", "")
    ),
    "suspend": lambda request, pk: services.participant_suspend(
        moderator=request.user,
        comment_id=pk,
        days=_int(request.POST.get("days")) or 0,
        reason=request.POST.get("reason", ""),
    ),
}
DONE = {
    "approve": gettext_lazy("Approved."),
    "hide": gettext_lazy("Hidden. The author sees the reason."),
    "restore": gettext_lazy("Restored."),
    "claim": gettext_lazy("You are handling this item; other moderators see that."),
    "escalate": gettext_lazy("The safeguarding contact has been emailed."),
    "suspend": gettext_lazy("The participant is suspended from your organisation's consultations."),
}


@login_required
@require_POST
def act(request: HttpRequest, comment_id: int, action: str) -> HttpResponse:
    _moderator_orgs(request)
    if action not in ACTIONS:
        raise PermissionDenied
    try:
        ACTIONS[action](request, comment_id)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, DONE[action])
    return _back_to_queue(request)


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    _moderator_orgs(request)
    ids = [int(value) for value in request.POST.getlist("comments") if value.isdigit()]
    if not ids:
        messages.error(request, _("Select at least one item."))
        return _back_to_queue(request)
    try:
        done, errors = services.comments_bulk(
            moderator=request.user, comment_ids=ids, action=request.POST.get("action", ""),
            reason=request.POST.get("reason", ""),
        )  # fmt: skip
    except ServiceError as error:
        messages.error(request, error.message)
        return _back_to_queue(request)
    messages.success(request, ngettext("%(count)d item done.", "%(count)d items done.", done) % {"count": done})
    for error in {str(error.message) for error in errors}:
        messages.warning(request, error)
    return _back_to_queue(request)


@login_required
def log(request: HttpRequest) -> HttpResponse:
    organisation_ids = log_reader_organisation_ids(request.user)
    if not organisation_ids:
        raise PermissionDenied
    organisation = _int(request.GET.get("organisation"))
    if organisation not in organisation_ids:
        organisation = None
    page = log_page(organisation_ids=organisation_ids, organisation=organisation, cursor=request.GET.get("after"))
    return render(
        request,
        "moderation/log.html",
        {
            "page": page,
            "organisations": Organisation.objects.filter(pk__in=organisation_ids),
            "organisation": organisation,
        },
    )
