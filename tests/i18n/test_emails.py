"""Every mail is made in its recipient's language: subject, body and links (under that language's
prefix), whatever language the request or task that sent it was in.

Russian reads as pseudo-translated English here (``pseudo_russian``): the real catalogues are still
being written, and a fake one shows which language each part was made in.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.utils import timezone, translation
from wagtail.models import Locale

from consultations.digests.emails import digest_mail_send
from consultations.digests.services import digest_generate
from consultations.moderation import services as moderation
from consultations.responses.emails import ResponseMailer
from consultations.responses.models import Response
from consultations.services import comment_create
from tests.accounts.conftest import links_in
from tests.factories import ConsultationPageFactory, GuardianConsentFactory, OrganisationFactory, UserFactory
from tests.i18n import page_text
from tests.i18n.catalogues import pseudo_translate as in_russian
from youthvoice.accounts import services
from youthvoice.organisations.models import Membership

pytestmark = pytest.mark.django_db


def link_paths(body: str) -> list[str]:
    return re.findall(r"https?://testserver(/\S*)", body)


@pytest.fixture
def sent_from_french_page():
    """Mail is sent while some request is active in its own language (here French)."""
    with translation.override("fr"):
        yield


class TestGuardianConsent:
    @pytest.fixture
    def minor(self):
        return UserFactory(age=14, email="teen@example.org", display_name="Brave Heron", language="ru")

    def test_the_request_is_in_the_young_persons_language(
        self, pseudo_russian, minor, sent_from_french_page, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.guardian_consent_request(minor=minor, guardian_email="parent@example.net")
        (message,) = mail.outbox
        assert message.subject == in_russian("Your child would like to join YouthVoice: please decide")
        assert in_russian("What nobody else ever sees") in message.body and "Brave Heron" in message.body
        paths = link_paths(message.body)
        assert len(paths) == 2 and all(path.startswith("/ru/guardian/") for path in paths), paths

    def test_its_links_open_the_pages_in_that_language(
        self, client, pseudo_russian, minor, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.guardian_consent_request(minor=minor, guardian_email="parent@example.net")
        for path in link_paths(mail.outbox[0].body):
            html = client.get(path).content.decode()
            assert page_text.elements(html, tag="html")[0]["lang"] == "ru"
            assert in_russian("Approve") in html or in_russian("Withdraw permission") in html

    def test_the_decision_reaches_the_young_person_in_their_language(
        self, pseudo_russian, minor, sent_from_french_page, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.guardian_consent_request(minor=minor, guardian_email="parent@example.net")
        token = links_in(mail.outbox[0].body)["consent"]
        with django_capture_on_commit_callbacks(execute=True):
            services.guardian_consent_decide(token=token, approve=True, ip=None, acting_user=AnonymousUser())
        message = mail.outbox[-1]
        assert message.to == ["teen@example.org"]
        assert message.subject == in_russian("Your guardian agreed: you can take part on YouthVoice")
        assert link_paths(message.body) == ["/ru/"]


class TestDigest:
    @pytest.fixture
    def digest(self):
        consultation = ConsultationPageFactory(title="Safer parks")
        return digest_generate(consultation=consultation, kind="weekly", until=timezone.now() + timedelta(minutes=1))

    def test_in_the_policymakers_language(self, pseudo_russian, digest, sent_from_french_page):
        digest_mail_send(digest=digest, user=UserFactory(age=45, language="ru"))
        (message,) = mail.outbox
        assert message.subject == in_russian("Digest: %(title)s") % {"title": "Safer parks"}
        assert link_paths(message.body) == [f"/ru/digests/{digest.pk}/"]
        html = message.alternatives[0].content
        assert page_text.elements(html, tag="html")[0]["lang"] == "ru"
        assert in_russian("Read the whole digest") in html
        assert f'href="http://testserver/ru/digests/{digest.pk}/"' in html

    def test_english_stays_english(self, pseudo_russian, digest, sent_from_french_page):
        digest_mail_send(digest=digest, user=UserFactory(age=45, language="en"))
        (message,) = mail.outbox
        assert message.subject == "Digest: Safer parks"
        assert link_paths(message.body) == [f"/en/digests/{digest.pk}/"]


class TestModeration:
    def test_the_safeguarding_mail_is_in_the_contacts_language(
        self, pseudo_russian, sent_from_french_page, django_capture_on_commit_callbacks
    ):
        organisation = OrganisationFactory()
        consultation = ConsultationPageFactory(organisation=organisation, title="Safer parks")
        moderator = UserFactory(age=30)
        Membership.objects.create(organisation=organisation, user=moderator, role=Membership.Role.MODERATOR)
        contact = UserFactory(age=35, email="safe@example.org", language="ru")
        Membership.objects.create(organisation=organisation, user=contact, role="editor", is_safeguarding_contact=True)
        comment = comment_create(
            author=GuardianConsentFactory(status="granted").minor, consultation=consultation,
            question_id=consultation.questions.get().pk, body="I do not feel safe at home",
        )  # fmt: skip
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            moderation.concern_escalate(moderator=moderator, comment_id=comment.pk, note="please call")
        (message,) = mail.outbox
        assert message.to == ["safe@example.org"]
        assert message.subject == in_russian("Safeguarding concern in “%(title)s”") % {"title": "Safer parks"}
        assert in_russian("The author is under 18.") in message.body
        assert link_paths(message.body) == [f"/ru/moderation/?comment={comment.pk}"]


class TestResponse:
    @pytest.fixture
    def response(self):
        consultation = ConsultationPageFactory(title="Safer parks")
        return Response(consultation=consultation, published_at=timezone.now())

    def test_each_language_gets_its_own_text(self, pseudo_russian, response, sent_from_french_page):
        mailer = ResponseMailer(response)
        subject, body = mailer.render("ru")
        assert subject.startswith(in_russian("You said, we did: the response to"))
        assert in_russian("Read the response:") in body
        assert mailer.render("en")[0].startswith("You said, we did")

    def test_the_link_opens_the_consultations_translation_when_there_is_one(self, response):
        assert link_paths(ResponseMailer(response).render("ru")[1]) == [response.consultation.url + "#response"]
        russian = Locale.objects.get_or_create(language_code="ru")[0]
        translation_ru = response.consultation.copy_for_translation(russian, copy_parents=True)
        translation_ru.save_revision().publish()
        (path,) = link_paths(ResponseMailer(response).render("ru")[1])
        assert path.startswith("/ru/") and path.endswith("#response")


class TestAccountMails:
    """allauth's mails: its own texts, in the recipient's language, with links under its prefix."""

    def test_the_address_confirmation_follows_the_language_chosen_at_sign_up(self, client):
        birth = timezone.localdate() - timedelta(days=365 * 25)
        client.post(
            "/fr/accounts/signup/",
            {"email": "sam.river@example.org", "display_name": "Calm Comet", "birth_day": birth.day,
             "birth_month": birth.month, "birth_year": birth.year, "country": "KZ", "language": "kk",
             "password1": "a-long-and-unusual-passphrase", "password2": "a-long-and-unusual-passphrase"},
        )  # fmt: skip
        (message,) = mail.outbox
        (path,) = link_paths(message.body)
        assert path.startswith("/kk/accounts/confirm-email/")

    def test_the_password_reset_link_opens_in_the_account_language(self, client):
        UserFactory(email="reader@example.org", language="mk")
        client.post("/en/accounts/password/reset/", {"email": "reader@example.org"})
        (message,) = mail.outbox
        (path,) = [path for path in link_paths(message.body) if "/password/reset/key/" in path]
        assert path.startswith("/mk/accounts/password/reset/key/")
