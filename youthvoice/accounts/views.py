"""Account pages. Thin: forms validate, services act, templates explain."""

from __future__ import annotations

import contextlib
import json

from allauth.account.views import SignupView as AllauthSignupView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language

from youthvoice.accounts import services
from youthvoice.accounts.forms import DeleteAccountForm, GuardianEmailForm, ProfileForm
from youthvoice.accounts.guardians import GuardianConsent, GuardianLink
from youthvoice.accounts.models import User
from youthvoice.accounts.permissions import participation_decision
from youthvoice.accounts.selectors import current_consent
from youthvoice.errors import ServiceError
from youthvoice.languages import recipient_language

# Remembered per browser after a refusal for age, so a different date cannot be tried at once.
AGE_GATE_SESSION_KEY = "signup_paused"
AGE_GATE_COOKIE = "yv_signup_paused"
AGE_GATE_SALT = "youthvoice.accounts.age-gate"
AGE_GATE_SECONDS = 24 * 3600
# A guardian can withdraw a permission that was given or is still being asked for.
_WITHDRAWABLE = (GuardianConsent.Status.GRANTED, GuardianConsent.Status.PENDING)


def _signup_paused(request: HttpRequest) -> bool:
    return bool(
        request.session.get(AGE_GATE_SESSION_KEY)
        or request.get_signed_cookie(AGE_GATE_COOKIE, default=None, salt=AGE_GATE_SALT, max_age=AGE_GATE_SECONDS)
    )


class SignupView(AllauthSignupView):
    template_name = "account/signup.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if _signup_paused(request):
            return render(request, "account/signup_paused.html")
        return super().dispatch(request, *args, **kwargs)

    def form_invalid(self, form) -> HttpResponse:
        if getattr(form, "too_young", False):
            # Nothing about the person is kept: only this browser's flag.
            self.request.session[AGE_GATE_SESSION_KEY] = True
            response = render(self.request, "account/signup_paused.html")
            response.set_signed_cookie(
                AGE_GATE_COOKIE,
                "1",
                salt=AGE_GATE_SALT,
                max_age=AGE_GATE_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=self.request.is_secure(),
            )
            return response
        return super().form_invalid(form)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        # A new language shows at once: the message and the page after it are in that language.
        with translation.override(recipient_language(user.language)):
            messages.success(request, _("Saved."))
            return redirect(reverse("account_overview"))
    return render(
        request,
        "accounts/overview.html",
        {
            "form": form,
            "decision": participation_decision(user),
            "consent": current_consent(user) if user.needs_guardian_consent else None,
            "needs_guardian": user.needs_guardian_consent,
            "my_comments": _my_comments(user),
            "memberships": list(user.memberships.select_related("organisation")),
        },
    )


def _my_comments(user: User) -> list:
    """The author's latest comments with their status and, when held or hidden, the reason."""
    from consultations.models import Comment

    return list(Comment.objects.filter(author=user).select_related("consultation").order_by("-created_at")[:20])


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_guardian(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.needs_guardian_consent:
        return redirect("account_overview")
    consent = current_consent(user)
    form = GuardianEmailForm(
        request.POST if request.POST.get("action") == "request" else None,
        minor=user,
        initial={"guardian_email": consent.guardian_email if consent else ""},
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "resend":
                services.guardian_consent_resend(minor=user)
                messages.success(request, _("We sent the email again."))
                return redirect("account_guardian")
            if form.is_valid():
                services.guardian_consent_request(minor=user, guardian_email=form.cleaned_data["guardian_email"])
                messages.success(request, _("We emailed your guardian. We will tell you when they decide."))
                return redirect("account_guardian")
        except ServiceError as error:
            form.add_error(None, error.message)
    return render(
        request,
        "accounts/guardian.html",
        {"form": form, "consent": current_consent(user), "decision": participation_decision(user)},
    )


@never_cache
@login_required
def account_export(request: HttpRequest) -> HttpResponse:
    data = services.account_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    filename = f"youthvoice-my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=request.user, request=request)
        return render(request, "accounts/deleted.html")
    return render(request, "accounts/delete.html", {"form": form})


def language_set(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language`` (language cookie, then ``next`` in the chosen language); a signed-in
    person's choice also becomes their saved preference."""
    response = set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        with contextlib.suppress(ServiceError):  # a language we do not offer changes nothing
            services.user_language_set(user=request.user, language=request.POST.get("language", ""))
    return response


def _guardian_page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    # The language switcher links to the page in each language instead of posting to set_language:
    # with "Referrer-Policy: no-referrer" (below) a browser posts with "Origin: null", which Django's
    # CSRF check refuses. The URL prefix alone decides a guardian's language; they have no account.
    context = {**context, "switch_language_by_link": True}
    response = render(request, template, context, status=status)
    # The page URL holds the token: never send it on as a referrer, never cache it.
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


# Guardian pages are exempt from CSRF checks, deliberately. Their authority is the secret token in the
# URL, never a cookie, so a forged cross-site request gains nothing without the token. And the pages
# send "Referrer-Policy: no-referrer" (the URL holds the token), which makes browsers post their forms
# with "Origin: null", failing Django's origin check for every real guardian.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def guardian_consent(request: HttpRequest, token: str) -> HttpResponse:
    """GET explains and changes nothing (mail scanners prefetch links); each decision is a POST."""
    try:
        link = services.guardian_link_resolve(token=token, purpose=GuardianLink.Purpose.DECIDE)
    except ServiceError as error:
        return _guardian_page(request, "accounts/guardian_link_problem.html", {"error": error}, status=410)
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in {"approve", "decline"}:
            error_message = _("Choose Approve or Decline.")
        else:
            try:
                consent = services.guardian_consent_decide(
                    token=token,
                    approve=decision == "approve",
                    ip=request.META.get("REMOTE_ADDR"),
                    acting_user=request.user,
                )
            except ServiceError as error:
                error_message = error.message
            else:
                return _guardian_page(request, "accounts/guardian_decided.html", {"consent": consent})
        return _guardian_page(
            request, "accounts/guardian_consent.html", {"link": link, "error_message": error_message}, status=400
        )
    return _guardian_page(request, "accounts/guardian_consent.html", {"link": link})


@csrf_exempt  # see guardian_consent
@require_http_methods(["GET", "POST"])
def guardian_manage(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = services.guardian_link_resolve(token=token, purpose=GuardianLink.Purpose.MANAGE)
    except ServiceError as error:
        return _guardian_page(request, "accounts/guardian_link_problem.html", {"error": error}, status=410)
    context = {"link": link, "consent": link.consent, "can_withdraw": link.consent.status in _WITHDRAWABLE}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "withdraw":
                services.guardian_consent_revoke(token=token)
                return _guardian_page(request, "accounts/guardian_withdrawn.html", {"deleted": False})
            if action == "delete" and request.POST.get("confirm") == "yes":
                services.guardian_account_delete(token=token)
                return _guardian_page(request, "accounts/guardian_withdrawn.html", {"deleted": True})
            context["error_message"] = _("Tick the box to confirm that the account should be deleted.")
        except ServiceError as error:
            context["error_message"] = error.message
        return _guardian_page(request, "accounts/guardian_manage.html", context, status=400)
    return _guardian_page(request, "accounts/guardian_manage.html", context)
