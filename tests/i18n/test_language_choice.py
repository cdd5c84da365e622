"""Which language a person sees, and how they change it: URL prefix, then a signed-in person's saved
preference, then the language cookie or Accept-Language, then English; the switcher on every page;
the language fields of sign-up and account settings."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils.functional import empty
from django.utils.translation import to_locale

from tests.accounts.conftest import links_in
from tests.factories import UserFactory, years_ago
from tests.i18n import page_text
from youthvoice.accounts import services
from youthvoice.accounts.models import User
from youthvoice.errors import ServiceError
from youthvoice.languages import language_links, supported_language, url_in_language

pytestmark = pytest.mark.django_db

CODES = [code for code, _name in settings.LANGUAGES]
PASSWORD = "correct-horse-battery"


def test_the_nine_interface_languages_are_offered_for_the_site_and_its_content():
    assert CODES == ["en", "fr", "ru", "sr-latn", "sq", "bs", "mk", "kk", "ky"]
    assert settings.WAGTAIL_CONTENT_LANGUAGES == settings.LANGUAGES
    assert settings.LANGUAGE_CODE == "en"
    # Each language's catalogue lives where Django looks for it (sr-latn → sr_Latn).
    assert {to_locale(code) for code in CODES} <= {path.name for path in (settings.BASE_DIR / "locale").iterdir()}
    # The longest code fits the user's language column.
    assert max(len(code) for code in CODES) <= User._meta.get_field("language").max_length


def test_codes_are_recognised_whatever_their_case():
    assert supported_language("sr-Latn") == "sr-latn"
    assert supported_language("KY") == "ky"
    assert supported_language("de") is None and supported_language("") is None


def _language_options(html: str) -> dict[str, dict[str, str]]:
    """The options of the page's language field, by value (the select named "language")."""
    reader = page_text.read_page(html)
    options, inside = {}, False
    for element in reader.elements:
        if element.tag == "select":
            inside = element.attributes.get("name") == "language"
        elif element.tag == "option" and inside:
            options[element.attributes["value"]] = element.attributes
    return options


class TestLanguageFields:
    @pytest.mark.parametrize("url", ["/en/accounts/signup/", "/en/accounts/me/"])
    def test_signup_and_settings_offer_every_language_in_its_own_name(self, client, url):
        if url == "/en/accounts/me/":
            client.force_login(UserFactory())
        html = client.get(url).content.decode()
        options = _language_options(html)
        assert list(options) == CODES
        assert all(option["lang"] == code for code, option in options.items())
        assert ">Русский</option>" in html and ">Srpski (latinica)</option>" in html and ">English</option>" in html

    def test_signup_preselects_the_language_of_the_page(self, client):
        options = _language_options(client.get("/sr-latn/accounts/signup/").content.decode())
        assert [code for code, option in options.items() if "selected" in option] == ["sr-latn"]

    def test_signup_stores_the_chosen_language(self, client):
        birth = years_ago(20)
        response = client.post(
            "/en/accounts/signup/",
            {"email": "sam.river@example.org", "display_name": "Calm Comet", "birth_day": birth.day,
             "birth_month": birth.month, "birth_year": birth.year, "country": "KZ", "language": "kk",
             "password1": "a-long-and-unusual-passphrase", "password2": "a-long-and-unusual-passphrase"},
        )  # fmt: skip
        assert response.status_code == 302
        assert User.objects.get(email="sam.river@example.org").language == "kk"

    def test_a_language_we_do_not_offer_is_refused(self, client):
        user = UserFactory(display_name="Calm Comet", language="fr")
        client.force_login(user)
        response = client.post("/en/accounts/me/", {"display_name": "Calm Comet", "language": "de"})
        assert response.status_code == 200 and "language" in response.context["form"].errors
        user.refresh_from_db()
        assert user.language == "fr"

    def test_changing_it_in_account_settings_shows_the_account_in_that_language(self, client):
        user = UserFactory(display_name="Calm Comet")
        client.force_login(user)
        response = client.post("/en/accounts/me/", {"display_name": "Calm Comet", "language": "ky"})
        assert response.status_code == 302 and response["Location"] == "/ky/accounts/me/"
        user.refresh_from_db()
        assert user.language == "ky"


