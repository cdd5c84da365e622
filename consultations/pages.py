"""Wagtail page models: the home page, the consultation index and the consultation itself."""

from __future__ import annotations

from datetime import datetime
from functools import cached_property
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page, PagePermissionTester, PageViewRestriction, TranslatableMixin
from wagtail.search import index
from wagtail.url_routing import RouteResult
from wagtail_localize.fields import SynchronizedField, TranslatableField

from consultations.admin_forms import ConsultationPageForm
from consultations.blocks import ConsultationBodyBlock
from consultations.status import ConsultationStatus, status_at
from consultations.terminology_admin import TerminologyPanel

# The platform serves 12–30 year olds (DESIGN.md §2); a target range outside it is a typo.
PLATFORM_MIN_AGE = 12
PLATFORM_MAX_AGE = 30
_age_validators = [MinValueValidator(PLATFORM_MIN_AGE), MaxValueValidator(PLATFORM_MAX_AGE)]


class Topic(models.TextChoices):
    """Locally rooted framings (DESIGN.md §1): community safety rather than security labels."""

    COMMUNITY_SAFETY = "community-safety", _("Community safety")
    BELONGING = "belonging", _("Belonging and inclusion")
    EDUCATION = "education", _("Education and learning")
    OPPORTUNITIES = "opportunities", _("Youth opportunities and work")
    ONLINE_LIFE = "online-life", _("Online life")
    HEALTH = "health", _("Health and wellbeing")
    ENVIRONMENT = "environment", _("Environment and public space")
    OTHER = "other", _("Other")


class ModerationMode(models.TextChoices):
    POST = "post", _("Publish at once, moderate afterwards")
    PRE_MINORS = "pre-minors", _("Review comments by under-18s before publishing")
    PRE_ALL = "pre-all", _("Review every comment before publishing")


# What decides, for the one discussion all translations of a consultation share, who may take part,
# when, and how comments are moderated: synchronised from the original, never overridden by
# translators (ConsultationPage.translatable_fields, consultations/translations.py).
DISCUSSION_SETTINGS = (
    "topic",
    "opens_at",
    "closes_at",
    "min_age",
    "max_age",
    "organisation",
    "co_hosts",
    "moderation_mode",
)


class OneQueryViewRestrictionsMixin:
    """Wagtail's view-restriction check, in one query instead of two (the ancestors, then their
    restrictions) on every page view. Same rule: restrictions of the page and its ancestors apply,
    and an alias among them contributes its source page's restrictions instead of its own."""

    path: str
    steplen: int

    def get_view_restrictions(self) -> models.QuerySet[PageViewRestriction]:
        lineage = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        sources_of_aliases = Page.objects.filter(path__in=lineage, alias_of__isnull=False).values("alias_of")
        return PageViewRestriction.objects.filter(
            models.Q(page__path__in=lineage, page__alias_of__isnull=True) | models.Q(page__in=sources_of_aliases)
        )


def _route_to_child(parent: Page, queryset, request: HttpRequest, path_components: list[str]) -> RouteResult:
    """Route to a child of a known type in one query (Wagtail's default takes two per level: the
    generic page, then its specific class). Other children fall back to Wagtail's routing."""
    child = queryset.child_of(parent).filter(slug=path_components[0]).first()
    if child is None:
        return Page.route(parent, request, path_components)
    child._cached_parent_obj = parent  # treebeard's get_parent() then needs no query
    return child.route(request, path_components[1:])


class SharedWithVisitorsMixin:
    """The page looks the same to every visitor who is not signed in, so such a render may be
    shared for a few seconds (youthvoice/page_cache.py). Templates keep it so: forms that need a
    CSRF token or a one-off key are shown only to people who can use them."""

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from youthvoice.page_cache import mark_shareable

        response = super().serve(request, *args, **kwargs)  # type: ignore[misc]
        if not request.user.is_authenticated and not getattr(request, "is_preview", False):
            mark_shareable(response)
        return response


