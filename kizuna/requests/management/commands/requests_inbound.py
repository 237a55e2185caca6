"""Feed replies to requests by mail: one message per file, or one on standard input (a mail server's pipe for
requests+*@…: `| kizuna requests_inbound`). A mail that is not a reply that can be added is reported and nothing
is saved; the exit status is 0 so that the mail server does not answer a forged sender (the requester's own
people are told by mail why their reply was not added)."""

from django.core.management.base import BaseCommand

from kizuna.core.mailreading import piped_messages
from kizuna.requests.inbound import NotAReply, feed


class Command(BaseCommand):
    help = "Add replies by mail (RFC 822 messages) to their requests."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="message files (standard input when none)")

    def handle(self, *args, files=(), **options):
        for name, raw in piped_messages(files):
            try:
                message = feed(raw)
            except NotAReply as reason:
                self.stdout.write(f"{name}: refused ({reason})")
            else:
                self.stdout.write(f"{name}: added to request #{message.request_id} as message {message.pk}")
