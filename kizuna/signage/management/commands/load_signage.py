from pathlib import Path

from django.core.management.base import BaseCommand

from kizuna.core.loading import print_report
from kizuna.signage.loading import DATA_DIR, load_bank, read_bank


class Command(BaseCommand):
    help = ("Load the disaster-signage phrase bank (categories, purposes, messages in 17 languages) from "
            "kizuna/signage/data. Idempotent: rows are matched by key; translations people proposed, approved "
            "or reviewed are kept. A bank with problems is refused as a whole and nothing changes.")

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=DATA_DIR, help="Data directory (default: the app's).")

    def handle(self, *args, dir=DATA_DIR, **options):  # noqa: A002 - the option's name
        self.stdout.write(f"Loading the phrase bank from {dir}")
        print_report(self, load_bank, read_bank(dir), what="The phrase bank")
