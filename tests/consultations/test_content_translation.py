"""Consultations translated with wagtail-localize: what is translated and what stays synchronised,
one discussion shared by every translation, the index in the reader's language, and routing."""

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Locale
from wagtail_localize.fields import SynchronizedField, get_translatable_fields
from wagtail_localize.operations import TranslationCreator

from consultations.digests.management.commands.digests_due import due_digests
from consultations.digests.models import Subscription
from consultations.locales import ensure_content_locales
from consultations.models import Comment, ConsultationEvent
from consultations.moderation.models import ModerationFigures
from consultations.moderation.scope import consultations_moderated_by
from consultations.pages import ConsultationPage, ModerationMode
from consultations.services import comment_create
from consultations.translations import language_name
from tests.consultations.translating import four_languages, translate, translate_tree  # noqa: F401 ("languages")
from tests.factories import ConsultationPageFactory, OrganisationFactory, UserFactory
from tests.ws import open_socket
from youthvoice.organisations.models import Membership

pytestmark = pytest.mark.django_db

KY_TEXT = {
    "Safer parks": "Коопсуз парктар",
    "What would make your neighbourhood feel safer?": "Коңшулаш аймагыңды эмне коопсуз кылат?",
    "Where do you feel safe?": "Кайда өзүңдү коопсуз сезесиң?",
    "What would help?": "Эмне жардам берет?",
}


def _in(language: str, message: str, **values: str) -> str:
    """``message`` as a reader of ``language`` sees it (once the translators' catalogues have it)."""
    with translation.override(language):
        return translation.gettext(message) % values


def _marker(reader: str, shown: str) -> str:
    """The index's note on an untranslated consultation, language names in the reader's language."""
    with translation.override(reader):
        names = {"wanted": language_name(reader), "shown": language_name(shown)}
    return _in(reader, "Not yet available in %(wanted)s; shown in %(shown)s.", **names)


@pytest.fixture
def original(consultation_index):
    co_host = OrganisationFactory()
    now = timezone.now().replace(microsecond=0)  # to the second, as the editor's form sets it
    page = ConsultationPageFactory(
        parent=consultation_index,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        title="Safer parks",
        slug="safer-parks",
        questions=["Where do you feel safe?", "What would help?"],
        moderation_mode=ModerationMode.POST,
        topic="belonging",
        min_age=13,
        max_age=25,
    )
    page.co_hosts = [co_host]
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


@pytest.fixture
def kyrgyz(languages, home_page, consultation_index, original):
    """The Kyrgyz tree (home page and index) and the consultation translated into Kyrgyz."""
    translate_tree(home_page, consultation_index, "ky")
    return translate(original, "ky", KY_TEXT)


def _questions(page):
    return list(page.questions.order_by("sort_order"))


