from django.core.management.base import BaseCommand

from kizuna.learning.services import expire_access, remind_due


class Command(BaseCommand):
    help = "End the enrolments whose access has ended, and remind participants of courses due within a week or " \
           "overdue (once a week). Run daily, with the other periodic jobs."

    def handle(self, *args, **options):
        self.stdout.write(f"access ended: {expire_access()}")
        self.stdout.write(f"learning reminders: {remind_due()}")
