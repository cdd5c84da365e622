"""Consultations in several languages: which page owns the discussion, and what a reader sees.

Editors translate a consultation with wagtail-localize: each translation is a page of its own (same
``translation_key``, another locale) with copies of the questions. The discussion, though, is one:
comments, votes, the event stream, moderation figures, digests and the response all belong to the
**first page of the translation set** (the lowest id, i.e. the original: translations are always
copied from it). A reader of the Kyrgyz page and a reader of the Russian page join the same
conversation. The rule never changes once a page exists, so adding or removing a translation never
moves a discussion. See docs/content-translation.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import get_language, get_language_info
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from consultations.pages import DISCUSSION_SETTINGS, ConsultationPage
from youthvoice.languages import supported_language

# What a consultation page loads with it when it is routed: no further query for its organisation,
# public moderation figures, response or questions (the discussion owner's included).
PAGE_RELATIONS = ("organisation", "locale", "moderation_figures", "response__published_by")
PAGE_PREFETCHES = ("co_hosts", "questions")


def discussion_owner_id(translation_key: object) -> Subquery:
    """SQL for the id of the page that owns the discussion of the pages sharing ``translation_key``
    (a value or an ``OuterRef``)."""
    first = ConsultationPage.objects.filter(translation_key=translation_key).order_by("pk").values("pk")[:1]
    return Subquery(first)


def discussion_owners(pages: QuerySet[ConsultationPage]) -> QuerySet[ConsultationPage]:
    """Only the pages that own a discussion: translations of another page are left out, so that
    digests, moderation lists and counts see each consultation once."""
    earlier = ConsultationPage.objects.filter(translation_key=OuterRef("translation_key"), pk__lt=OuterRef("pk"))
    return pages.filter(~Exists(earlier))


def route_with_owner(
    index: Page, slug: str, pages: QuerySet[ConsultationPage]
) -> tuple[ConsultationPage | None, ConsultationPage | None]:
    """The child of ``index`` called ``slug`` and the page owning its discussion, in one query (the
    consultation page's query budget has no room for a second)."""
    routed = ConsultationPage.objects.child_of(index).filter(slug=slug)
    owner_id = discussion_owner_id(routed.values("translation_key")[:1])
    rows = list(pages.filter(Q(pk__in=routed.values("pk")) | Q(pk=owner_id)))
    page = next((row for row in rows if row.slug == slug and row.is_child_of(index)), None)
    owner = min(rows, key=lambda row: row.pk) if rows else None
    return page, owner


@dataclass(frozen=True)
class DiscussionQuestion:
    """A question as the reader sees it: its text in the page's language — or the original's, with
    that language in ``language``, until a translator gets to it — and the id of the original
    question, which owns the discussion (links, forms and comments use it)."""

    pk: int | None
    text: str
    help_text: str
    language: str = ""

    @property
    def id(self) -> int | None:
        return self.pk


def discussion_questions(page: ConsultationPage, owner: ConsultationPage) -> list[DiscussionQuestion]:
    """The owner's questions in order, worded as on ``page``. Questions are matched by their
    ``translation_key``; one added to the original after translating shows in the original's words."""
    own = list(page.questions.all())  # in memory in the editor's preview; prefetched when routed
    if owner.pk == page.pk:
        return [DiscussionQuestion(pk=q.pk, text=q.text, help_text=q.help_text) for q in own]
    translated = {question.translation_key: question for question in own}
    questions = []
    for original in owner.questions.all():
        worded = translated.get(original.translation_key)
        if worded is None:
            questions.append(
                DiscussionQuestion(
                    pk=original.pk,
                    text=original.text,
                    help_text=original.help_text,
                    language=owner.locale.language_code,
                )
            )
        else:
            questions.append(DiscussionQuestion(pk=original.pk, text=worded.text, help_text=worded.help_text))
    return questions


def follow_original(page: ConsultationPage, owner: ConsultationPage) -> None:
    """Give a translation (in memory) its original's dates, ages, topic, organisation and
    moderation mode: the shared discussion follows the original's at once, while the translation
    only receives them at its next sync. Co-hosts are read from the original where shown."""
    if page.pk == owner.pk:
        return
    for name in DISCUSSION_SETTINGS:
        if name != "co_hosts":  # a many-to-many relation, not a value
            setattr(page, name, getattr(owner, name))


# --- What a reader sees in lists ---------------------------------------------------------------


def reader_language() -> str:
    """The content language matching the interface language of this request."""
    try:
        return get_supported_content_language_variant(get_language())
    except LookupError:
        return settings.LANGUAGE_CODE


def under_translations_of(root: Page) -> Q:
    """Pages below ``root`` or below any translation of it (translations sit at the same depth)."""
    ancestor = Page.objects.filter(
        translation_key=root.translation_key, path=Substr(OuterRef("path"), 1, len(root.path))
    )
    return Q(depth__gt=root.depth) & Q(Exists(ancestor))


def with_content_language(pages: QuerySet[ConsultationPage]) -> QuerySet[ConsultationPage]:
    """Annotate ``content_language``: the language a page's text is in. An alias (wagtail-localize's
    tree synchronisation creates them in new locales) shows its source's text, not a translation."""
    return pages.annotate(content_language=Coalesce(F("alias_of__locale__language_code"), F("locale__language_code")))


def one_per_consultation(pages: list[ConsultationPage], language: str) -> list[ConsultationPage]:
    """Each consultation once: its page in ``language`` where there is one, else the original (the
    discussion owner among those given). Keeps the order of first appearance."""
    chosen: dict[object, ConsultationPage] = {}
    for page in pages:
        current = chosen.get(page.translation_key)
        if current is None or _preferred(page, over=current, language=language):
            chosen[page.translation_key] = page
    return list(chosen.values())


def _preferred(page: ConsultationPage, *, over: ConsultationPage, language: str) -> bool:
    if (page.content_language == language) != (over.content_language == language):
        return page.content_language == language
    return page.pk < over.pk


def language_name(code: str) -> str:
    """A language's name in the reader's language ("Kyrgyz", "киргизский"), or the code itself."""
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def is_offered_language(code: str) -> bool:
    return supported_language(code) == code


def interface_language() -> str:
    """The interface language of this request (the settings' default outside one)."""
    code = get_language() or settings.LANGUAGE_CODE
    return code if is_offered_language(code) else settings.LANGUAGE_CODE
