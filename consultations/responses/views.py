"""Pages of the response loop: write and publish the response, report progress on a commitment,
dismiss a notice. Thin: the services check who acts and write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultations.pages import ConsultationPage
from consultations.responses import services
from consultations.responses.forms import (
    CommitmentProgressForm,
    ResponseForm,
    commitment_formset,
    commitment_initial,
)
from consultations.responses.models import Commitment
from consultations.responses.permissions import can_respond
from consultations.responses.selectors import response_due_at, response_for_editing
from youthvoice.errors import ServiceError

COMMITMENTS_PREFIX = "commitments"


def _raise_for(error: ServiceError) -> None:
    """Refusals are pages of their own; anything else is shown next to the form."""
    if error.code == "not_allowed":
        raise PermissionDenied(error.message)
    if error.code == "not_found":
        raise Http404(error.message)


def _response_anchor(consultation: ConsultationPage, request: HttpRequest) -> str:
    return (consultation.get_url(request) or "/") + "#response"


@login_required
def response_edit(request: HttpRequest, page_id: int) -> HttpResponse:
    consultation = get_object_or_404(ConsultationPage.objects.live().select_related("organisation"), pk=page_id)
    if not can_respond(request.user, consultation):
        raise PermissionDenied
    response = response_for_editing(consultation=consultation)
    published = response is not None and response.is_published
    formset_class = commitment_formset(published=published)
    initial = commitment_initial(response)
    if request.method == "POST":
        form = ResponseForm(request.POST)
        formset = formset_class(request.POST, initial=initial, prefix=COMMITMENTS_PREFIX)
        if form.is_valid() and formset.is_valid():
            publish = "publish" in request.POST and not published
            try:
                saved = services.response_save(
                    author=request.user,
                    consultation=consultation,
                    commitments=formset.commitments(),
                    **form.cleaned_data,
                )
                if publish:
                    services.response_publish(author=request.user, response_id=saved.pk)
            except ServiceError as error:
                _raise_for(error)
                form.add_error(None, error.message)  # everything typed stays in the bound forms
            else:
                if publish:
                    messages.success(request, _("Published. Everyone who took part is being told, by email and here."))
                    return HttpResponseRedirect(_response_anchor(consultation, request))
                messages.success(
                    request, _("Saved.") if published else _("Draft saved. It is not public until you publish it.")
                )
                return HttpResponseRedirect(reverse("response_edit", args=[consultation.pk]))
        status = 400
    else:
        form = ResponseForm(initial=ResponseForm.initial_from(response))
        formset = formset_class(initial=initial, prefix=COMMITMENTS_PREFIX)
        status = 200
    return render(
        request,
        "responses/response_form.html",
        {
            "consultation": consultation,
            "response": response,
            "published": published,
            "form": form,
            "formset": formset,
            "due_at": response_due_at(consultation),
        },
        status=status,
    )


@login_required
def commitment_progress(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = get_object_or_404(
        Commitment.objects.select_related("response__consultation__organisation"), pk=commitment_id
    )
    consultation = commitment.response.consultation
    if not can_respond(request.user, consultation):
        raise PermissionDenied
    if request.method == "POST":
        form = CommitmentProgressForm(request.POST)
        if form.is_valid():
            try:
                services.commitment_update(
                    author=request.user,
                    commitment_id=commitment.pk,
                    status=form.cleaned_data["status"],
                    date=form.cleaned_data["date"],
                )
            except ServiceError as error:
                _raise_for(error)
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Progress saved. It shows on the consultation page."))
                return HttpResponseRedirect((consultation.get_url(request) or "/") + f"#commitment-{commitment.pk}")
        status = 400
    else:
        form = CommitmentProgressForm(initial={"status": commitment.status, "date": commitment.date})
        status = 200
    return render(
        request,
        "responses/commitment_progress.html",
        {"consultation": consultation, "commitment": commitment, "form": form},
        status=status,
    )


@login_required
@require_POST
def notice_dismiss(request: HttpRequest, notice_id: int) -> HttpResponse:
    services.response_notice_dismiss(user=request.user, notice_id=notice_id)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return HttpResponseRedirect(target)
