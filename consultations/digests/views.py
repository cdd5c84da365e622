"""Digest pages: the policymaker's dashboard, a digest (with sign-off for organisers), its PDF and CSV,
and the public open-data figures. Thin: services and ``present`` do the work."""

from __future__ import annotations

import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultations.digests import services
from consultations.digests.access import dashboard_for, may_read
from consultations.digests.models import Digest
from consultations.digests.present import present
from consultations.digests.tasks import generate_digest
from consultations.pages import ConsultationPage
from youthvoice.errors import ServiceError


def _readable(request: HttpRequest, digest_id: int) -> Digest:
    digest = Digest.objects.select_related("consultation__organisation", "approved_by").filter(pk=digest_id).first()
    if digest is None or not may_read(request.user, digest):
        raise Http404
    return digest


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    context = dashboard_for(request.user)
    context["invite_email"] = request.session.pop("invite_email", "")  # kept after a refused invitation
    return render(request, "digests/dashboard.html", context)


@login_required
def detail(request: HttpRequest, digest_id: int) -> HttpResponse:
    digest = _readable(request, digest_id)
    signing = digest.status == Digest.Status.DRAFT and services.may_sign_off(request.user, digest.consultation)
    view = present(digest, for_sign_off=signing)
    return render(
        request,
        "digests/detail.html",
        {"view": view, "digest": digest, "signing": signing, "log": digest.log.select_related("actor")},
    )


SIGN_OFF_ACTIONS = {
    "remove-quote": lambda request, pk: services.digest_quote_remove(
        editor=request.user, digest_id=pk, comment_id=_int(request.POST.get("comment"))
    ),
    "restore-quote": lambda request, pk: services.digest_quote_remove(
        editor=request.user, digest_id=pk, comment_id=_int(request.POST.get("comment")), restore=True
    ),
    "note": lambda request, pk: services.digest_note_set(
        editor=request.user, digest_id=pk, note=request.POST.get("note", "")
    ),
    "approve": lambda request, pk: services.digest_approve(editor=request.user, digest_id=pk),
}


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


@login_required
@require_POST
def sign_off(request: HttpRequest, digest_id: int, action: str) -> HttpResponse:
    if action not in SIGN_OFF_ACTIONS:
        raise Http404
    try:
        SIGN_OFF_ACTIONS[action](request, digest_id)
    except ServiceError as error:
        if error.code == "not_found":
            raise Http404 from error
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Approved. It goes to the policymakers who follow this consultation.") if action == "approve"
            else _("Saved."),
        )  # fmt: skip
    return HttpResponseRedirect(reverse("digest_detail", args=[digest_id]))


@login_required
@require_POST
def generate(request: HttpRequest, page_id: int) -> HttpResponse:
    """Organisers ask for a draft now (a task; the weekly ones come by themselves)."""
    consultation = get_object_or_404(ConsultationPage, pk=page_id)
    if not services.may_sign_off(request.user, consultation):
        raise Http404
    # Whole minutes: pressing twice within a minute gives the same digest.
    until = timezone.now().replace(second=0, microsecond=0)
    kind = Digest.Kind.FINAL if consultation.closes_at <= until else Digest.Kind.WEEKLY
    result = generate_digest.enqueue(consultation_id=consultation.pk, kind=kind, until=until.isoformat())
    if result.is_finished:
        return HttpResponseRedirect(reverse("digest_detail", args=[result.return_value]))
    messages.success(request, _("The draft is being prepared. It will appear here in a moment."))
    return HttpResponseRedirect(reverse("digest_dashboard"))


@login_required
@require_POST
def follow(request: HttpRequest, page_id: int) -> HttpResponse:
    consultation = get_object_or_404(ConsultationPage, pk=page_id)
    try:
        if request.POST.get("cadence") == "stop":
            services.consultation_unfollow(policymaker=request.user, consultation=consultation)
            messages.success(request, _("You no longer follow this consultation."))
        else:
            services.consultation_follow(
                policymaker=request.user, consultation=consultation, cadence=request.POST.get("cadence", "")
            )
            messages.success(request, _("You follow this consultation. Digests will come by email."))
    except ServiceError as error:
        messages.error(request, error.message)
    return HttpResponseRedirect(reverse("digest_dashboard"))


@login_required
def pdf(request: HttpRequest, digest_id: int) -> HttpResponse:
    from weasyprint import HTML

    digest = _readable(request, digest_id)
    html = render_to_string("digests/pdf.html", {"view": present(digest), "digest": digest}, request=request)
    document = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(digest)}.pdf"'
    return response


@login_required
def csv_download(request: HttpRequest, digest_id: int) -> HttpResponse:
    from consultations.digests.tables import digest_rows

    digest = _readable(request, digest_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(digest)}.csv"'
    writer = csv.writer(response)
    for row in digest_rows(present(digest)):
        writer.writerow(row)
    return response


def _filename(digest: Digest) -> str:
    return f"digest-{slugify(digest.consultation.slug)}-{digest.until:%Y-%m-%d}"


def open_data(request: HttpRequest, page_id: int) -> JsonResponse:
    """Public, read-only: the same suppressed aggregates as the digests, no personal data."""
    from consultations.digests.open_data import open_figures

    consultation = ConsultationPage.objects.live().public().select_related("organisation").filter(pk=page_id).first()
    if consultation is None:
        return JsonResponse(
            {"error": "not_found", "message": _("There is no public consultation with this id.")}, status=404
        )
    key = f"open-data:{consultation.pk}"
    body = cache.get(key)
    if body is None:
        body = json.dumps(open_figures(consultation), sort_keys=True)
        cache.set(key, body, 15 * 60)  # recomputed at most every 15 minutes
    response = HttpResponse(body, content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    from consultations.digests.invitations import policymaker_invite

    organisation_id = _int(request.POST.get("organisation"))
    try:
        invitation = policymaker_invite(
            editor=request.user, organisation_id=organisation_id, email=request.POST.get("email", "")
        )
    except ServiceError as error:
        messages.error(request, error.message)
        # What was typed comes back in the form.
        request.session["invite_email"] = request.POST.get("email", "")[:254]
    else:
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
    return HttpResponseRedirect(reverse("digest_dashboard") + "#invite")


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    from consultations.digests.invitations import invitation_accept, invitation_find

    try:
        found = invitation_find(token)
    except ServiceError as error:
        return render(request, "digests/invitation.html", {"error": error.message}, status=404)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            invitation_accept(user=request.user, token=token)
        except ServiceError as error:
            return render(request, "digests/invitation.html", {"invitation": found, "error": error.message}, status=403)
        messages.success(
            request,
            _("You follow %(organisation)s. Its digests will come by email.")
            % {"organisation": found.organisation.name},
        )
        return HttpResponseRedirect(reverse("digest_dashboard"))
    return render(request, "digests/invitation.html", {"invitation": found, "next": request.get_full_path()})


@login_required
@require_POST
def follow_organisation(request: HttpRequest, organisation_id: int) -> HttpResponse:
    from youthvoice.organisations.models import Organisation

    organisation = get_object_or_404(Organisation, pk=organisation_id)
    try:
        services.organisation_follow(
            policymaker=request.user, organisation=organisation, cadence=request.POST.get("cadence", "")
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return HttpResponseRedirect(reverse("digest_dashboard"))
