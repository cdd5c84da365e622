"""Malformed files import nothing and say which file and line is wrong."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from consultations.models import Comment, Vote
from consultations.polis import importer
from consultations.polis.importer import polis_import
from consultations.polis.models import ImportedConversation
from consultations.polis.reader import PolisFormatError
from youthvoice.accounts.models import User

pytestmark = pytest.mark.django_db


def _copy(source: Path, target: Path, **replacements: str) -> Path:
    """The conversation with some files' text replaced (the shared files are read-only)."""
    target.mkdir()
    for name in ("comments.csv", "votes.csv", "summary.csv"):
        (target / name).write_text(replacements.get(name.replace(".csv", ""), (source / name).read_text()))
    return target


def _edit_row(path: Path, line: int, **values: str) -> str:
    """The file's text with columns of the record on ``line`` changed (single-line records only)."""
    lines = path.read_text().split("\n")
    header = lines[0].split(",")
    row = next(csv.reader([lines[line - 1]]))
    for column, value in values.items():
        row[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    lines[line - 1] = out.getvalue()
    return "\n".join(lines)


def _without_column(path: Path, column: str) -> str:
    with path.open(newline="") as handle:
        rows = list(csv.reader(handle))
    position = rows[0].index(column)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([row[:position] + row[position + 1 :] for row in rows])
    return out.getvalue()


@pytest.fixture
def nothing_imported():
    users = User.objects.count()
    yield
    assert not Comment.objects.exists() and not Vote.objects.exists()
    assert not ImportedConversation.objects.exists()
    assert User.objects.count() == users


def _refused(directory: Path, question) -> PolisFormatError:
    with pytest.raises(PolisFormatError) as caught:
        polis_import(directory=directory, question=question)
    return caught.value


def test_a_missing_column(seattle, tmp_path, question, nothing_imported):
    directory = _copy(seattle, tmp_path / "x", comments=_without_column(seattle / "comments.csv", "moderated"))
    error = _refused(directory, question)
    assert (error.file_name, error.line) == ("comments.csv", 1)
    assert error.message == 'comments.csv, line 1: the column "moderated" is missing.'


def test_a_bad_vote_value(seattle, tmp_path, question, nothing_imported):
    directory = _copy(seattle, tmp_path / "x", votes=_edit_row(seattle / "votes.csv", 5, vote="2"))
    error = _refused(directory, question)
    assert error.message == 'votes.csv, line 5: "vote" must be 1 (agree), -1 (disagree) or 0 (pass), not "2".'


def test_a_vote_for_an_unknown_comment(seattle, tmp_path, question, nothing_imported):
    directory = _copy(seattle, tmp_path / "x", votes=_edit_row(seattle / "votes.csv", 2000, **{"comment-id": "999"}))
    error = _refused(directory, question)
    assert error.message == "votes.csv, line 2000: comment 999 is not in comments.csv."


def test_the_line_counts_comments_spanning_several_lines(seattle, tmp_path, question, nothing_imported):
    path = seattle / "comments.csv"
    last_line = path.read_text().rstrip("\n").count("\n") + 1  # 70 lines for 54 comments
    assert last_line > 55
    directory = _copy(seattle, tmp_path / "x", comments=_edit_row(path, last_line, moderated="7"))
    error = _refused(directory, question)
    assert error.message == f'comments.csv, line {last_line}: "moderated" must be 1, 0 or -1, not "7".'


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        ({"timestamp": "yesterday"}, '"timestamp" must be a whole number of 0 or more, not "yesterday".'),
        ({"voter-id": "-3"}, '"voter-id" must be a whole number of 0 or more, not "-3".'),
        ({"timestamp": "99999999999999999"}, '"timestamp" 99999999999999999 is not a date.'),
    ],
)
def test_bad_numbers(seattle, tmp_path, question, nothing_imported, edit, problem):
    directory = _copy(seattle, tmp_path / "x", votes=_edit_row(seattle / "votes.csv", 3, **edit))
    assert _refused(directory, question).message == f"votes.csv, line 3: {problem}"


def test_a_missing_file_and_a_row_with_too_few_values(seattle, tmp_path, question, nothing_imported):
    directory = _copy(seattle, tmp_path / "x")
    (directory / "votes.csv").unlink()
    assert _refused(directory, question).message == "votes.csv: the file is missing."
    (directory / "votes.csv").write_text("timestamp,datetime,comment-id,voter-id,vote\n1403054214196,,0,0\n")
    assert _refused(directory, question).message == "votes.csv, line 2: expected 5 values, found 4."


def test_a_failure_while_writing_leaves_nothing_behind(seattle, question, monkeypatch, nothing_imported):
    def fail(consultation_ids):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(importer, "figures_recount", fail)  # the last write of an import
    with pytest.raises(RuntimeError):
        polis_import(directory=seattle, question=question)


def test_the_command_names_file_and_line(seattle, tmp_path, question, nothing_imported):
    directory = _copy(seattle, tmp_path / "x", votes=_edit_row(seattle / "votes.csv", 5, vote="yes"))
    with pytest.raises(CommandError, match=r'^votes\.csv, line 5: "vote" must be 1'):
        call_command("import_polis", str(directory), "--into", str(question.page_id), stdout=io.StringIO())
