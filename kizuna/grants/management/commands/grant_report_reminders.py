from django.core.management.base import BaseCommand
from django.utils import timezone

from kizuna.grants.services.reminders import remind_reports


class Command(BaseCommand):
    help = "Mail grantees whose performance report is due in 14 or 3 days (run daily, e.g. from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"reminders: {remind_reports(today=timezone.localdate())}")
