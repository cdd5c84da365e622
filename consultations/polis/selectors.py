"""Finding the question an import goes into, or an export comes from, as an operator names it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from consultations.pages import ConsultationPage, ConsultationQuestion
from youthvoice.errors import ServiceError


def polis_question_find(*, page: str, question_id: int | None = None) -> ConsultationQuestion:
    """The consultation by page id or slug, and its question ``question_id`` or else its first one."""
    pages = (
        ConsultationPage.objects.filter(pk=int(page)) if page.isdigit() else ConsultationPage.objects.filter(slug=page)
    )
    found = list(pages[:2])
    if not found:
        raise ServiceError("no_page", _('No consultation has the id or slug "%(page)s".') % {"page": page})
    if len(found) > 1:
        raise ServiceError(
            "ambiguous_page",
            _('Several consultations have the slug "%(page)s" (translations, perhaps): give the page id instead.')
            % {"page": page},
        )
    questions = found[0].questions.order_by("sort_order", "pk")
    question = questions.filter(pk=question_id).first() if question_id is not None else questions.first()
    if question is None:
        if question_id is None:
            raise ServiceError("no_question", _("This consultation has no question yet."))
        raise ServiceError(
            "no_question",
            _("Question %(id)d is not part of the consultation “%(title)s”.")
            % {"id": question_id, "title": found[0].title},
        )
    return question
