"""factory-boy factories for every model. Wagtail pages are created under a parent with add_child."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone
from wagtail.models import Page

from consultations.pages import ConsultationIndexPage, ConsultationPage, ConsultationQuestion, HomePage
from youthvoice.accounts.models import User
from youthvoice.organisations.models import Organisation


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Friendly Fox {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Youth Network {n}")
    slug = factory.Sequence(lambda n: f"youth-network-{n}")
    description = "A coalition of youth clubs."


class _PageFactory(factory.django.DjangoModelFactory):
    """Pages must be inserted into the tree through their parent."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @classmethod
    def _create(cls, model_class: type[Page], *args: Any, parent: Page | None = None, **kwargs: Any) -> Page:
        page = model_class(*args, **kwargs)
        (parent or cls._default_parent()).add_child(instance=page)
        return page

    @classmethod
    def _default_parent(cls) -> Page:
        raise TypeError(f"{cls.__name__} needs parent=")


class ConsultationIndexPageFactory(_PageFactory):
    class Meta:
        model = ConsultationIndexPage

    title = "Consultations"
    slug = factory.Sequence(lambda n: f"consultations-{n}")

    @classmethod
    def _default_parent(cls) -> Page:
        return HomePage.objects.get(depth=2)


class ConsultationPageFactory(_PageFactory):
    class Meta:
        model = ConsultationPage

    title = factory.Sequence(lambda n: f"Consultation {n}")
    slug = factory.Sequence(lambda n: f"consultation-{n}")
    summary = "What would make your neighbourhood feel safer?"
    easy_read_summary = "Tell us what makes you feel safe."
    topic = "community-safety"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    organisation = factory.SubFactory(OrganisationFactory)

    @classmethod
    def _default_parent(cls) -> Page:
        index = ConsultationIndexPage.objects.first()
        return index or ConsultationIndexPageFactory()

    @factory.post_generation
    def questions(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        if not create:
            return
        texts = extracted if extracted is not None else ["Where do you feel safe?"]
        for position, text in enumerate(texts):
            ConsultationQuestion.objects.create(page=self, text=text, sort_order=position, locale=self.locale)
