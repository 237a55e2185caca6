from django.core.management.base import BaseCommand

from kizuna.core.reference import load_reference_data


class Command(BaseCommand):
    help = "Load prefectures, municipalities, wards, CLAIR headquarters, branches and overseas offices (idempotent)."

    def handle(self, *args, **options):
        report = load_reference_data()
        for line in report.lines() or ["nothing changed"]:
            self.stdout.write(line)
