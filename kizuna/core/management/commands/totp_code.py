import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kizuna.core.demo import DEMO_DOMAIN


def current_code(secret: str, now: float | None = None) -> tuple[str, int]:
    """The TOTP code of this moment, and the seconds it stays current."""
    now = time.time() if now is None else now
    counter = int(now) // app_settings.TOTP_PERIOD
    remaining = app_settings.TOTP_PERIOD - int(now) % app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter)), remaining


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
        code, remaining = current_code(decrypt(authenticator.data["secret"]))
        self.stdout.write(code)
        if options["verbosity"] > 0:
            self.stderr.write(_("valid for another %(seconds)d s") % {"seconds": remaining})
