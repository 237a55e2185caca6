from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.mfa import current_code, totp_secret


class Command(BaseCommand):
    help = _("Print the current 6-digit TOTP code of a demo account (only @%(domain)s addresses).") % {
        "domain": DEMO_DOMAIN
    }

    def add_arguments(self, parser):
        parser.add_argument("email", help=_("the demo account's email address"))

    def handle(self, *args, email, **options):
        if not email.lower().endswith("@" + DEMO_DOMAIN):
            raise CommandError(_("Only demo accounts (@%(domain)s) have a code that can be shown here.")
                               % {"domain": DEMO_DOMAIN})
        authenticator = Authenticator.objects.filter(
            user__email__iexact=email, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(_("%(email)s has no TOTP authenticator (did `kizuna seed_demo` run?).")
                               % {"email": email})
        code, remaining = current_code(totp_secret(authenticator))
        self.stdout.write(code)
        if options["verbosity"] > 0:
            self.stderr.write(_("valid for another %(seconds)d s") % {"seconds": remaining})