class TestUrlWithoutPrefix:
    def test_the_browser_language_decides_for_someone_signed_out(self, client):
        assert client.get("/", headers={"accept-language": "fr-CH, fr;q=0.9, en;q=0.5"})["Location"] == "/fr/"
        assert client.get("/", headers={"accept-language": "de"})["Location"] == "/en/"
        assert client.get("/")["Location"] == "/en/"

    def test_the_language_cookie_beats_the_browser_language(self, client):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "mk"
        assert client.get("/", headers={"accept-language": "fr"})["Location"] == "/mk/"

    def test_a_signed_in_persons_preference_beats_cookie_and_browser(self, client):
        client.force_login(UserFactory(language="kk"))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "mk"
        assert client.get("/", headers={"accept-language": "fr"})["Location"] == "/kk/"
        assert client.get("/accounts/me/")["Location"] == "/kk/accounts/me/"

    def test_the_url_prefix_beats_everything(self, client):
        client.force_login(UserFactory(language="kk"))
        response = client.get("/fr/accounts/me/", headers={"accept-language": "ru"})
        assert response.status_code == 200
        (root,) = page_text.elements(response.content.decode(), tag="html")
        assert root["lang"] == "fr"

    def test_a_missing_file_does_not_load_the_person(self, client):
        """Browsers ask for /favicon.ico on every page: no redirect follows, so no user is loaded."""
        client.force_login(UserFactory(language="kk"))
        response = client.get("/favicon.ico")
        assert response.status_code == 404
        assert response.wsgi_request.user._wrapped is empty

    def test_a_preference_we_no_longer_offer_falls_back_to_the_browser(self, client):
        client.force_login(UserFactory(language="xx"))
        assert client.get("/", headers={"accept-language": "ru"})["Location"] == "/ru/"


class TestAfterLogin:
    def test_a_person_lands_in_their_language(self, client):
        UserFactory(email="reader@example.org", language="mk")
        response = client.post("/fr/accounts/login/", {"login": "reader@example.org", "password": PASSWORD})
        assert response.status_code == 302
        assert client.get(response["Location"])["Location"] == "/mk/"

    def test_the_page_they_came_from_opens_in_their_language(self, client):
        UserFactory(email="reader@example.org", language="ru")
        response = client.post(
            "/en/accounts/login/?next=/en/accounts/me/", {"login": "reader@example.org", "password": PASSWORD}
        )
        assert response["Location"] == "/ru/accounts/me/"

    def test_a_young_person_waiting_for_a_guardian_goes_to_that_step_in_their_language(self, client):
        UserFactory(email="teen@example.org", age=14, language="sq")
        response = client.post("/en/accounts/login/", {"login": "teen@example.org", "password": PASSWORD})
        assert response["Location"] == "/sq/accounts/me/guardian/"


