from django.core.management.base import BaseCommand
from django.utils import timezone

from kizuna.grants.services.interim import remind_interim_reports
from kizuna.grants.services.reminders import remind_reports


class Command(BaseCommand):
    help = ("Mail grantees whose performance report or interim report is due in 14 or 3 days (run daily, e.g. "
            "from cron).")

    def handle(self, *args, **options):
        today = timezone.localdate()
        self.stdout.write(f"reminders: {remind_reports(today=today)}")
        self.stdout.write(f"interim report reminders: {remind_interim_reports(today=today)}")
