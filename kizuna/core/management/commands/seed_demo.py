import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kizuna.core.demo import DEMO_SEEDERS, MissingReferenceData, seed_demo


def demo_allowed() -> bool:
    return settings.DEBUG or os.environ.get("KIZUNA_DEV", "").lower() in {"1", "true", "yes", "on"}


class Command(BaseCommand):
    help = _(
        "Create the demo people (one per role, shared password, TOTP for CLAIR staff) and a few records "
        "to look at. Idempotent: a second run changes nothing. Needs the reference data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true",
            help=_("Seed even though neither DEBUG nor KIZUNA_DEV is on (the demo password is public)."),
        )

    def handle(self, *args, **options):
        if not demo_allowed() and not options["force"]:
            raise CommandError(
                _("Refusing to create demo accounts with a published password: this looks like production "
                  "(neither DEBUG nor KIZUNA_DEV is on). Use --force on a demo server.")
            )
        try:
            report = seed_demo()
        except MissingReferenceData as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines() or [_("demo data: nothing changed")]:
            self.stdout.write(line)

        for seeder in DEMO_SEEDERS:  # each app's demo records; idempotent, details with -v 2
            result = seeder()
            if options["verbosity"] > 1:
                self.stdout.write(f"{seeder.__module__}: {result}")
