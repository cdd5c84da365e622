"""Comments carry the language they are written in: a default, a choice, a refusal of anything not
offered (over HTTP and the socket), the ``lang`` attribute and label, and the filter by language."""

import re

import pytest
from channels.db import database_sync_to_async
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.models import Comment, ConsultationEvent
from consultations.moderation.selectors import QueueFilters, queue_page
from consultations.pages import ModerationMode
from consultations.services import comment_create
from tests.consultations.translating import LANGUAGES, four_languages  # noqa: F401 (the "languages" fixture)
from tests.factories import ConsultationPageFactory, UserFactory
from tests.ws import open_socket
from youthvoice.errors import ServiceError

pytestmark = pytest.mark.django_db

REFUSAL = "Choose the language of your comment from the list offered."


def _post(client, consultation, question, *, prefix="/en", **fields):
    data = {"question": question.pk, "body": "Street lights, please.", "key": "k1", **fields}
    return client.post(f"{prefix}/discussion/{consultation.pk}/comments/", data)


def _say(author, consultation, question, body, language, **kwargs):
    return comment_create(
        author=author, consultation=consultation, question_id=question.pk, body=body, language=language, **kwargs
    )


class TestWriting:
    def test_the_form_defaults_to_the_language_the_page_is_read_in(self, client, languages, consultation, adult):
        client.force_login(adult)
        html = client.get(f"/ky{consultation.url.removeprefix('/en')}").content.decode()
        select = re.search(r'<select id="language-\d+-0" name="language">(.*?)</select>', html, re.S)
        assert select, "the comment form has a language choice"
        assert re.findall(r'<option value="([^"]+)"', select.group(1)) == [code for code, _ in LANGUAGES]
        assert re.findall(r'<option value="([^"]+)" lang="[^"]+" selected>', select.group(1)) == ["ky"]
        assert re.search(r'<label for="language-\d+-0">', html)

    def test_a_post_without_a_choice_takes_the_interface_language(
        self, client, languages, consultation, question, adult
    ):
        client.force_login(adult)
        assert _post(client, consultation, question, prefix="/ky").status_code == 302
        assert Comment.objects.get().language == "ky"

    def test_the_author_may_choose_another_language(self, client, languages, consultation, question, adult):
        client.force_login(adult)
        assert _post(client, consultation, question, prefix="/ky", language="ru").status_code == 302
        assert Comment.objects.get().language == "ru"

    def test_a_language_not_offered_is_refused_and_the_text_kept(
        self, client, languages, consultation, question, adult
    ):
        client.force_login(adult)
        response = _post(client, consultation, question, language="tlh", body="Keep every word of this")
        html = response.content.decode()
        assert response.status_code == 400
        assert REFUSAL in html
        assert 'data-error="bad_language"' in html
        assert "Keep every word of this</textarea>" in html
        assert not Comment.objects.exists()

    def test_the_service_defaults_to_the_authors_preferred_language(self, languages, consultation, question):
        author = UserFactory(language="fr")
        assert _say(author, consultation, question, "Bonjour", "").language == "fr"
        with pytest.raises(ServiceError) as refused:
            _say(author, consultation, question, "Hi", "xx")
        assert (refused.value.code, refused.value.message) == ("bad_language", REFUSAL)

    def test_live_events_carry_the_language(self, languages, post_moderated, question, adult):
        _say(adult, post_moderated, question, "Салам", "ky")
        assert ConsultationEvent.objects.get().payload["comment"]["language"] == "ky"


class TestShowing:
    def test_each_body_says_its_language_and_a_label_marks_other_languages(
        self, client, languages, post_moderated, question, adult, other
    ):
        same = _say(adult, post_moderated, question, "Lights", "en")
        foreign = _say(other, post_moderated, question, "Фонари", "ru")
        html = client.get(post_moderated.url).content.decode()
        assert f'<div class="comment__body" lang="en">{same.body}</div>' in html
        assert f'<div class="comment__body" lang="ru">{foreign.body}</div>' in html
        labels = re.findall(r'<span class="comment__language">.*?</span>([^<]+)</span>', html)
        assert labels == ["Russian"]  # only the comment in another language than the page's


