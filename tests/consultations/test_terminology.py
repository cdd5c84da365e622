"""Respectful terminology: listed security labels are found in every content language, ordinary words
are not, and the Wagtail editor warns (never blocks) when a consultation uses one."""

from __future__ import annotations

import pytest
from django.contrib.messages import constants, get_messages
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from consultations.pages import ConsultationPage
from consultations.terminology import check_consultation, find_sensitive_terms, summarise
from tests.factories import ConsultationIndexPageFactory, ConsultationPageFactory, UserFactory
from youthvoice.organisations.models import Membership


def _found(text: str, language: str) -> list[str]:
    return [use.found for use in find_sensitive_terms(text, language=language)]


# --- Matching ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Our P/CVE and CVE work", ["P/CVE", "CVE"]),
        ("en", "PVE programmes and PCVE", ["PVE", "PCVE"]),
        ("en", "Countering Violent  Extremism in schools", ["Violent  Extremism"]),
        ("en", "violent extremists and an extremist group", ["violent extremists", "extremist"]),
        ("en", "radicalisation, radicalized, deradicalization", ["radicalisation", "radicalized", "deradicalization"]),
        ("en", "counter-terrorism and terrorists", ["terrorism", "terrorists"]),
        ("fr", "prévenir l'extrémisme violent et la radicalisation", ["extrémisme violent", "radicalisation"]),
        ("fr", "les extrémismes violents, le terrorisme", ["extrémismes violents", "terrorisme"]),
        ("fr", "extremisme violent et deradicalisation, sans accents", ["extremisme violent", "deradicalisation"]),
        ("ru", "профилактика радикализации молодёжи", ["радикализации"]),
        ("ru", "против насильственного экстремизма и терроризма", ["насильственного экстремизма", "терроризма"]),
        ("ru", "ДЕРАДИКАЛИЗАЦИЯ и экстремистские группы", ["ДЕРАДИКАЛИЗАЦИЯ", "экстремистские"]),
        ("sr-latn", "prevencija nasilnog ekstremizma i radikalizacije", ["nasilnog ekstremizma", "radikalizacije"]),
        ("sr-latn", "terorizam i deradikalizacija", ["terorizam", "deradikalizacija"]),
        ("bs", "nasilni ekstremizam, teroristički napadi", ["nasilni ekstremizam", "teroristički"]),
        ("sq", "parandalimi i ekstremizmit të dhunshëm", ["ekstremizmit"]),
        ("sq", "ekstremizmi i dhunshëm dhe radikalizimi", ["ekstremizmi i dhunshëm", "radikalizimi"]),
        ("sq", "ekstremizem i dhunshem, terrorizmi", ["ekstremizem i dhunshem", "terrorizmi"]),
        ("sq", "deradikalizimi", ["deradikalizimi"]),
        ("mk", "насилен екстремизам и радикализација", ["насилен екстремизам", "радикализација"]),
        ("mk", "борба против тероризмот", ["тероризмот"]),
        ("kk", "зорлық-зомбылық экстремизмге қарсы, радикалдану", ["зорлық-зомбылық экстремизмге", "радикалдану"]),
        ("kk", "терроризм және экстремистік топтар", ["терроризм", "экстремистік"]),
        ("ky", "зордук–зомбулук экстремизми жана радикалдашуу", ["зордук–зомбулук экстремизми", "радикалдашуу"]),
        ("ky", "терроризмге каршы", ["терроризмге"]),
    ],
)  # fmt: skip
def test_listed_terms_are_found_in_their_common_forms(language, text, expected):
    assert _found(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The territory, terrible traffic and terrain near the terrace"),
        ("en", "Extremely hot summers, extreme weather and a radical change to bus routes"),
        ("en", "SCVEX, ACVE and CVEs are other words; so is discovered"),
        ("en", "Our community safety plan: belonging, youth opportunities, violence prevention"),
        ("fr", "Le territoire du quartier, une extrémité de la rue, un changement radical"),
        ("ru", "Экстремальный спорт на территории парка, радикальные перемены"),
        ("sr-latn", "Teritorija grada, ekstremni sportovi, ekstremitet i radikalna promena"),
        ("sq", "Është ekstremisht e rëndësishme të kemi territor të sigurt"),
        ("mk", "Територијата на градот и екстремните спортови"),
        ("kk", "Қала территориясы мен экстремалды спорт"),
        ("ky", "Шаардын территориясы жана экстремалдуу спорт"),
    ],
)
def test_ordinary_words_that_contain_the_letters_are_not_found(language, text):
    assert _found(text, language) == []


def test_a_use_says_where_it_is_and_what_to_consider():
    text = "Youth work and CVE: preventing violent extremism."
    uses = find_sensitive_terms(text, language="en")
    assert [(use.term, text[use.start : use.end]) for use in uses] == [
        ("CVE", "CVE"),
        ("violent extremis*", "violent extremism"),
    ]
    assert uses[1].alternatives == ("violence", "community safety", "violence prevention")
    assert uses[0].alternatives == ("community safety", "violence prevention")