class TestTranslating:
    def test_text_is_translated_and_what_decides_participation_is_synchronised(self, original, kyrgyz):
        assert kyrgyz.locale.language_code == "ky"
        assert kyrgyz.live
        assert (kyrgyz.title, kyrgyz.summary) == ("Коопсуз парктар", "Коңшулаш аймагыңды эмне коопсуз кылат?")
        for name in ("opens_at", "closes_at", "organisation_id", "topic", "moderation_mode", "min_age", "max_age"):
            assert getattr(kyrgyz, name) == getattr(original, name), name
        assert list(kyrgyz.co_hosts.all()) == list(original.co_hosts.all())
        # The questions are translated copies, tied to the originals by their translation key.
        assert [q.text for q in _questions(kyrgyz)] == ["Кайда өзүңдү коопсуз сезесиң?", "Эмне жардам берет?"]
        assert [q.translation_key for q in _questions(kyrgyz)] == [q.translation_key for q in _questions(original)]
        assert {q.locale.language_code for q in _questions(kyrgyz)} == {"ky"}

    def test_translators_cannot_override_dates_organisations_or_moderation(self):
        fields = {field.field_name: field for field in get_translatable_fields(ConsultationPage)}
        locked = ("opens_at", "closes_at", "min_age", "max_age", "topic", "organisation", "co_hosts", "moderation_mode")
        for name in locked:
            assert isinstance(fields[name], SynchronizedField), name
            assert not fields[name].is_overridable(ConsultationPage()), name
        for name in ("title", "summary", "easy_read_summary", "body", "questions"):
            assert fields[name].is_translated(ConsultationPage()), name

    def test_a_sync_carries_the_originals_new_dates_and_keeps_the_translated_text(self, original, kyrgyz):
        original.closes_at = original.closes_at + timedelta(days=7)
        original.moderation_mode = ModerationMode.PRE_ALL
        original.save_revision().publish()
        kyrgyz = translate(original, "ky")
        assert kyrgyz.closes_at == original.closes_at
        assert kyrgyz.moderation_mode == ModerationMode.PRE_ALL
        assert kyrgyz.title == "Коопсуз парктар"

    def test_a_new_translation_of_a_live_page_starts_as_a_draft(
        self, languages, home_page, consultation_index, original
    ):
        translate_tree(home_page, consultation_index, "ru")
        TranslationCreator(user=None, target_locales=[Locale.objects.get(language_code="ru")]).create_translations(
            original
        )
        russian = original.get_translation(Locale.objects.get(language_code="ru"))
        assert not russian.live

    def test_editors_translate_their_own_organisations_consultations_only(self, original, kyrgyz):
        def editor_of(organisation):
            user = UserFactory(age=29)
            Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.EDITOR)
            return type(user).objects.get(pk=user.pk)  # permission caches live on the instance

        own, other = editor_of(original.organisation), editor_of(OrganisationFactory())
        assert own.has_perm("wagtail_localize.submit_translation")
        assert kyrgyz.permissions_for_user(own).can_edit()
        assert not kyrgyz.permissions_for_user(other).can_edit()


