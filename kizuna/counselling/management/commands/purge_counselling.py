from django.core.management.base import BaseCommand

from kizuna.counselling.services import purge_after_departure


class Command(BaseCommand):
    help = "Delete the counselling cases of participants who departed more than KIZUNA_COUNSELLING_RETENTION_DAYS " \
           "ago (default 365), with their messages, notes and sessions. Run daily, with the other periodic jobs."

    def handle(self, *args, **options):
        self.stdout.write(f"counselling cases deleted: {purge_after_departure()}")