class TestSwitcher:
    def test_every_page_offers_every_language_posting_to_set_language(self, client):
        html = client.get("/en/accounts/signup/?from=home").content.decode()
        forms = [form for form in page_text.elements(html, tag="form") if form.get("action") == "/i18n/setlang/"]
        assert len(forms) == len(CODES) - 1  # the current language is marked, not offered
        nexts = [field["value"] for field in page_text.elements(html, tag="input") if field.get("name") == "next"]
        buttons = [b for b in page_text.elements(html, tag="button") if b.get("name") == "language"]
        assert [(b["value"], b["lang"]) for b in buttons] == [(code, code) for code in CODES if code != "en"]
        assert nexts == [f"/{code}/accounts/signup/?from=home" for code in CODES if code != "en"]
        (current,) = [e for e in page_text.elements(html, having="aria-current") if e.get("lang")]
        assert current == {"class": "language-switcher__current", "lang": "en", "aria-current": "true"}

    def test_the_head_names_the_page_in_the_other_languages(self, client):
        html = client.get("/en/accounts/login/").content.decode()
        alternates = {
            link["hreflang"]: link["href"]
            for link in page_text.elements(html, tag="link")
            if link.get("rel") == "alternate"
        }
        assert alternates == {code: f"http://testserver/{code}/accounts/login/" for code in CODES if code != "en"}

    def test_names_are_in_their_own_language(self):
        names = {link.code: link.name for link in language_links(None)}
        assert names["ru"] == "Русский" and names["fr"] == "Français" and names["mk"] == "Македонски"

    def test_a_page_without_an_equivalent_offers_each_home_page(self):
        links = language_links(None)
        assert [link.url for link in links] == [f"/{code}/" for code in CODES]
        assert not any(link.is_translation for link in links)

    def test_switching_sets_the_cookie_and_opens_the_page_in_that_language(self, client):
        response = client.post("/i18n/setlang/", {"language": "bs", "next": "/bs/accounts/login/"})
        assert response["Location"] == "/bs/accounts/login/"
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "bs"
        assert client.get("/")["Location"] == "/bs/"

    def test_switching_when_signed_in_saves_the_preference(self, client):
        user = UserFactory(language="en")
        client.force_login(user)
        client.post("/i18n/setlang/", {"language": "sr-latn", "next": "/sr-latn/accounts/me/"})
        user.refresh_from_db()
        assert user.language == "sr-latn"
        client.cookies.clear()  # another browser, same account: the preference follows the person
        client.force_login(user)
        assert client.get("/", headers={"accept-language": "fr"})["Location"] == "/sr-latn/"

    def test_a_language_we_do_not_offer_changes_no_preference(self, client):
        user = UserFactory(language="fr")
        client.force_login(user)
        client.post("/i18n/setlang/", {"language": "de", "next": "/fr/"})
        user.refresh_from_db()
        assert user.language == "fr"

    def test_switching_needs_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        assert client.post("/i18n/setlang/", {"language": "ru", "next": "/ru/"}).status_code == 403


class TestPreferenceService:
    def test_saves_a_supported_language(self):
        user = UserFactory(language="en")
        assert services.user_language_set(user=user, language="sr-Latn") == "sr-latn"
        user.refresh_from_db()
        assert user.language == "sr-latn"

    def test_refuses_anything_else(self):
        user = UserFactory(language="en")
        with pytest.raises(ServiceError) as refused:
            services.user_language_set(user=user, language="de")
        assert refused.value.code == "unknown_language"
        user.refresh_from_db()
        assert user.language == "en"


class TestGuardianPages:
    """Guardians have no account and reach their pages by a tokenised link in the minor's language."""

    @pytest.fixture
    def decide_url(self, django_capture_on_commit_callbacks):
        minor = UserFactory(age=14, email="teen@example.org", language="ru")
        with django_capture_on_commit_callbacks(execute=True):
            services.guardian_consent_request(minor=minor, guardian_email="parent@example.net")
        token = links_in(mail.outbox[-1].body)["consent"]
        return f"/ru/guardian/consent/{token}/", token

    def test_the_switcher_links_to_the_same_tokenised_page_in_each_language(self, client, decide_url):
        url, token = decide_url
        html = client.get(url).content.decode()
        # Links, not set_language forms: these pages send no referrer, so a browser would post with
        # "Origin: null", which the CSRF check refuses.
        assert not [form for form in page_text.elements(html, tag="form") if form.get("action") == "/i18n/setlang/"]
        links = {a["hreflang"]: a["href"] for a in page_text.elements(html, tag="a") if "hreflang" in a}
        assert links == {code: f"/{code}/guardian/consent/{token}/" for code in CODES if code != "ru"}
        french = client.get(links["fr"])
        assert french.status_code == 200 and french["Referrer-Policy"] == "no-referrer"
        html = french.content.decode()
        assert page_text.elements(html, tag="html")[0]["lang"] == "fr"
        assert {"type": "submit", "name": "decision", "value": "approve", "class": "decision__button"} in (
            page_text.elements(html, tag="button")
        )


def test_urls_move_between_languages_whatever_language_is_active():
    assert url_in_language("http://testserver/en/accounts/me/?x=1", "ru") == "http://testserver/ru/accounts/me/?x=1"
    assert url_in_language("/kk/accounts/login/", "fr") == "/fr/accounts/login/"
    assert url_in_language("/healthz", "fr") == "/healthz"
