"""Demo translations: the demo home page, consultation index and open consultation in Russian, made
the way editors make them — wagtail-localize translations with the translated strings imported — so
that ``/ru/`` serves a Russian tree, the Russian consultation shares the original's discussion, and
the other consultations are listed as not yet translated. Skipped when Russian is not a content
language; idempotent like the rest of ``seed_demo``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wagtail.coreutils import get_content_languages
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from consultations.locales import ensure_content_locales
from consultations.pages import ConsultationIndexPage, ConsultationPage

if TYPE_CHECKING:
    from consultations.demo import SeedReport

DEMO_LANGUAGE = "ru"
TRANSLATED_CONSULTATION = "safer-neighbourhoods"

# Source string → Russian. Strings not listed (slugs, the site name) stay as in the original.
RUSSIAN = {
    # Home page and index
    "Your voice on the decisions that shape your life": "Твой голос в решениях, которые определяют твою жизнь",
    "Read what is being decided, say what you think, and see what came of it.": (
        "Узнай, что решается, скажи, что думаешь, и посмотри, что из этого вышло."
    ),
    "Consultations": "Консультации",
    "What is being decided, and where your voice is needed.": "Что сейчас решается и где нужен твой голос.",
    # The open consultation
    "Safer neighbourhoods: what would make you feel safe?": (
        "Безопасные районы: что поможет тебе чувствовать себя в безопасности?"
    ),
    (
        "The city council is writing its community safety plan for the next four years. "
        "Tell them where and when you feel unsafe, and what would help."
    ): (
        "Городской совет пишет план общественной безопасности на следующие четыре года. "
        "Расскажи, где и когда тебе бывает небезопасно и что могло бы помочь."
    ),
    (
        "The city is making a plan to keep people safe. "
        "We want to know where you feel safe and where you do not. "
        "Your ideas will go to the people who make the plan."
    ): (
        "Город составляет план, чтобы людям было безопасно. "
        "Мы хотим знать, где ты чувствуешь себя в безопасности, а где нет. "
        "Твои идеи получат те, кто пишет план."
    ),
    (
        "The council's current plan was written without asking young people. This time the youth "
        "office will read every comment before the plan is drafted, and will publish an answer here "
        "saying what was taken up and what was not, and why."
    ): (
        "Нынешний план совета писали, не спросив молодёжь. На этот раз молодёжный отдел прочитает "
        "каждый комментарий, прежде чем начнёт писать план, и опубликует здесь ответ: что было учтено, "
        "что нет и почему."
    ),
    "What happens to your comments": "Что происходит с твоими комментариями",
    "Youth workers from Safer Streets moderate the discussion. Policymakers see summaries with no names in them.": (
        "Обсуждение модерируют молодёжные работники из Safer Streets. Те, кто принимает решения, видят сводки без имён."
    ),
    "Street lights on the way home from training would change everything for us.": (
        "Фонари по дороге домой с тренировки изменили бы для нас всё."
    ),
    "A participant in last year's workshop": "Участник прошлогоднего семинара",
    "Where in your neighbourhood do you feel safe, and why?": (
        "Где в твоём районе ты чувствуешь себя в безопасности и почему?"
    ),
    "Think of streets, parks, transport, online.": "Подумай об улицах, парках, транспорте, интернете.",
    "What one change would make you feel safer?": "Какое одно изменение помогло бы тебе чувствовать себя безопаснее?",
    "Who should young people be able to turn to when something feels wrong?": (
        "К кому молодые люди должны иметь возможность обратиться, когда что-то идёт не так?"
    ),
}


def seed_demo_translations(index: ConsultationIndexPage, report: SeedReport) -> None:
    """The home page and index first (a translation needs its parent translated), then the
    consultation; each published at once, as a translator would after translating."""
    if DEMO_LANGUAGE not in get_content_languages():
        return
    ensure_content_locales()
    locale = Locale.objects.get(language_code=DEMO_LANGUAGE)
    consultation = ConsultationPage.objects.child_of(index).filter(slug=TRANSLATED_CONSULTATION).first()
    for page in (index.get_parent(), index, consultation):
        if page is not None and not page.has_translation(locale):
            _translate(page.specific, locale)
            report.add(f"{DEMO_LANGUAGE} translation of {page.title}")


def _translate(page: Page, locale: Locale) -> None:
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    po = translation.export_po()
    for entry in po:
        entry.msgstr = RUSSIAN.get(entry.msgid, "")
    translation.import_po(po)
    # Saved as a draft and published here: wagtail-localize would publish after the seed's commit.
    translation.save_target(publish=False)
    page.get_translation(locale).get_latest_revision().publish(log_action=False)
