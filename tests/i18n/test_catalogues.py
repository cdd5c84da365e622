"""Every interface language ships a complete, compiled, current catalogue (docs/i18n.md).

The tests on the real catalogues fail while a translation is unfinished: that is their job. The
synthetic tests below them show that each check catches what it is for, on small catalogues written
to a temporary directory.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import to_locale

from tests.i18n import catalogues
from tests.i18n.catalogues import DOMAINS, Entry

LANGUAGES = [code for code, _name in settings.LANGUAGES]
ALL = [(language, domain) for language in LANGUAGES for domain in DOMAINS]


def _ids(value: tuple[str, str]) -> str:
    return "-".join(value)


@pytest.fixture(params=ALL, ids=_ids)
def catalogue(request: pytest.FixtureRequest) -> Path:
    language, domain = request.param
    return catalogues.catalogue_path(language, domain)


def _exists(path: Path) -> Path:
    assert path.exists(), f"{path} is missing: run `make messages` (docs/i18n.md)"
    return path


class TestTheCatalogues:
    def test_is_complete(self, catalogue: Path):
        problems = catalogues.completeness_problems(_exists(catalogue))
        assert not problems, f"{len(problems)} entries to finish in {catalogue}:\n" + "\n".join(problems[:40])

    def test_compiles_with_msgfmt_check(self, catalogue: Path, tmp_path: Path):
        result = catalogues.msgfmt(_exists(catalogue), tmp_path / "checked.mo")
        assert result.returncode == 0, result.stderr

    def test_compiled_catalogue_is_current(self, catalogue: Path):
        compiled = _exists(catalogue).with_suffix(".mo")
        assert compiled.exists(), f"{compiled} is missing: run `make messages` and commit it"
        assert catalogues.compiled_is_current(catalogue, compiled), f"{compiled} is older than its .po"

    def test_has_every_message_of_the_code(self, catalogue: Path):
        domain = catalogue.stem
        missing = catalogues.missing_keys(catalogues.extracted_keys(domain), _exists(catalogue))
        assert not missing, f"{len(missing)} messages of the code are not in {catalogue}:\n" + "\n".join(missing[:40])


def test_make_messages_extracts_as_the_tests_do():
    """`make messages` covers every language and both domains, ignoring what the extraction here ignores."""
    dry_run = subprocess.run(
        ["make", "--dry-run", "messages"],  # noqa: S607 - make from the PATH, as for `make test`
        cwd=catalogues.ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    commands = [line for line in dry_run.stdout.splitlines() if "manage.py" in line]
    extract = [command for command in commands if "makemessages" in command]
    assert {re.search(r"-d (\w+)", command).group(1) for command in extract} == set(DOMAINS)
    assert any("compilemessages" in command for command in commands)
    for command in commands:
        assert set(re.findall(r"--ignore=(\S+)", command)) >= set(catalogues.IGNORED), command
        assert set(re.findall(r"-l (\S+)", command)) == {to_locale(language) for language in LANGUAGES}, command


# --- The checks catch what they are for -------------------------------------------------------

RU_PLURALS = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"


def _complete() -> list[Entry]:
    return [
        Entry(msgid="Log in", msgstrs=["Войти"]),
        Entry(msgid="Agree", msgctxt="vote", msgstrs=["Согласен"]),
        Entry(msgid="%(count)s vote", msgid_plural="%(count)s votes", msgstrs=["%(count)s голос"] * 3),
        Entry(msgid="Gone from the code", msgstrs=[""], obsolete=True),
    ]


def _write(tmp_path: Path, entries: list[Entry], **kwargs: str) -> Path:
    path = tmp_path / "ru" / "LC_MESSAGES" / "django.po"
    return catalogues.write_po(path, entries, plural_forms=RU_PLURALS, **kwargs)


class TestTheChecks:
    def test_a_complete_catalogue_passes_every_check(self, tmp_path: Path):
        po = _write(tmp_path, _complete())
        assert catalogues.completeness_problems(po) == []
        assert catalogues.msgfmt(po, tmp_path / "x.mo").returncode == 0
        assert catalogues.compiled_is_current(po, catalogues.compile_po(po))
        keys = {(None, "Log in", None), ("vote", "Agree", None), (None, "%(count)s vote", "%(count)s votes")}
        assert catalogues.missing_keys(keys, po) == []

    def test_an_empty_translation_is_caught(self, tmp_path: Path):
        entries = _complete()
        entries[0].msgstrs = [""]
        (problem,) = catalogues.completeness_problems(_write(tmp_path, entries))
        assert problem.startswith("django.po:") and problem.endswith("'Log in': not translated")

    def test_an_empty_plural_form_is_caught(self, tmp_path: Path):
        entries = _complete()
        entries[2].msgstrs = ["%(count)s голос", "", "%(count)s голосов"]
        (problem,) = catalogues.completeness_problems(_write(tmp_path, entries))
        assert "'%(count)s vote': not translated" in problem

    def test_a_missing_plural_form_is_caught(self, tmp_path: Path):
        entries = _complete()
        entries[2].msgstrs = ["%(count)s голос", "%(count)s голоса"]
        (problem,) = catalogues.completeness_problems(_write(tmp_path, entries))
        assert problem.endswith("2 plural forms, the header says 3")

    def test_a_fuzzy_entry_is_caught(self, tmp_path: Path):
        entries = _complete()
        entries[1].flags = {"fuzzy", "python-format"}
        (problem,) = catalogues.completeness_problems(_write(tmp_path, entries))
        assert "'Agree': marked fuzzy" in problem

    def test_a_fuzzy_header_is_caught(self, tmp_path: Path):
        (problem,) = catalogues.completeness_problems(_write(tmp_path, _complete(), header_flags="fuzzy"))
        assert problem.endswith("the header is marked fuzzy")

    def test_msgfmt_check_refuses_a_broken_placeholder(self, tmp_path: Path):
        entries = [Entry(msgid="Hello %(name)s", msgstrs=["Привет %(nom)s"], flags={"python-format"})]
        result = catalogues.msgfmt(_write(tmp_path, entries), tmp_path / "x.mo")
        assert result.returncode != 0 and "name" in result.stderr

    def test_a_stale_compiled_catalogue_is_caught(self, tmp_path: Path):
        po = _write(tmp_path, _complete())
        compiled = catalogues.compile_po(po)
        entries = _complete()
        entries[0].msgstrs = ["Вход"]  # a translator improved the .po but did not recompile
        _write(tmp_path, entries)
        assert not catalogues.compiled_is_current(po, compiled)
        compiled.unlink()
        assert not catalogues.compiled_is_current(po, compiled)

    def test_a_message_missing_from_the_catalogue_is_caught(self, tmp_path: Path):
        po = _write(tmp_path, _complete())
        keys = {(None, "Log in", None), (None, "Gone from the code", None), ("menu", "Log in", None)}
        assert catalogues.missing_keys(keys, po) == ["'Gone from the code'", "[menu] 'Log in'"]


def test_a_new_string_in_the_code_is_extracted_and_reported_missing(tmp_path: Path):
    """The real extraction (a temporary copy of the sources through makemessages) sees a string added
    to Python, a template or a script, and the real catalogues do not have it yet."""
    new = {
        "consultations/i18n_probe.py": 'from django.utils.translation import gettext as _\n_("A probe sentence")\n',
        "templates/i18n_probe.html": '{% load i18n %}{% translate "A probe heading" context "probe" %}\n',
        "static/js/i18n-probe.js": 'const probe = ngettext("%s probe item", "%s probe items", 2);\n',
    }
    django_po = catalogues.extract("django", extra_files=new, into=tmp_path / "django")
    js_po = catalogues.extract("djangojs", extra_files=new, into=tmp_path / "djangojs")
    django_keys = {entry.key for entry in catalogues.messages(catalogues.read_po(django_po))}
    js_keys = {entry.key for entry in catalogues.messages(catalogues.read_po(js_po))}
    assert {(None, "A probe sentence", None), ("probe", "A probe heading", None)} <= django_keys
    assert (None, "%s probe item", "%s probe items") in js_keys
    # Reported missing from every real catalogue (which also shows the copy, not locale/, was written).
    for language in LANGUAGES:
        real = catalogues.catalogue_path(language, "django")
        assert "'A probe sentence'" in catalogues.missing_keys(django_keys, real)
