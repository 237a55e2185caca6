"""Feed bounce and complaint reports (DSN, ARF) to the mail magazine: one message per file, or one on standard
input (a mail server's pipe: `| kizuna newsletter_bounce`). A message that is not a report of ours is reported
and ignored; the exit status is 0 so that the mail server does not bounce the bounce."""

from django.core.management.base import BaseCommand

from kizuna.core.mailreading import piped_messages
from kizuna.newsletter.bounces import NotABounce, feed


class Command(BaseCommand):
    help = "Feed bounce (DSN) and complaint (ARF) messages."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="message files (standard input when none)")

    def handle(self, *args, files=(), **options):
        for name, raw in piped_messages(files):
            try:
                bounce = feed(raw)
            except NotABounce as reason:
                self.stdout.write(f"{name}: ignored ({reason})")
            else:
                self.stdout.write(f"{name}: {bounce.kind} {bounce.recipient}")
