"""Reading, checking, extracting and faking gettext catalogues, for the i18n tests.

Standard library only, plus GNU gettext's ``msgfmt`` (which Django's ``compilemessages`` needs too).
The synthetic tests in this package run every check on small catalogues written to a temporary
directory, so the checks on the real ones cannot pass by checking nothing.
"""

from __future__ import annotations

import ast
import functools
import gettext
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import to_locale

ROOT = Path(__file__).resolve().parent.parent.parent
# What `make messages` leaves out of extraction (the Makefile passes the same --ignore flags).
IGNORED = (".venv", "bench", "tests", "staticfiles", "node_modules", "screenshots")
DOMAINS = ("django", "djangojs")
# Copied for extraction: the directories whose files hold translatable strings, and manage.py.
_SOURCES = ("youthvoice", "consultations", "templates", "static", "manage.py")
_MSGFMT = shutil.which("msgfmt") or "msgfmt"


# --- Reading .po files ------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    # msgstr, or msgstr[0], msgstr[1]... for a plural entry
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        """What identifies a message in code and catalogue alike."""
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file, header included. Obsolete (``#~``) entries are kept and marked."""
    entries: list[Entry] = []
    current = Entry()
    last: str | None = None  # the keyword that continuation lines ("...") extend
    started = False

    def finish() -> None:
        nonlocal current, started, last
        if started:
            entries.append(current)
        current, started, last = Entry(), False, None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):  # an obsolete entry's previous msgid (msgmerge --previous)
                continue
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if started and last is not None:  # a comment after the strings starts the next entry
                finish()
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        if line.startswith('"'):
            _extend(current, last, _unquote(line))
            continue
        match = _KEYWORD.match(line)
        if match is None:
            raise ValueError(f"line {number}: cannot read {raw!r}")
        keyword, index, quoted = match.groups()
        if keyword in ("msgctxt", "msgid") and last is not None and last.startswith("msgstr"):
            finish()  # no blank line between two entries
        if not started:
            current.line, started = number, True
        current.obsolete = current.obsolete or obsolete
        value = _unquote(quoted)
        if keyword == "msgctxt":
            current.msgctxt = value
        elif keyword == "msgid":
            current.msgid = value
        elif keyword == "msgid_plural":
            current.msgid_plural = value
        else:
            position = int(index) if index is not None else 0
            current.msgstrs.extend([""] * (position + 1 - len(current.msgstrs)))
            current.msgstrs[position] = value
            keyword = f"msgstr[{position}]"
        last = keyword
    finish()
    return entries


def _unquote(quoted: str) -> str:
    # A PO string is a C string literal; Python's literal syntax reads the escapes gettext uses.
    return ast.literal_eval(quoted)


def _extend(entry: Entry, keyword: str | None, value: str) -> None:
    if keyword == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + value
    elif keyword == "msgid":
        entry.msgid += value
    elif keyword == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + value
    elif keyword is not None and keyword.startswith("msgstr"):
        position = int(keyword[7:-1]) if "[" in keyword else 0
        entry.msgstrs[position] += value


def read_po(path: Path) -> list[Entry]:
    return parse_po(path.read_text(encoding="utf-8"))


def header_fields(entries: Iterable[Entry]) -> dict[str, str]:
    header = next((entry for entry in entries if entry.is_header and not entry.obsolete), None)
    if header is None or not header.msgstrs:
        return {}
    pairs = (line.split(":", 1) for line in header.msgstrs[0].splitlines() if ":" in line)
    return {name.strip(): value.strip() for name, value in pairs}


def plural_count(entries: Iterable[Entry]) -> int | None:
    match = re.search(r"nplurals\s*=\s*(\d+)", header_fields(entries).get("Plural-Forms", ""))
    return int(match.group(1)) if match else None


def messages(entries: Iterable[Entry]) -> list[Entry]:
    """The translatable entries: neither the header nor obsolete."""
    return [entry for entry in entries if not entry.is_header and not entry.obsolete]


# --- The checks -------------------------------------------------------------------------------


