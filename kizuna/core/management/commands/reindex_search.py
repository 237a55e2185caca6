import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kizuna.core.search.fulltext import document_searches, reindex, vacuum


class Command(BaseCommand):
    help = _("Build the full-text search index afresh, of one search or of all (after loading data without the "
             "audit trail, or restoring a backup).")

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", default="", help=_("the search, e.g. research (default: all)"))

    def handle(self, *args, name, **options):
        if name and name not in document_searches():
            raise CommandError(_("There is no full-text search named %(name)s (there are: %(names)s).")
                               % {"name": name, "names": ", ".join(sorted(document_searches()))})
        started = time.perf_counter()
        counts = reindex(name or None)
        vacuumed = vacuum()
        for search, count in counts.items():
            self.stdout.write(_("%(search)s: %(count)d documents") % {"search": search, "count": count})
        if options["verbosity"] > 1:
            self.stderr.write(_("in %(seconds).1f s") % {"seconds": time.perf_counter() - started})
            if vacuumed:
                self.stderr.write(_("The index's tables were vacuumed and analysed."))