class TestFilter:
    @pytest.fixture
    def mixed(self, languages, post_moderated, question, adult, other):
        kyrgyz = _say(adult, post_moderated, question, "Кыргызча пикир", "ky")
        russian = _say(other, post_moderated, question, "Русский комментарий", "ru")
        reply = _say(other, post_moderated, question, "Ответ по-русски", "ru", parent_id=kyrgyz.pk)
        return kyrgyz, russian, reply

    def test_lang_keeps_top_level_comments_in_that_language_with_their_whole_threads(
        self, client, post_moderated, question, mixed
    ):
        kyrgyz, _russian, reply = mixed
        html = client.get(f"{post_moderated.url}?question={question.pk}&lang=ky").content.decode()
        shown = set(map(int, re.findall(r'data-comment="(\d+)"', html)))
        assert shown == {kyrgyz.pk, reply.pk}
        assert 'data-language="ky"' in html  # live comments in other languages stay out too
        assert "order=agreed&amp;lang=ky#discussion" in html  # sorting keeps the filter

    def test_the_filter_is_a_plain_form_and_anything_else_shows_everything(
        self, client, post_moderated, question, mixed
    ):
        html = client.get(post_moderated.url).content.decode()
        form = re.search(r'<form method="get" action="#discussion" class="language-filter">(.*?)</form>', html, re.S)
        assert form and '<select id="language-filter" name="lang">' in form.group(1)
        assert '<button type="submit"' in form.group(1)
        assert '<label for="language-filter">' in form.group(1)
        everything = set(re.findall(r'data-comment="(\d+)"', html))
        assert len(everything) == 3
        odd = client.get(f"{post_moderated.url}?lang=tlh").content.decode()
        assert set(re.findall(r'data-comment="(\d+)"', odd)) == everything
        assert 'data-language=""' in odd

    def test_an_empty_language_says_so(self, client, post_moderated, question, mixed):
        html = client.get(f"{post_moderated.url}?lang=fr").content.decode()
        assert "No comments in this language yet." in html

    @pytest.mark.parametrize(("who", "budget"), [("anonymous", 10), ("participant", 12)])
    def test_filtering_keeps_the_page_budget(self, client, languages, post_moderated, question, adult, who, budget):
        if who == "participant":
            client.force_login(UserFactory())
        url = f"{post_moderated.url}?question={question.pk}&lang=ru"

        def count() -> int:
            client.get(url)  # warm Wagtail's per-site caches
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            return len(queries)

        counts = []
        for total in (10, 60):
            made = Comment.objects.count()
            Comment.objects.bulk_create(
                [
                    Comment(
                        consultation=post_moderated,
                        question=question,
                        author=adult,
                        body="b",
                        language=("ru", "ky")[n % 2],
                    )
                    for n in range(total - made)
                ]
            )
            counts.append(count())
        assert counts[0] == counts[1] <= budget, counts

    def test_moderators_can_filter_the_queue_by_language(self, languages, consultation, question, approved_minor):
        kyrgyz = _say(approved_minor, consultation, question, "Кыргызча", "ky")
        _say(approved_minor, consultation, question, "Русский", "ru", client_key="second")
        page = queue_page(consultation_ids=[consultation.pk], filters=QueueFilters(language="ky"))
        assert [item.pk for item in page.items] == [kyrgyz.pk]


async def _socket_setup(settings):
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
    page = await database_sync_to_async(ConsultationPageFactory)(moderation_mode=ModerationMode.POST)
    question = await database_sync_to_async(lambda: page.questions.get())()
    author = await database_sync_to_async(UserFactory)(language="ru")
    socket, _ = await open_socket(page.id, author)
    return socket, question


async def _reply_to(socket, message):
    await socket.send_json_to({"type": "comment.post", "question": message["question"], "body": "Салам", **message})
    while (answer := await socket.receive_json_from(timeout=3))["type"] not in ("ack", "error"):
        pass
    return answer


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_the_socket_takes_an_optional_language_and_refuses_others(settings):
    socket, question = await _socket_setup(settings)
    chosen = await _reply_to(socket, {"key": "a", "question": question.pk, "language": "ky"})
    default = await _reply_to(socket, {"key": "b", "question": question.pk})
    assert chosen["type"] == default["type"] == "ack"
    written_in = await database_sync_to_async(lambda: dict(Comment.objects.values_list("pk", "language")))()
    assert written_in == {chosen["comment"]: "ky", default["comment"]: "ru"}  # default: their preference
    for bad in ("tlh", 42):
        error = await _reply_to(socket, {"key": f"bad-{bad}", "question": question.pk, "language": bad})
        assert (error["type"], error["code"], error["message"]) == ("error", "bad_language", REFUSAL)
        assert error["key"] == f"bad-{bad}"
    # The socket stays open and usable after a refusal.
    assert (await _reply_to(socket, {"key": "c", "question": question.pk, "language": "en"}))["type"] == "ack"
    await socket.disconnect()
