from django.core.management.base import BaseCommand

from kizuna.events.services import expire_offers
from kizuna.events.services.reminders import remind_upcoming


class Command(BaseCommand):
    help = "Let lapsed waiting-list offers go (the next person gets the seat) and send due reminders."

    def handle(self, *args, **options):
        lapsed = expire_offers()
        reminded = remind_upcoming()
        self.stdout.write(f"{lapsed} offers lapsed, {reminded} reminders sent")
