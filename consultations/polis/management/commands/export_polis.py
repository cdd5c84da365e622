from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from consultations.polis.exporter import polis_export, polis_export_zip
from consultations.polis.layout import COMMENTS_FILE, SUMMARY_FILE, VOTES_FILE
from consultations.polis.selectors import polis_question_find
from youthvoice.errors import ServiceError


class Command(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        # Translated here, at run time: argparse cannot format lazy strings.
        parser.description = _(
            "Export one question's published comments and their votes in the Pol.is open-data layout, "
            "with random participant numbers. TARGET is a directory, or a file name ending in .zip."
        )
        parser.add_argument("page", help=_("The consultation: page id or slug."))
        parser.add_argument("target", type=Path, help=_("A new or empty directory, or a new .zip file."))
        parser.add_argument(
            "--question", type=int, metavar="ID", help=_("The question's id (default: the consultation's first).")
        )

    def handle(self, *args: Any, page: str, target: Path, question: int | None, **options: Any) -> None:
        try:
            source = polis_question_find(page=page, question_id=question)
        except ServiceError as error:
            raise CommandError(error.message) from error
        # Never overwrite: an earlier export (or a Pol.is original) may live there.
        as_zip = target.suffix.lower() == ".zip"
        existing = [target] if as_zip else [target / name for name in (COMMENTS_FILE, VOTES_FILE, SUMMARY_FILE)]
        taken = [path for path in existing if path.exists()]
        if taken:
            raise CommandError(_("%(path)s exists already; choose another target.") % {"path": taken[0]})
        if as_zip:
            with target.open("xb") as archive:
                summary = polis_export_zip(question=source, target=archive)
        else:
            summary = polis_export(question=source, directory=target)
        self.stdout.write(
            self.style.SUCCESS(
                _("Exported %(comments)d comments and %(votes)d votes by %(voters)d voters to %(target)s.")
                % {"comments": summary.comments, "votes": summary.votes, "voters": summary.voters, "target": target}
            )
        )
