"""Start the mail issues whose time has come and send what is due, resuming any sending whose sender stopped
(run every minute by a timer). SIGTERM or Ctrl-C stops cleanly: the mail in hand is finished and recorded."""

import signal

from django.core.management.base import BaseCommand
from django.utils import timezone

from kizuna.newsletter import sending
from kizuna.newsletter.enums import CampaignStatus
from kizuna.newsletter.models import Campaign


class Command(BaseCommand):
    help = "Start due mail issues and send (or resume sending) them."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, help="only this issue")
        parser.add_argument("--rate", type=float, help="mails a second (default: KIZUNA_NEWSLETTER_RATE)")

    def handle(self, *args, campaign=None, rate=None, **options):
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        started = sending.start_due()
        if started:
            self.stdout.write(f"started: {', '.join(map(str, started))}")
        now = timezone.now()
        due = Campaign.objects.filter(status=CampaignStatus.SENDING).order_by("pk")
        if campaign:
            due = due.filter(pk=campaign)
        for pk, lease in due.values_list("pk", "lease_until"):
            if stopping:
                break
            if lease is not None and lease > now:
                self.stdout.write(f"issue {pk}: another sender holds it until {lease:%H:%M:%S}")
                continue
            outcome = sending.send(pk, stop=lambda: bool(stopping), rate=rate)
            self.stdout.write(f"issue {pk}: sent {outcome.sent}, skipped {outcome.skipped}, failed {outcome.failed}"
                              + (", finished" if outcome.finished else "") + ("" if outcome.holding else
                                                                               ", held by another sender"))
        if stopping:
            self.stdout.write("stopped")
