from django.core.management.base import BaseCommand
from django.utils import timezone

from kizuna.dispatch.reminders import remind_dispatches


class Command(BaseCommand):
    help = "Mail experts about confirmed visits a few days ahead and about visit reports overdue " \
           "(run every hour or every day, e.g. from cron; each reminder goes once)."

    def handle(self, *args, **options):
        sent = remind_dispatches(today=timezone.localdate())
        self.stdout.write(f"visit reminders: {sent['visits']}, report reminders: {sent['reports']}")