def test_terms_for_every_language_apply_to_each_and_codes_fall_back_to_their_base_language():
    assert _found("Программа CVE", "ru") == ["CVE"]
    assert _found("Das P/CVE-Programm", "de") == ["P/CVE"]
    assert _found("Radicalisation again", "en-GB") == ["Radicalisation"]
    assert _found("Prevencija radikalizacije", "sr_Latn") == ["radikalizacije"]
    # Each language looks for its own words: the Russian stem means nothing on an English page.
    assert _found("радикализации", "en") == []


def test_the_list_is_configurable_per_language_and_changes_apply_at_once(settings):
    settings.YOUTHVOICE_SENSITIVE_TERMS = {
        "*": {},
        "de": {"gewalttätig* extremism*": ("Gewaltprävention",)},
        "en": {"securiti?ation": ()},
    }
    uses = find_sensitive_terms("Gegen gewalttätigen Extremismus", language="de")
    assert [(use.found, use.alternatives) for use in uses] == [("gewalttätigen Extremismus", ("Gewaltprävention",))]
    # Only a trailing "*" is special: anything else is matched as written, never as a pattern.
    assert _found("securitisation", "en") == []
    assert _found("securiti?ation", "en") == ["securiti?ation"]
    assert _found("CVE and violent extremism", "en") == []


# --- A consultation's public fields -----------------------------------------------------------
@pytest.mark.django_db
def test_every_public_field_is_checked_including_stream_blocks_and_questions(consultation_index):
    page = ConsultationPageFactory(
        parent=consultation_index,
        title="Safer streets",
        summary="Why we talk about community safety.",
        search_description="A CVE consultation",
        body=[
            {"type": "rich_text", "value": "<p>Some background.</p><p>Preventing</p><p>terrorism</p>"},
            {"type": "quote", "value": {"text": "Radicalisation starts online", "attribution": "A youth worker"}},
            {"type": "image", "value": {"image": 999_999, "alt_text": "", "caption": "extremists' posters"}},
            {"type": "embed", "value": "https://example.org/violent-extremism"},
        ],
        questions=["Where do you feel safe?", "What about violent extremism?"],
    )
    fresh = ConsultationPage.objects.select_related("locale").get(pk=page.pk)

    found = [(use.field, use.use.found) for use in check_consultation(fresh)]

    assert found == [
        ("Meta description", "CVE"),
        ("Background, block 1 (Text)", "terrorism"),
        ("Background, block 2 (Quote) › Quote", "Radicalisation"),
        ("Background, block 3 (Image) › Caption", "extremists"),
        ("Question 2", "violent extremism"),
    ]


@pytest.mark.django_db
def test_checking_a_saved_page_reads_only_its_questions(consultation_index, django_assert_num_queries):
    # The image block points at an image that does not exist: stored values are read, never looked up.
    page = ConsultationPageFactory(
        parent=consultation_index,
        body=[{"type": "image", "value": {"image": 999_999, "alt_text": "CVE", "caption": ""}}],
    )
    fresh = ConsultationPage.objects.select_related("locale").get(pk=page.pk)
    with django_assert_num_queries(1):
        assert [use.field for use in check_consultation(fresh)] == ["Background, block 1 (Image) › Alternative text"]


def test_uses_are_summarised_per_term_with_every_form_and_field():
    from consultations.terminology import FieldTermUse

    uses = [
        FieldTermUse(field=field, use=use)
        for field, text in [("Summary", "Extremism and extremists"), ("Question 1", "extremism?"), ("Title", "CVE")]
        for use in find_sensitive_terms(text, language="en")
    ]
    assert [(s.term, s.forms, s.fields) for s in summarise(uses)] == [
        ("extremis*", ("Extremism", "extremists"), ("Summary", "Question 1")),
        ("CVE", ("CVE",), ("Title",)),
    ]


# --- Through the Wagtail admin ------------------------------------------------------------------
@pytest.fixture
def editor(org_a, consultation_index):
    user = UserFactory(age=29)
    Membership.objects.create(organisation=org_a, user=user, role=Membership.Role.EDITOR)
    return user


def _consultation_form(organisation, *, slug, summary, question, action="action-publish", question_id=None):
    return nested_form_data(
        {
            "title": "Youth centres",
            "slug": slug,
            "summary": summary,
            "easy_read_summary": "",
            "body": streamfield([("rich_text", rich_text("<p>Where should the youth centre go?</p>"))]),
            "questions": inline_formset(
                [{"text": question, **({"id": question_id} if question_id else {})}], initial=int(bool(question_id))
            ),
            "opens_at": "2026-12-01 10:00",
            "closes_at": "2027-01-31 18:00",
            "min_age": 12,
            "max_age": 30,
            "topic": "community-safety",
            "moderation_mode": "pre-minors",
            "organisation": organisation.pk,
            action: action.removeprefix("action-"),
        }
    )