class HomePage(SharedWithVisitorsMixin, OneQueryViewRestrictionsMixin, Page):
    hero_heading = models.CharField(
        _("headline"),
        max_length=120,
        default=_("Your voice on the decisions that shape your life"),
    )
    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("hero_heading"), FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["consultations.ConsultationIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        """A translated home page serves its own tree; an address that has no translation yet (a
        consultation not translated into this language, say) falls back to the original tree, so
        that ``/ky/...`` links, the language switcher and hreflang never lead to "not found". The
        page then shows its original text, marked with its language, under the reader's interface."""
        if not path_components:
            return super().route(request, path_components)
        try:
            return _route_to_child(self, ConsultationIndexPage.objects.all(), request, path_components)
        except Http404:
            original = self._original_home()
            if original is None:
                raise
            return original.route(request, path_components)

    def _original_home(self) -> HomePage | None:
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return None
        return HomePage.objects.filter(translation_key=self.translation_key, locale=default).first()

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from consultations.selectors import consultation_index_for, open_consultations

        context = super().get_context(request, *args, **kwargs)
        context["open_consultations"] = open_consultations(root=self, limit=6)
        context["consultation_index"] = consultation_index_for(home=self)
        return context


class ConsultationIndexPage(SharedWithVisitorsMixin, OneQueryViewRestrictionsMixin, Page):
    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["consultations.HomePage"]
    subpage_types = ["consultations.ConsultationPage"]

    class Meta:
        verbose_name = _("consultation index")

    def permissions_for_user(self, user: Any) -> PagePermissionTester:
        from consultations.editor_permissions import ConsultationIndexPermissionTester

        return ConsultationIndexPermissionTester(user, self)

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        from consultations.translations import PAGE_PREFETCHES, PAGE_RELATIONS, route_with_owner

        if not path_components:
            return super().route(request, path_components)
        from consultations.realtime import with_live_seq

        consultations = with_live_seq(
            ConsultationPage.objects.select_related(*PAGE_RELATIONS).prefetch_related(*PAGE_PREFETCHES)
        )
        child, owner = route_with_owner(self, path_components[0], consultations)
        if child is None:
            return Page.route(self, request, path_components)
        child._cached_parent_obj = self  # treebeard's get_parent() then needs no query
        child.discussion_page = owner
        return child.route(request, path_components[1:])

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from consultations.selectors import consultations_by_status

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = consultations_by_status(root=self)
        return context


class ConsultationPage(SharedWithVisitorsMixin, OneQueryViewRestrictionsMixin, Page):
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Two or three short sentences in plain language: what is being decided and why it matters."),
    )
    easy_read_summary = models.TextField(
        _("easy-read summary"),
        max_length=1200,
        blank=True,
        help_text=_("Short sentences and everyday words, for younger readers and anyone who wants it simple."),
    )
    body = StreamField(ConsultationBodyBlock(), verbose_name=_("background"), blank=True)
    topic = models.CharField(_("topic"), max_length=32, choices=Topic.choices, default=Topic.COMMUNITY_SAFETY)
    opens_at = models.DateTimeField(_("opens"), help_text=_("When young people can start taking part."))
    closes_at = models.DateTimeField(_("closes"), help_text=_("When taking part ends."))
    min_age = models.PositiveSmallIntegerField(_("youngest participant"), default=12, validators=_age_validators)
    max_age = models.PositiveSmallIntegerField(_("oldest participant"), default=30, validators=_age_validators)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="consultations",
        help_text=_("The organisation that runs this consultation and answers for it."),
    )
    moderation_mode = models.CharField(
        _("moderation"),
        max_length=12,
        choices=ModerationMode.choices,
        default=ModerationMode.PRE_MINORS,
        help_text=_("Held comments are visible to their author and moderators only until approved."),
    )
    co_hosts = ParentalManyToManyField(
        "organisations.Organisation",
        verbose_name=_("co-hosting organisations"),
        blank=True,
        related_name="co_hosted_consultations",
    )

    content_panels = [
        TerminologyPanel(),
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("summary"), FieldPanel("easy_read_summary")],
            heading=_("In a few words"),
        ),
        FieldPanel("body"),
        InlinePanel(
            "questions",
            heading=_("Questions"),
            label=_("Question"),
            min_num=1,
            help_text=_("What you ask young people. Each question gets its own discussion."),
        ),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")]),
                FieldPanel("topic"),
                FieldPanel("moderation_mode"),
            ],
            heading=_("Dates and audience"),
        ),
        MultiFieldPanel(
            [FieldPanel("organisation"), FieldPanel("co_hosts", widget=forms.CheckboxSelectMultiple)],
            heading=_("Organisations"),
        ),
        *Page.settings_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("easy_read_summary"),
        index.SearchField("body"),
        index.FilterField("topic"),
        index.FilterField("opens_at"),
        index.FilterField("closes_at"),
        index.RelatedFields("questions", [index.SearchField("text")]),
    ]
    # What wagtail-localize asks translators for, and what it copies from the original on every sync.
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        SynchronizedField("show_in_menus"),
        TranslatableField("summary"),
        TranslatableField("easy_read_summary"),
        TranslatableField("body"),
        TranslatableField("questions"),
        *(SynchronizedField(name, overridable=False) for name in DISCUSSION_SETTINGS),
    ]

    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types: list[str] = []
    base_form_class = ConsultationPageForm

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def permissions_for_user(self, user: Any) -> PagePermissionTester:
        from consultations.editor_permissions import ConsultationPermissionTester

        return ConsultationPermissionTester(user, self)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The closing date must come after the opening date.")
        if self.min_age and self.max_age and self.min_age > self.max_age:
            errors["max_age"] = _("The oldest age must not be below the youngest age.")
        if self.organisation_id and any(host.pk == self.organisation_id for host in self.co_hosts.all()):
            errors["co_hosts"] = _("The organisation running the consultation cannot also be its co-host.")
        if errors:
            raise ValidationError(errors)

    def status_at(self, moment: datetime) -> ConsultationStatus:
        return status_at(opens_at=self.opens_at, closes_at=self.closes_at, moment=moment)

    @property
    def status(self) -> ConsultationStatus:
        return self.status_at(timezone.now())

    @cached_property
    def discussion_page(self) -> ConsultationPage:
        """The page whose discussion this one shows: the original of its translation set (see
        consultations/translations.py). Set without a query when the page is routed."""
        from consultations.translations import PAGE_RELATIONS

        if self.pk is None:
            return self
        owner = (
            ConsultationPage.objects.filter(translation_key=self.translation_key)
            .select_related(*PAGE_RELATIONS)
            .order_by("pk")
            .first()
        )
        return self if owner is None or owner.pk == self.pk else owner

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from consultations import realtime
        from consultations.discussion_context import discussion_context
        from consultations.translations import discussion_questions, follow_original
        from youthvoice.accounts.permissions import participation_decision

        context = super().get_context(request, *args, **kwargs)
        # Translations share the original's discussion: its questions' ids, comments and figures.
        owner = self.discussion_page
        follow_original(self, owner)
        context["discussion_page"] = owner
        context["questions"] = discussion_questions(self, owner)
        context["participation"] = participation_decision(request.user)
        context.update(discussion_context(request, owner, context["questions"]))
        context["can_write"] = (
            owner.live and self.status == ConsultationStatus.OPEN and context["participation"].allowed
        )
        context["co_hosts"] = list(owner.co_hosts.all())
        # Read from the signed-in user's row, already loaded: no query (the page has a query budget).
        context["easy_read_first"] = bool(self.easy_read_summary) and getattr(
            request.user, "reads_easy_read_first", False
        )
        context["moderation_figures"] = owner.public_moderation_figures()
        # The last event this render shows, read before the comments (when routed, with the page):
        # the live script resumes from it, so nothing published after this render is missed.
        context["live_seq"] = realtime.live_seq_of(owner)
        return context

    def public_moderation_figures(self) -> Any:
        """Published, held and hidden-by-reason counts (none yet: no row)."""
        from django.core.exceptions import ObjectDoesNotExist

        try:
            return self.moderation_figures
        except ObjectDoesNotExist:
            return None


class ConsultationQuestion(TranslatableMixin, Orderable):
    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    help_text = models.TextField(
        _("explanation"),
        blank=True,
        max_length=800,
        help_text=_("Optional: context that helps people answer."),
    )

    panels = [FieldPanel("text"), FieldPanel("help_text")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text
