from pathlib import Path

from django.core.management.base import BaseCommand

from kizuna.core.loading import print_report
from kizuna.grants.loading import DEFAULT_FILE, load_schemes, read_schemes


class Command(BaseCommand):
    help = ("Load the grant schemes of the plan (ceilings, rates, floors, who may apply, cost categories, "
            "themes, rubric) from kizuna/grants/data/schemes.toml. Idempotent: existing schemes keep the "
            "staff's edits unless --update is given.")

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
        parser.add_argument("--update", action="store_true", help="Overwrite existing schemes from the file.")

    def handle(self, *args, file, update, **options):
        print_report(self, load_schemes, read_schemes(file), update=update, what="The grant schemes")
