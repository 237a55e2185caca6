from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kizuna.core.backup import BackupError, restore


class Command(BaseCommand):
    help = _(
        "Restore a backup made with `kizuna backup` into a migrated, empty database, in one transaction; "
        "the row counts are checked against the manifest before anything is committed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("the archive written by `kizuna backup`"))
        parser.add_argument("--database", default="default", help=_("database alias (default: default)"))
        parser.add_argument(
            "--force", action="store_true",
            help=_("empty a database that holds data (and replace same-named files) before restoring"),
        )

    def handle(self, *args, path, database, force, **options):
        try:
            report = restore(path, using=database, force=force)
        except (BackupError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        for warning in report.warnings:
            self.stderr.write(warning)
        self.stdout.write(
            _("Restored %(rows)d rows in %(models)d tables and %(files)d files; "
              "the counts match the manifest.")
            % {"rows": sum(report.counts.values()), "models": len(report.counts), "files": report.files}
        )
