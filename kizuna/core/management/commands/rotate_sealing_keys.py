from django.core.management.base import BaseCommand

from kizuna.core.audit import SYSTEM, log_action
from kizuna.core.models import Organisation
from kizuna.core.sealed import configured_keys, new_key, rotate


class Command(BaseCommand):
    help = ("Seal every sealed value (counselling messages and notes) again with the first key of "
            "KIZUNA_SEALING_KEYS, keeping the old keys after it until this is done (docs/operations.md). "
            "--new-key prints a fresh key to put first.")

    def add_arguments(self, parser):
        parser.add_argument("--new-key", action="store_true", help="print a new key and change nothing")

    def handle(self, *args, **options):
        if options["new_key"]:
            self.stdout.write(new_key())
            return
        counts = rotate()
        total = sum(counts.values())
        hq = Organisation.objects.filter(kind="hq").first()
        if hq is not None:  # the rotation is an operator's act on the whole database: logged once, on headquarters
            log_action(hq, "core.sealing.rotate", by=SYSTEM,
                       data={"values": total, "keys": len(configured_keys()) or 1})
        for label, n in counts.items():
            self.stdout.write(f"{label}: {n}")
        self.stdout.write(f"resealed with the first key: {total}")