def _warnings(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request) if message.level == constants.WARNING]


def _add_url(index):
    return reverse("wagtailadmin_pages:add", args=["consultations", "consultationpage", index.pk])


NOTICE = "security labels that can stigmatise"


@pytest.mark.django_db
def test_publishing_a_summary_that_says_violent_extremism_warns_and_still_publishes(
    client, consultation_index, org_a, editor
):
    client.force_login(editor)
    response = client.post(
        _add_url(consultation_index),
        _consultation_form(
            org_a, slug="centres", summary="A plan against violent extremism.", question="Where should it go?"
        ),
    )

    assert response.status_code == 302
    page = ConsultationPage.objects.get(slug="centres")
    assert page.live and page.summary == "A plan against violent extremism."
    [warning] = _warnings(response)
    assert NOTICE in warning
    assert (
        "“violent extremism” in Summary: consider “violence”, “community safety” or “violence prevention”." in warning
    )
    # The editor sees it on the page Wagtail sends them to.
    landing = client.get(response["Location"])
    assert NOTICE in landing.content.decode()


@pytest.mark.django_db
def test_ordinary_text_publishes_without_a_warning(client, consultation_index, org_a, editor):
    client.force_login(editor)
    response = client.post(
        _add_url(consultation_index),
        _consultation_form(
            org_a,
            slug="centres",
            summary="Where should the new youth centre go? It is about community safety.",
            question="Which street feels safest?",
        ),
    )

    assert response.status_code == 302
    assert ConsultationPage.objects.get(slug="centres").live
    assert _warnings(response) == []
    assert NOTICE not in client.get(response["Location"]).content.decode()


@pytest.fixture
def page_a(consultation_index, org_a):
    return ConsultationPageFactory(parent=consultation_index, organisation=org_a, slug="parks", title="Safer parks")


@pytest.mark.django_db
def test_saving_a_draft_whose_question_uses_a_term_warns_and_the_editor_shows_it(client, page_a, org_a, editor):
    question = page_a.questions.get()
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page_a.pk])
    assert NOTICE not in client.get(edit_url).content.decode()

    response = client.post(
        edit_url,
        _consultation_form(
            org_a,
            slug="parks",
            summary="What would make the park feel safer?",
            question="How do we stop radicalisation in the park?",
            action="action-save",
            question_id=question.pk,
        ),
    )

    assert response.status_code == 302
    [warning] = _warnings(response)
    assert "“radicalisation” in Question 1: consider “being drawn into violence”" in warning
    page_a.refresh_from_db()
    draft = page_a.get_latest_revision_as_object()
    assert [q.text for q in draft.questions.all()] == ["How do we stop radicalisation in the park?"]
    assert page_a.questions.get().text == "Where do you feel safe?"  # a draft: the live page is unchanged

    # Opening the editor again shows the advice in the form itself (the latest draft is what is read).
    editor_page = client.get(edit_url).content.decode()
    assert "Words to reconsider" in editor_page
    assert "“radicalisation” in Question 1" in editor_page


@pytest.mark.django_db
def test_the_editor_panel_shows_terms_a_published_page_already_uses(client, page_a, editor):
    page_a.summary = "Our CVE programme in parks."
    page_a.save_revision().publish()
    client.force_login(editor)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[page_a.pk])).content.decode()

    assert "Words to reconsider" in html
    assert "“CVE” in Summary: consider “community safety” or “violence prevention”." in html


@pytest.mark.django_db
def test_an_autosave_queues_no_warning(client, page_a, org_a, editor):
    question = page_a.questions.get()
    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page_a.pk]),
        _consultation_form(
            org_a, slug="parks", summary="Against violent extremism.", question="Why?", action="action-save",
            question_id=question.pk,
        ),
        HTTP_ACCEPT="application/json",
    )  # fmt: skip

    assert response.status_code == 200 and response.json()["success"]
    assert _warnings(response) == []


@pytest.mark.django_db
def test_a_russian_consultation_is_checked_against_the_russian_list(client, home_page, org_a, admin_user):
    russian, _ = Locale.objects.get_or_create(language_code="ru")
    index = ConsultationIndexPageFactory(parent=home_page, locale=russian, title="Консультации", slug="ru-index")
    client.force_login(admin_user)

    response = client.post(
        _add_url(index),
        _consultation_form(
            org_a,
            slug="molodezh",
            summary="Профилактика радикализации молодёжи в нашем районе.",
            question="Что поможет вам чувствовать себя в безопасности?",
        ),
    )

    assert response.status_code == 302
    page = ConsultationPage.objects.get(slug="molodezh")
    assert page.live and page.locale == russian
    [warning] = _warnings(response)
    assert "“радикализации” in Summary: consider “вовлечение в насилие” or" in warning
    assert "“вербовка в насильственные группы”." in warning
