"""manage.py import_polis and export_polis."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from consultations.models import Comment
from tests.factories import ConsultationPageFactory

from .conftest import read_csv, read_source

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_by_slug_into_the_first_question_with_a_summary_and_progress(seattle, consultation):
    source = read_source(seattle)
    out, err = _run("import_polis", str(seattle), "--into", consultation.slug)
    first = consultation.questions.order_by("sort_order").first()
    assert Comment.objects.filter(question=first).count() == len(source.comments)
    assert f"Imported 15-per-hour-seattle into “{first.text}”" in out
    for line in (
        f"comments imported: {len(source.comments)}",
        f"comments skipped (rejected in Pol.is): {len(source.rejected)}",
        f"participants (inactive placeholder accounts): {len(source.participants)}",
        f"votes kept (each participant's latest per comment): {len(source.latest)}",
        f"vote rows superseded by a later vote: {len(source.vote_rows) - len(source.latest)}",
    ):
        assert line in out
    # Not a terminal: one finished line per stage, no carriage returns.
    assert err.splitlines() == [
        f"Participants   [{'#' * 30}] {len(source.participants)}/{len(source.participants)}",
        f"Comments       [{'#' * 30}] {len(source.comments)}/{len(source.comments)}",
        f"Votes          [{'#' * 30}] {len(source.latest)}/{len(source.latest)}",
    ]


def test_import_by_page_id_into_a_named_question_quietly(seattle, consultation):
    second = consultation.questions.order_by("sort_order").last()
    out, err = _run("import_polis", str(seattle), "--into", str(consultation.pk), "--question", str(second.pk), "-v0")
    assert Comment.objects.filter(question=second).exists() and err == ""
    assert "comments imported" in out


def test_import_refusals_are_clear(seattle, consultation):
    other = ConsultationPageFactory(questions=["Another question"]).questions.get()
    with pytest.raises(CommandError, match="No consultation has the id or slug"):
        _run("import_polis", str(seattle), "--into", "no-such-consultation")
    with pytest.raises(CommandError, match=rf"Question {other.pk} is not part of the consultation"):
        _run("import_polis", str(seattle), "--into", consultation.slug, "--question", str(other.pk))
    _run("import_polis", str(seattle), "--into", consultation.slug)
    with pytest.raises(CommandError, match="already imported into this question"):
        _run("import_polis", str(seattle), "--into", consultation.slug)
    out, _ = _run("import_polis", str(seattle), "--into", consultation.slug, "--again")
    assert "comments imported" in out


def test_export_to_a_directory_and_to_a_zip_never_overwriting(seattle, consultation, tmp_path):
    _run("import_polis", str(seattle), "--into", consultation.slug, "-v0")
    source = read_source(seattle)
    out, _ = _run("export_polis", consultation.slug, str(tmp_path / "out"))
    assert f"Exported {len(source.comments)} comments and {len(source.latest)} votes" in out
    assert len(read_csv(tmp_path / "out" / "votes.csv")) == len(source.latest)
    with pytest.raises(CommandError, match="exists already"):
        _run("export_polis", consultation.slug, str(tmp_path / "out"))
    _run("export_polis", str(consultation.pk), str(tmp_path / "out.zip"))
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert archive.read("votes.csv").decode().count("\n") == len(source.latest) + 1
    with pytest.raises(CommandError, match="exists already"):
        _run("export_polis", consultation.slug, str(tmp_path / "out.zip"))
