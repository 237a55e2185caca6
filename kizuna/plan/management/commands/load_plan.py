from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kizuna.core.loading import print_report
from kizuna.plan.loading import PlanFileError, default_file, load_plan, read_plan_file


class Command(BaseCommand):
    help = ("Load a fiscal year's business plan (areas, programmes, KPIs) from its TOML file. Idempotent: "
            "rows are matched by year, area number, programme code and KPI code; nothing is deleted. A file "
            "with problems is refused as a whole and nothing changes.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int,
                            help="Fiscal year, e.g. 2026 (default: the newest plan file).")
        parser.add_argument("--file", type=Path, help="Plan file (default: kizuna/plan/data/fy<year>.toml).")

    def handle(self, *args, year=None, file=None, **options):
        try:
            path = file or default_file(year)
            data = read_plan_file(path)
        except PlanFileError as error:
            raise CommandError("\n".join(error.problems)) from None
        self.stdout.write(f"Loading {path}")
        print_report(self, load_plan, data, year=year, what="The plan")
