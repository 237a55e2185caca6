from django.core.management.base import BaseCommand

from kizuna.requests.reminders import remind_due


class Command(BaseCommand):
    help = "Mail office staff about requests whose first response or resolution is due soon or overdue " \
           "(run every working hour, e.g. from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"reminders: {remind_due()}")