class TestSharedDiscussion:
    def test_the_translation_shows_and_accepts_the_originals_discussion(self, client, original, kyrgyz):
        first = _questions(original)[0]
        comment_create(author=UserFactory(), consultation=original, question_id=first.pk, body="Lights at night")
        html = client.get(kyrgyz.url).content.decode()
        assert "Коопсуз парктар" in html
        assert "Lights at night" in html
        # Links, forms and the socket all name the original: one conversation for every language.
        assert f'data-ws-path="/ws/consultations/{original.pk}/"' in html
        assert f'data-question="{first.pk}"' in html
        assert f'href="?question={_questions(original)[1].pk}#discussion"' in html

    def test_a_comment_posted_on_the_translation_joins_the_original(self, client, original, kyrgyz):
        author = UserFactory()
        client.force_login(author)
        first = _questions(original)[0]
        response = client.post(
            f"/ky/discussion/{kyrgyz.pk}/comments/",
            {"question": first.pk, "body": "Жарык керек", "key": "k1", "page": kyrgyz.pk, "next": kyrgyz.url},
        )
        assert response.status_code == 302
        comment = Comment.objects.get()
        assert (comment.consultation_id, comment.question_id) == (original.pk, first.pk)
        assert ConsultationEvent.objects.get().consultation_id == original.pk
        assert "Жарык керек" in client.get(original.url).content.decode()

    def test_the_service_resolves_a_translation_to_its_original(self, original, kyrgyz):
        comment = comment_create(
            author=UserFactory(), consultation=kyrgyz, question_id=_questions(original)[1].pk, body="Same talk"
        )
        assert comment.consultation_id == original.pk
        assert ModerationFigures.objects.get().consultation_id == original.pk

    def test_an_error_comes_back_on_the_translation_with_the_text_kept(self, client, original, kyrgyz):
        client.force_login(UserFactory())
        text = "сөз " * 600
        response = client.post(
            f"/ky/discussion/{original.pk}/comments/",
            {"question": _questions(original)[0].pk, "body": text, "page": kyrgyz.pk},
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert "Коопсуз парктар" in html
        assert text.strip() in html

    def test_a_question_added_after_translating_shows_in_the_originals_words(self, client, original, kyrgyz):
        from consultations.pages import ConsultationQuestion

        added = ConsultationQuestion.objects.create(
            page=original, text="Who should act?", sort_order=5, locale=original.locale
        )
        html = client.get(kyrgyz.url).content.decode()
        assert f'<h3 class="question__text" lang="en">{added.text}</h3>' in html

    def test_the_translation_follows_the_originals_dates_and_moderation_before_its_next_sync(
        self, client, original, kyrgyz
    ):
        original.closes_at = timezone.now() - timedelta(hours=1)
        original.moderation_mode = ModerationMode.PRE_ALL
        original.save_revision().publish()
        client.force_login(UserFactory())
        html = client.get(kyrgyz.url).content.decode()
        assert "participation-state--closed" in html
        assert "data-comment-form" not in html
        assert _in("ky", "Moderators check every comment before it appears.") in html

    def test_digests_and_moderation_count_each_consultation_once(self, original, kyrgyz):
        Subscription.objects.create(user=UserFactory(), organisation=original.organisation)
        ConsultationPage.objects.filter(pk__in=[original.pk, kyrgyz.pk]).update(
            opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=1)
        )
        assert [page.pk for page, _, _ in due_digests(timezone.now())] == [original.pk]
        assert list(consultations_moderated_by([original.organisation_id])) == [original]

    @pytest.mark.parametrize("signed_in", [False, True])
    def test_the_translation_costs_what_the_original_costs_plus_wagtails_locale_root(
        self, client, original, kyrgyz, signed_in
    ):
        """Resolving the original adds no query (it comes with the routed page). Wagtail itself
        looks up the site root's translation for a page outside the default language: one query."""
        if signed_in:
            client.force_login(UserFactory())
        first = _questions(original)[0]
        author = UserFactory()

        def count(page) -> int:
            client.get(page.url)  # warm Wagtail's per-site caches
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page.url).status_code == 200
            return len(queries)

        counts = []
        for total in (5, 40):
            Comment.objects.bulk_create(
                [
                    Comment(consultation=original, question=first, author=author, body=f"c{n}")
                    for n in range(total - Comment.objects.count())
                ]
            )
            counts.append((count(original), count(kyrgyz)))
        assert counts[0] == counts[1], counts
        english, translated = counts[0]
        assert translated == english + 1, counts


