from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from kizuna.core.demo import login_table


class Command(BaseCommand):
    help = _("Print the demo logins (role, organisation, email, password, MFA) as a Markdown table.")

    def add_arguments(self, parser):
        parser.add_argument("--language", default="en", choices=["en", "ja"],
                            help=_("Language of the role names (default: en, as in the README)."))

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            self.stdout.write(login_table())
