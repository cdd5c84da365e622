"""allauth's account pages and mails (password reset, address confirmation, logout...) in a language
allauth has no catalogue for: our own templates and form labels, so no English is left once our
catalogue is complete.

``test_no_english_is_left`` fails for ``sq`` and ``kk`` until translators finish and compile those
catalogues. The tests after it show that the check reads every page and mail (English, relabelled,
is found), and that it passes with a complete catalogue (every msgid of the code, pseudo-translated).
The English phrases looked for are those of our code as it is now and those of allauth's own
catalogue, so a label or text allauth would still bring in English is named too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import allauth
import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.core import mail
from django.test import Client
from django.utils.html import escape

from tests.factories import UserFactory, years_ago
from tests.i18n import catalogues, page_text

pytestmark = pytest.mark.django_db

LANGUAGES = ["sq", "kk"]
PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "a-long-and-unusual-passphrase"
ALLAUTH_ENGLISH = Path(allauth.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _signup_form(email: str, language: str) -> dict[str, str]:
    birth = years_ago(25)
    return {
        "email": email, "display_name": "Calm Comet", "birth_day": str(birth.day), "birth_month": str(birth.month),
        "birth_year": str(birth.year), "country": "KZ", "language": language,
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
    }  # fmt: skip


def _get(client: Client, url: str) -> str:
    response = client.get(url, follow=True)
    assert response.status_code == 200, (url, response.status_code, response.redirect_chain)
    return response.content.decode()


def render_pages(language: str) -> dict[str, str]:
    """Every allauth page our settings can reach, in ``language``, each as its visitor meets it."""
    prefix = f"/{language}/accounts"
    person = UserFactory(email="reader@example.org", language=language)
    anonymous = Client()
    pages = {
        "password_reset": _get(anonymous, f"{prefix}/password/reset/"),
        "password_reset_done": _get(anonymous, f"{prefix}/password/reset/done/"),
        "password_reset_from_key_invalid": _get(anonymous, f"{prefix}/password/reset/key/{person.pk}-nope/"),
        "password_reset_from_key_done": _get(anonymous, f"{prefix}/password/reset/key/done/"),
        "verification_sent": _get(anonymous, f"{prefix}/confirm-email/"),
        "email_confirm_invalid": _get(anonymous, f"{prefix}/confirm-email/not-a-key/"),
        "account_inactive": _get(anonymous, f"{prefix}/inactive/"),
    }
    uid, key = user_pk_to_url_str(person), default_token_generator.make_token(person)
    # allauth moves the key into the session and redirects to a keyless address: follow it.
    pages["password_reset_from_key"] = _get(Client(), f"{prefix}/password/reset/key/{uid}-{key}/")
    unverified = UserFactory(email="new@example.org", language=language, verified=False)
    confirmation = EmailConfirmationHMAC(EmailAddress.objects.get(user=unverified))
    pages["email_confirm"] = _get(Client(), f"{prefix}/confirm-email/{confirmation.key}/")
    signed_in = Client()
    signed_in.force_login(person)
    pages["password_change"] = _get(signed_in, f"{prefix}/password/change/")
    pages["reauthenticate"] = _get(signed_in, f"{prefix}/reauthenticate/")
    pages["email"] = _get(signed_in, f"{prefix}/email/")
    pages["logout"] = _get(signed_in, f"{prefix}/logout/")
    return pages


def send_mails(language: str) -> dict[str, str]:
    """Each mail these settings send, as ``<html lang>`` text (subject and body), in ``language``."""
    prefix = f"/{language}/accounts"
    client = Client()
    UserFactory(email="member@example.org", language=language)
    triggers = {
        "password_reset_key": lambda: client.post(f"{prefix}/password/reset/", {"email": "member@example.org"}),
        "unknown_account": lambda: client.post(f"{prefix}/password/reset/", {"email": "nobody@example.org"}),
        "email_confirmation_signup": lambda: Client().post(
            f"{prefix}/signup/", _signup_form("sam.river@example.org", language)
        ),
        "account_already_exists": lambda: Client().post(
            f"{prefix}/signup/", _signup_form("member@example.org", language)
        ),
    }
    mails = {}
    for name, trigger in triggers.items():
        mail.outbox.clear()
        response = trigger()
        assert response.status_code == 302, (name, response.status_code)
        (message,) = mail.outbox
        mails[name] = _as_page(language, message.subject, message.body)
    return mails


def _as_page(language: str, subject: str, body: str) -> str:
    return f'<html lang="{language}"><body><p>{escape(subject)}</p><pre>{escape(body)}</pre></body></html>'


def english_phrases(language: str, *, locale_dir: Path | None = None) -> list[page_text.Phrase]:
    """Our code's messages as they are now, and allauth's, minus what ``language`` keeps as is."""
    english = [
        catalogues.Entry(msgctxt=context, msgid=msgid, msgid_plural=plural)
        for context, msgid, plural in catalogues.extracted_keys("django")
    ]
    english += catalogues.read_po(ALLAUTH_ENGLISH)
    own = catalogues.catalogue_path(language, "django", locale_dir=locale_dir)
    return page_text.english_phrases(english, catalogues.read_po(own) if own.exists() else [])


def untranslated_in(documents: dict[str, str], phrases: Iterable[page_text.Phrase]) -> dict[str, list[str]]:
    phrases = list(phrases)
    found = {name: page_text.untranslated(html, phrases) for name, html in documents.items()}
    return {name: left for name, left in found.items() if left}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_is_left(language):
    documents = render_pages(language) | send_mails(language)
    problems = untranslated_in(documents, english_phrases(language))
    listed = "\n".join(f"  {name}: {phrases}" for name, phrases in problems.items())
    assert not problems, f"untranslated English on {language} account pages and mails (finish its catalogue):\n{listed}"


def test_english_passes_and_the_check_reads_everything():
    documents = render_pages("en") | send_mails("en")
    # Every English phrase (English's own catalogue keeps them all unchanged, so it would exclude
    # them all): text marked lang="en" is what spares the English pages.
    phrases = english_phrases("xx")
    assert untranslated_in(documents, phrases) == {}
    # Relabelled as another language, every page and mail shows English text the check finds.
    relabelled = {name: html.replace('lang="en"', 'lang="xx"') for name, html in documents.items()}
    assert set(untranslated_in(relabelled, phrases)) == set(documents)


def test_a_complete_catalogue_passes(settings, tmp_path):
    settings.LOCALE_PATHS = [tmp_path]
    catalogues.write_pseudo_catalogue(tmp_path, "sq", catalogues.extracted_keys("django"))
    documents = render_pages("sq") | send_mails("sq")
    assert catalogues.pseudo_translate("Choose a new password") in documents["password_reset_from_key"]
    assert untranslated_in(documents, english_phrases("sq", locale_dir=tmp_path)) == {}


# --- The pages still work ---------------------------------------------------------------------

RESET_LINK = re.compile(r"https?://testserver(/sq/accounts/password/reset/key/\S+/)")
CONFIRM_LINK = re.compile(r"https?://testserver(/sq/accounts/confirm-email/\S+/)")


def test_a_reset_request_sends_one_mail_and_the_link_sets_the_new_password(client):
    person = UserFactory(email="reader@example.org", language="sq")
    response = client.post("/sq/accounts/password/reset/", {"email": "reader@example.org"})
    assert response.status_code == 302 and response.url == "/sq/accounts/password/reset/done/"
    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    (link,) = RESET_LINK.findall(message.body)
    form_page = client.get(link, follow=True)
    html = form_page.content.decode()
    assert 'name="password1"' in html and 'name="password2"' in html and "csrfmiddlewaretoken" in html
    response = client.post(
        form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "action": ""}
    )
    assert response.status_code == 302 and response.url == "/sq/accounts/password/reset/key/done/"
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_mismatched_new_passwords_are_refused_next_to_the_field(client):
    person = UserFactory(email="reader@example.org")
    url = f"/en/accounts/password/reset/key/{user_pk_to_url_str(person)}-{default_token_generator.make_token(person)}/"
    action = client.get(url, follow=True).redirect_chain[-1][0]
    response = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_confirming_the_address_from_the_sign_up_mail_logs_the_person_in(client):
    client.post("/sq/accounts/signup/", _signup_form("sam.river@example.org", "sq"))
    (message,) = mail.outbox
    (url,) = CONFIRM_LINK.findall(message.body)
    assert f'action="{url}"' in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    address = EmailAddress.objects.get(email="sam.river@example.org")
    assert address.verified
    assert client.session["_auth_user_id"] == str(address.user_id)


def test_changing_the_password(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        "/en/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_logging_out_from_the_page(client):
    client.force_login(UserFactory())
    assert 'action="/en/accounts/logout/"' in client.get("/en/accounts/logout/").content.decode()
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_our_labels_replace_allauths(client):
    client.force_login(UserFactory())
    html = client.get("/en/accounts/password/change/").content.decode()
    assert "Current password" in html and "New password again" in html
    assert "Current Password" not in html and "placeholder=" not in html
    assert 'href="/en/accounts/password/reset/"' in html


def test_adding_an_email_address_from_the_page(client):
    person = UserFactory()
    client.force_login(person)
    html = client.get("/en/accounts/email/").content.decode()
    assert person.email in html and 'name="action_add"' in html and 'name="action_remove"' in html
    response = client.post("/en/accounts/email/", {"email": "second@example.org", "action_add": ""})
    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=person, email="second@example.org", verified=False).exists()