def catalogue_path(language: str, domain: str, *, locale_dir: Path | None = None) -> Path:
    base = locale_dir or Path(settings.LOCALE_PATHS[0])
    return base / to_locale(language) / "LC_MESSAGES" / f"{domain}.po"


def completeness_problems(path: Path) -> list[str]:
    """Why the catalogue is not ready to ship: an empty translation (in any plural form), a wrong
    number of plural forms, or a ``fuzzy`` flag (on the header too: msgfmt would drop fuzzy entries)."""
    entries = read_po(path)
    problems = []
    header = next((entry for entry in entries if entry.is_header and not entry.obsolete), None)
    if header is None:
        problems.append(f"{path.name}: no header")
    elif "fuzzy" in header.flags:
        problems.append(f"{path.name}:{header.line}: the header is marked fuzzy")
    forms = plural_count(entries)
    for entry in messages(entries):
        where = f"{path.name}:{entry.line} {entry.msgid[:60]!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where}: marked fuzzy")
        if not entry.msgstrs or any(not text for text in entry.msgstrs):
            problems.append(f"{where}: not translated")
        if entry.msgid_plural is not None and forms is not None and len(entry.msgstrs) != forms:
            problems.append(f"{where}: {len(entry.msgstrs)} plural forms, the header says {forms}")
    return problems


def msgfmt(po: Path, mo: Path) -> subprocess.CompletedProcess[str]:
    """``msgfmt --check``: formats (%(name)s kept), header and plural forms, then the .mo."""
    return subprocess.run(  # noqa: S603 - GNU msgfmt on our own files
        [_MSGFMT, "--check", "-o", str(mo), str(po)], capture_output=True, text=True, check=False
    )


def _mo_messages(mo: Path) -> dict[object, str]:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


def compiled_is_current(po: Path, mo: Path) -> bool:
    """Whether ``mo`` holds exactly what msgfmt makes of ``po`` now. Compared message by message
    (header included) rather than byte by byte, which differs between gettext versions."""
    if not mo.exists():
        return False
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "fresh.mo"
        result = msgfmt(po, fresh)
        if result.returncode != 0:
            raise AssertionError(f"msgfmt failed on {po}:\n{result.stderr}")
        return _mo_messages(fresh) == _mo_messages(mo)


# --- Extracting what the code asks for ------------------------------------------------------


@functools.cache
def extracted_keys(domain: str) -> frozenset[tuple[str | None, str, str | None]]:
    """The messages of ``domain`` in the code as it is now (cached: extraction takes seconds)."""
    with tempfile.TemporaryDirectory(prefix="youthvoice-messages-") as scratch:
        return frozenset(entry.key for entry in messages(read_po(extract(domain, into=Path(scratch)))))


def extract(domain: str, *, into: Path, extra_files: Mapping[str, str] | None = None) -> Path:
    """Runs ``makemessages`` for ``domain`` on a copy of the sources made in ``into`` (a temporary
    directory) and returns the .po it made. The copy, with ``extra_files`` added, is what makemessages
    reads and writes: it never touches locale/, where translators work."""
    copy = into / "project"
    for name in _SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", *IGNORED))
        else:
            copy.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    for relative, text in (extra_files or {}).items():
        (copy / relative).parent.mkdir(parents=True, exist_ok=True)
        (copy / relative).write_text(text, encoding="utf-8")
    # The copy's own settings put LOCALE_PATHS inside the copy; "en" stands for any language.
    command = [sys.executable, "manage.py", "makemessages", "--locale", "en", "--domain", domain]
    command += [f"--ignore={name}" for name in IGNORED]
    result = subprocess.run(command, cwd=copy, capture_output=True, text=True, check=False)  # noqa: S603
    po = copy / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
    if result.returncode != 0 or not po.exists():
        raise AssertionError(f"makemessages failed:\n{result.stdout}\n{result.stderr}")
    return po


