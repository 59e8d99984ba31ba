"""python manage.py import_contracts PATH --branch SLUG [--authority NAME] [--dry-run] [--all-or-nothing]

Exit status: 0 every row applied; 1 some rows reported by line (the good ones applied unless
--all-or-nothing), or no column was found for the end date, the supplier or the value; 2 the file could not be
read at all.

The report starts with what is missing, then accounts for every column of a register: the field it filled and how
sure the match was, or why it was not used.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from contracts.imports import UnreadableFile, run_import
from insourcing.models import Branch


class Command(BaseCommand):
    help = "Import a contract register (CSV/XLSX), an OCDS JSON package or a Contracts Finder CSV export."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--branch", required=True, help="Slug of the branch the contracts belong to")
        parser.add_argument("--authority", default="", help="Put every row under this authority")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; change nothing")
        parser.add_argument("--all-or-nothing", action="store_true", help="Apply nothing if any row has an error")

    def handle(self, *args, **options):
        branch = Branch.objects.filter(slug=options["branch"]).first()
        if branch is None:
            raise CommandError(f"No branch with slug {options['branch']!r}.")
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except OSError as error:
            self._unreadable(f"{path}: {error.strerror or error}")
        try:
            result = run_import(
                data=data,
                source_name=path.name,
                branch=branch,
                authority_name=options["authority"],
                dry_run=options["dry_run"],
                all_or_nothing=options["all_or_nothing"],
            )
        except UnreadableFile as error:
            self._unreadable(f"{path.name}: {error.reason}")

        for sentence in result.missing:
            self.stdout.write(f"Missing: {sentence}")
        if result.columns:
            self.stdout.write(f"Columns of {path.name}:")
            for column in result.columns:
                filled = f"{column['field']} ({column['sure']}). " if column["field"] else ""
                self.stdout.write(f"  “{column['column']}”: {filled}{column['how']}")
        for outcome in result.outcomes:
            for issue in outcome.issues:
                where = f", column {issue.column}" if issue.column else ""
                self.stdout.write(f"line {outcome.line}{where}: {issue.level}: {issue.reason}")
        summary = result.summary()
        verb = "would be" if result.dry_run else ("were" if result.applied else "would have been")
        self.stdout.write(
            f"{path.name}: {summary['rows']} rows; {summary['new']} new, {summary['update']} updated, "
            f"{summary['unchanged']} unchanged, {summary['merged']} merged {verb} applied; "
            f"{summary['error']} errors, {summary['skipped']} skipped, {summary['warnings']} warnings."
        )
        if summary["extended"]:
            self.stdout.write(
                f"{summary['extended']} contract(s) given extension periods from their terms (see the notes)."
            )
        if not result.applied and not result.dry_run:
            self.stdout.write("Nothing was applied: --all-or-nothing and some rows have errors.")
        if result.exit_code:
            sys.exit(result.exit_code)

    def _unreadable(self, reason: str):
        self.stderr.write(f"Could not read the file: {reason}")
        sys.exit(2)