class TestIndex:
    def test_each_consultation_once_in_the_readers_language_and_the_rest_marked(
        self, client, consultation_index, original, kyrgyz
    ):
        untranslated = ConsultationPageFactory(parent=consultation_index, title="Bus routes at night")
        ky_index = consultation_index.get_translation(Locale.objects.get(language_code="ky"))
        html = client.get(ky_index.url).content.decode()
        assert ky_index.url.startswith("/ky/")
        assert "Коопсуз парктар" in html
        assert "Safer parks" not in html
        assert f'href="{kyrgyz.url}"' in html
        assert f'<h3 class="card__title" id="consultation-{untranslated.pk}-title" lang="en">' in html
        assert f'<p class="card__summary" lang="en">{untranslated.summary}</p>' in html
        assert html.count(_marker("ky", "en")) == 1

    def test_an_untranslated_consultation_is_served_under_the_readers_prefix(
        self, client, consultation_index, original, kyrgyz
    ):
        """Links in Kyrgyz (the switcher, hreflang) to a consultation with no Kyrgyz version yet show
        the original under the Kyrgyz interface instead of "not found"."""
        untranslated = ConsultationPageFactory(parent=consultation_index, title="Bus routes at night")
        response = client.get(untranslated.url.replace("/en/", "/ky/", 1))
        assert response.status_code == 200
        html = response.content.decode()
        assert '<html lang="ky"' in html and "Bus routes at night" in html
        assert client.get("/ky/consultations/no-such-consultation/").status_code == 404

    def test_the_original_language_reader_sees_no_marker(self, client, consultation_index, original, kyrgyz):
        html = client.get(consultation_index.url).content.decode()
        assert "Safer parks" in html
        assert "Коопсуз парктар" not in html
        assert "Not yet available" not in html

    def test_a_consultation_written_in_another_language_reaches_the_english_index(
        self, client, languages, home_page, consultation_index
    ):
        _, ky_index = translate_tree(home_page, consultation_index, "ky")
        ConsultationPageFactory(parent=ky_index, title="Жаштар үчүн мейкиндик", summary="Кыскача")
        html = client.get(consultation_index.url).content.decode()
        assert '<p class="card__summary" lang="ky">Кыскача</p>' in html
        assert _marker("en", "ky") in html

    def test_a_language_without_its_own_tree_shows_everything_marked(self, client, consultation_index, kyrgyz):
        # No French home page: /fr/ is served from the original tree, in the French interface.
        html = client.get(f"/fr{consultation_index.url.removeprefix('/en')}").content.decode()
        assert '<html lang="fr"' in html
        assert "Safer parks" in html
        assert _marker("fr", "en") in html

    def test_the_query_count_does_not_grow_with_consultations_or_translations(
        self, client, languages, home_page, consultation_index
    ):
        _, ky_index = translate_tree(home_page, consultation_index, "ky")

        def count() -> int:
            client.get(ky_index.url)  # warm Wagtail's per-site caches
            with CaptureQueriesContext(connection) as queries:
                assert client.get(ky_index.url).status_code == 200
            return len(queries)

        def add(n: int, offset: int) -> None:
            now = timezone.now()
            for i in range(n):
                page = ConsultationPageFactory(
                    parent=consultation_index,
                    opens_at=now + timedelta(days=i + offset - 10),
                    closes_at=now + timedelta(days=i + offset - 5),
                )
                if i % 2:
                    translate(page, "ky", {page.title: f"Кеңеш {offset + i}"})

        add(2, 0)
        few = count()
        add(10, 2)
        assert count() == few

    def test_the_home_page_lists_open_consultations_in_the_readers_language(self, client, home_page, kyrgyz):
        ky_home = home_page.get_translation(Locale.objects.get(language_code="ky"))
        html = client.get(ky_home.url).content.decode()
        assert ky_home.url == "/ky/"
        assert "Коопсуз парктар" in html
        assert "Safer parks" not in html


class TestRoutingAndLocales:
    def test_language_prefixes_serve_that_languages_tree(self, client, original, kyrgyz):
        assert kyrgyz.url.startswith("/ky/")
        html = client.get(kyrgyz.url).content.decode()
        assert '<html lang="ky"' in html
        assert "<h1>Коопсуз парктар</h1>" in html
        assert "<h1>Safer parks</h1>" in client.get(original.url).content.decode()

    def test_every_content_language_gets_a_locale_after_migrating(self, settings):
        settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES = [("en", "English"), ("kk", "Kazakh")]
        Locale.objects.filter(language_code="kk").delete()
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
        assert Locale.objects.filter(language_code="kk").exists()
        assert ensure_content_locales() == []  # nothing left to create


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_a_socket_opened_on_a_translation_joins_the_originals_stream(settings):
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("ky", "Kyrgyz")]

    def setup():
        ensure_content_locales()
        page = ConsultationPageFactory(moderation_mode=ModerationMode.POST)
        return page, translate(page, "ky"), page.questions.get(), UserFactory()

    original, kyrgyz, question, author = await database_sync_to_async(setup)()
    socket, hello = await open_socket(kyrgyz.pk, author)
    assert hello["consultation"] == original.pk
    await socket.send_json_to({"type": "comment.post", "key": "k", "question": question.pk, "body": "Салам"})
    while (message := await socket.receive_json_from(timeout=3))["type"] != "comment.created":
        pass
    assert message["consultation"] == original.pk
    await socket.disconnect()
