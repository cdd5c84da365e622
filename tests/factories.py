"""factory-boy factories for every model. Wagtail pages are created under a parent with add_child."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from wagtail.models import Page

from consultations.pages import ConsultationIndexPage, ConsultationPage, ConsultationQuestion, HomePage
from youthvoice.accounts.guardians import GuardianConsent
from youthvoice.accounts.models import User
from youthvoice.organisations.models import Organisation


def years_ago(years: int, *, today: date | None = None) -> date:
    """A date of birth that makes someone ``years`` old today (never 29 February)."""
    today = today or timezone.localdate()
    birthday = date(today.year - years, today.month, min(today.day, 28))
    return birthday if birthday <= today else date(birthday.year - 1, birthday.month, birthday.day)


class UserFactory(factory.django.DjangoModelFactory):
    """A verified adult participant unless told otherwise (``verified=False``, ``age=14``)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        age = 20

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Friendly Fox {n}")
    date_of_birth = factory.LazyAttribute(lambda o: years_ago(o.age))
    country = "MK"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        if not create:
            return
        self.save()
        EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=extracted is not False)


class GuardianConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuardianConsent

    minor = factory.SubFactory(UserFactory, age=14)
    guardian_email = factory.Sequence(lambda n: f"guardian{n}@example.net")
    status = GuardianConsent.Status.GRANTED


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