def missing_keys(expected: Iterable[tuple[str | None, str, str | None]], po: Path) -> list[str]:
    """Messages the code uses that the catalogue at ``po`` lacks (an obsolete entry does not count)."""
    present = {entry.key for entry in messages(read_po(po))}
    return sorted(_describe(key) for key in set(expected) - present)


def _describe(key: tuple[str | None, str, str | None]) -> str:
    context, msgid, plural = key
    return (f"[{context}] " if context else "") + repr(msgid) + (f" / {plural!r}" if plural else "")


# --- Writing catalogues (for tests) ---------------------------------------------------------


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def write_po(
    path: Path, entries: Iterable[Entry], *, plural_forms: str = "nplurals=2; plural=(n != 1);", header_flags: str = ""
) -> Path:
    """A catalogue with a complete header; ``entries`` may include fuzzy or untranslated ones."""
    header = {
        "Project-Id-Version": "YouthVoice tests",
        "PO-Revision-Date": "2026-01-01 00:00+0000",
        "Last-Translator": "Tests <tests@example.org>",
        "Language-Team": "Tests <tests@example.org>",
        "Language": path.parent.parent.name,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms,
    }
    lines = [f"#, {header_flags}"] if header_flags else []
    lines += ['msgid ""', 'msgstr ""', *(_quote(f"{name}: {value}\n") for name, value in header.items()), ""]
    for entry in entries:
        if entry.flags:
            lines.append("#, " + ", ".join(sorted(entry.flags)))
        prefix = "#~ " if entry.obsolete else ""
        if entry.msgctxt is not None:
            lines.append(f"{prefix}msgctxt {_quote(entry.msgctxt)}")
        lines.append(f"{prefix}msgid {_quote(entry.msgid)}")
        if entry.msgid_plural is not None:
            lines.append(f"{prefix}msgid_plural {_quote(entry.msgid_plural)}")
            lines += [f"{prefix}msgstr[{n}] {_quote(text)}" for n, text in enumerate(entry.msgstrs)]
        else:
            lines.append(f"{prefix}msgstr {_quote(entry.msgstrs[0] if entry.msgstrs else '')}")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def compile_po(po: Path) -> Path:
    mo = po.with_suffix(".mo")
    result = msgfmt(po, mo)
    if result.returncode != 0:
        raise AssertionError(f"msgfmt failed on {po}:\n{result.stderr}")
    return mo


# Placeholders, tags and entities stay as they are in a fake translation; only words change.
_UNTOUCHABLE = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-z]|%[-#0 +]*\d*[sdifr%]|\{[^{}]*\}|<[^<>]+>|&[#\w]+;")
_PSEUDO = str.maketrans("AaCcDdEeGgIiLlNnOoRrSsTtUuYyZz", "ÅåÇçÐðÉéĜĝÎîĻļÑñÖöŘřŠšŢţÛûÝýŽž")


def pseudo_translate(text: str) -> str:
    """English with accented letters ("Log in" → "Ļöĝ îñ"): every word differs from the msgid, every
    placeholder survives, and it stays readable when a test fails."""
    pieces, last = [], 0
    for match in _UNTOUCHABLE.finditer(text):
        pieces += [text[last : match.start()].translate(_PSEUDO), match.group()]
        last = match.end()
    pieces.append(text[last:].translate(_PSEUDO))
    return "".join(pieces)


def write_pseudo_catalogue(
    locale_dir: Path,
    language: str,
    keys: Iterable[tuple[str | None, str, str | None]],
    *,
    domain: str = "django",
    leave_out: Iterable[str] = (),
) -> Path:
    """A complete fake catalogue for ``language`` (compiled), except for the msgids in ``leave_out``."""
    skipped = set(leave_out)
    entries = [
        Entry(
            msgctxt=context,
            msgid=msgid,
            msgid_plural=plural,
            msgstrs=[pseudo_translate(text) for text in (msgid, plural) if text is not None],
        )
        for context, msgid, plural in keys
        if msgid and msgid not in skipped
    ]
    return compile_po(write_po(catalogue_path(language, domain, locale_dir=locale_dir), entries))
