from django.core.management.base import BaseCommand

from kizuna.core.loading import print_report
from kizuna.core.reference import load_reference_data


class Command(BaseCommand):
    help = ("Load prefectures, municipalities, wards, CLAIR headquarters, branches and overseas offices, and apply "
            "the dated changes of local governments (idempotent).")

    def handle(self, *args, **options):
        report = print_report(self, load_reference_data, what="The reference data")
        if not report.lines():
            self.stdout.write("nothing changed")
