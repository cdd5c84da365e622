"""Plain-HTML participation: every action works as a form, without JavaScript. Thin: services act."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultations import services
from consultations.models import Comment
from consultations.moderation.services import comment_flag as flag_service
from consultations.pages import ConsultationPage
from consultations.selectors import live_consultation
from consultations.translations import interface_language
from youthvoice.errors import ServiceError


def _consultation(page_id: int) -> ConsultationPage:
    """The page owning the discussion (a translation's id leads to its original)."""
    page = live_consultation(page_id=page_id)
    if page is None:
        raise Http404
    return page


def _page_shown(request: HttpRequest, page: ConsultationPage) -> ConsultationPage:
    """The translation the person was reading (the form says which), so that an error comes back in
    their language; ``page``, the original, otherwise."""
    shown_id = _int(request.POST.get("page"))
    if shown_id is None or shown_id == page.pk:
        return page
    shown = ConsultationPage.objects.live().public().filter(pk=shown_id, translation_key=page.translation_key).first()
    if shown is None:
        return page
    shown.discussion_page = page
    return shown


def _back(request: HttpRequest, page: ConsultationPage, anchor: str = "") -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = page.get_url(request) or "/"
    return HttpResponseRedirect(target.split("#")[0] + (f"#{anchor}" if anchor else ""))


def _page_with_error(request: HttpRequest, page: ConsultationPage, error: ServiceError, **form: object) -> HttpResponse:
    """The consultation page again, the error next to the form and nothing the person typed lost."""
    page = _page_shown(request, page)
    context = page.get_context(request)
    context.update({"form_error": error, "form_values": form})
    return TemplateResponse(request, page.get_template(request), context, status=400)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@require_POST
def comment_post(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _consultation(page_id)
    question_id, parent_id = _int(request.POST.get("question")), _int(request.POST.get("parent"))
    body = request.POST.get("body", "")
    # No language sent (an older form): the one the page was read in.
    language = request.POST.get("language") or interface_language()
    try:
        if question_id is None:
            raise ServiceError("bad_question", _("Choose a question to answer."))
        comment = services.comment_create(
            author=request.user,
            consultation=page,
            question_id=question_id,
            body=body,
            parent_id=parent_id,
            client_key=request.POST.get("key", ""),
            language=language,
        )
    except ServiceError as error:
        return _page_with_error(request, page, error, parent=parent_id or 0, body=body, language=language)
    return _back(request, page, f"comment-{comment.pk}")


@require_POST
def comment_vote(request: HttpRequest, comment_id: int) -> HttpResponse:
    # The hottest write: the service reads the comment with its page once; the view reads nothing.
    choice = request.POST.get("choice") or None
    try:
        comment = services.vote_cast(
            voter=request.user, comment_id=comment_id, choice=None if choice == "retract" else choice
        )
    except ServiceError as error:
        if error.code == "not_found":
            raise Http404 from error
        page = get_object_or_404(Comment.objects.select_related("consultation"), pk=comment_id).consultation
        return _page_with_error(request, page, error, comment=comment_id)
    # The page is read only if the form did not say where to go back to.
    return _back(request, SimpleLazyObject(lambda: comment.consultation), f"comment-{comment.pk}")


@require_POST
def comment_flag(request: HttpRequest, comment_id: int) -> HttpResponse:
    try:
        comment = flag_service(reporter=request.user, comment_id=comment_id, reason=request.POST.get("reason", ""))
    except ServiceError as error:
        if error.code == "not_found":
            raise Http404 from error
        page = get_object_or_404(Comment.objects.select_related("consultation"), pk=comment_id).consultation
        return _page_with_error(request, page, error, report=comment_id)
    messages.success(request, _("Thank you. Moderators will look at this comment."))
    return _back(request, comment.consultation, f"comment-{comment.pk}")


@require_POST
def comment_edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=comment_id)
    page = _consultation(comment.consultation_id)
    body = request.POST.get("body", "")
    try:
        services.comment_edit(author=request.user, comment_id=comment.pk, body=body)
    except ServiceError as error:
        return _page_with_error(request, page, error, edit=comment.pk, body=body)
    return _back(request, page, f"comment-{comment.pk}")


@require_POST
def comment_delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=comment_id)
    page = _consultation(comment.consultation_id)
    try:
        services.comment_delete(author=request.user, comment_id=comment.pk)
    except ServiceError as error:
        return _page_with_error(request, page, error, comment=comment.pk)
    return _back(request, page, f"comment-{comment.pk}")
