from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.backup import backup


class Command(BaseCommand):
    help = _(
        "Write a portable backup (.tar.gz): every row as JSON Lines, the uploaded files and a manifest. "
        "Restore it with `kizuna restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("the archive to write, or a directory to write it into"))
        parser.add_argument("--database", default="default", help=_("database alias (default: default)"))
        parser.add_argument("--overwrite", action="store_true", help=_("replace an existing archive"))

    def handle(self, *args, path, database, overwrite, **options):
        target = Path(path)
        if target.is_dir():
            target = target / f"kizuna-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        if target.exists() and not overwrite:
            raise CommandError(_("%(path)s exists; choose another name or use --overwrite.")
                               % {"path": target})
        if not target.parent.is_dir():
            raise CommandError(_("The directory %(path)s does not exist.") % {"path": target.parent})
        manifest = backup(target, using=database)
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            _("Backup written to %(path)s: %(rows)d rows in %(models)d tables, %(files)d files.")
            % {"path": target, "rows": rows, "models": len(manifest["counts"]),
               "files": manifest["media"]["files"]}
        )
