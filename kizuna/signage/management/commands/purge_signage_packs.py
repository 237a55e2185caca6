from django.core.management.base import BaseCommand

from kizuna.signage.services import pack_retention, purge_packs


class Command(BaseCommand):
    help = ("Delete old shelter-pack ZIPs: those older than SIGNAGE_PACK_DAYS (30) days and those beyond the "
            "latest SIGNAGE_PACKS_KEPT (5) of each organisation. Packs being made are kept. Run it periodically, "
            "with the other jobs (the hourly loop of scripts/serve.sh, or cron).")

    def add_arguments(self, parser):
        keep, days = pack_retention()
        parser.add_argument("--keep", type=int, default=keep, help=f"Latest packs kept per organisation ({keep}).")
        parser.add_argument("--days", type=int, default=days, help=f"Days a pack is kept at most ({days}).")

    def handle(self, *args, keep, days, **options):
        self.stdout.write(f"shelter packs deleted: {purge_packs(keep=keep, days=days)}")
