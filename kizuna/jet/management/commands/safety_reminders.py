from django.core.management.base import BaseCommand

from kizuna.jet.safety import remind_due


class Command(BaseCommand):
    help = "Remind JET participants who have not answered an open safety confirmation (every 6 hours, at most 3 " \
           "times) and tell their supervisors after the second reminder. Run hourly, with the other periodic jobs."

    def handle(self, *args, **options):
        self.stdout.write(f"safety reminders: {remind_due()}")
