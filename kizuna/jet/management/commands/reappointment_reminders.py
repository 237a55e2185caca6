from django.core.management.base import BaseCommand

from kizuna.jet.reappointment import remind_due


class Command(BaseCommand):
    help = "Remind JET participants who have not stated their reappointment intention: from two weeks before the " \
           "deadline, every three days, until the deadline. Run daily, with the other periodic jobs."

    def handle(self, *args, **options):
        self.stdout.write(f"reappointment reminders: {remind_due()}")
