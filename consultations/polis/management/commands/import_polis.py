import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from consultations.polis.importer import polis_import
from consultations.polis.progress import ProgressBar
from consultations.polis.selectors import polis_question_find
from youthvoice.errors import ServiceError


class Command(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        # Translated here, at run time: argparse cannot format lazy strings.
        parser.description = _(
            "Import a Pol.is open-data directory (comments.csv, votes.csv, summary.csv) into one question of "
            "a consultation. Pol.is participants become inactive placeholder accounts. See docs/polis.md."
        )
        parser.add_argument("directory", type=Path, help=_("The directory holding comments.csv and votes.csv."))
        parser.add_argument("--into", required=True, metavar="PAGE", help=_("The consultation: page id or slug."))
        parser.add_argument(
            "--question", type=int, metavar="ID", help=_("The question's id (default: the consultation's first).")
        )
        parser.add_argument("--language", default="", help=_("Language code of the comments, e.g. en (default: none)."))
        parser.add_argument(
            "--again", action="store_true", help=_("Import files that were already imported into this question.")
        )

    def handle(
        self,
        *args: Any,
        directory: Path,
        into: str,
        question: int | None,
        language: str,
        again: bool,
        verbosity: int,
        **options: Any,
    ) -> None:
        started = time.monotonic()
        progress = ProgressBar(write=self._progress, interactive=self.stderr.isatty()) if verbosity else None
        try:
            target = polis_question_find(page=into, question_id=question)
            imported = polis_import(
                directory=directory, question=target, language=language, again=again, progress=progress
            )
        except ServiceError as error:
            raise CommandError(error.message) from error
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(source)s into “%(question)s” (import #%(id)d) in %(seconds).1f s:")
                % {"source": imported.source_name, "question": target.text, "id": imported.pk, "seconds": seconds}
            )
        )
        for label, value in (
            (_("comments imported"), imported.comments_imported),
            (_("comments skipped (rejected in Pol.is)"), imported.comments_skipped),
            (_("participants (inactive placeholder accounts)"), imported.participants),
            (_("votes kept (each participant's latest per comment)"), imported.votes_kept),
            (_("vote rows superseded by a later vote"), imported.votes_superseded),
        ):
            self.stdout.write(f"  {label}: {value}")

    def _progress(self, text: str) -> None:
        self.stderr.write(text, ending="")
        self.stderr.flush()
