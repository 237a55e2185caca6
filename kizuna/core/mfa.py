"""MFA: whether a person has an authenticator, giving one a TOTP authenticator (the demo, tests), the code of
the moment, and the adapter that stores TOTP secrets encrypted (Fernet, keyed from SECRET_KEY and its fallbacks).

A secret stored before encryption was turned on (no prefix) is read as it is and encrypted when next written.
Rotating SECRET_KEY keeps secrets readable while the old key is in SECRET_KEY_FALLBACKS (docs/operations.md).
"""

import base64
import hashlib
import time

from allauth.mfa import app_settings
from allauth.mfa.adapter import DefaultMFAAdapter, get_adapter
from allauth.mfa.models import Authenticator

# allauth has no public API that computes a TOTP code (its own is in an internal module): the one import of it.
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.utils.translation import gettext_lazy as _

PREFIX = "fernet:"


def activate_totp(user, secret: str) -> Authenticator:
    """Give `user` a TOTP authenticator with this base32 secret, stored as allauth stores one (encrypted by the
    MFA adapter). For the demo and tests: people set theirs up on allauth's pages."""
    return Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,
                                        data={"secret": get_adapter().encrypt(secret)})


def totp_secret(authenticator: Authenticator) -> str:
    return get_adapter().decrypt(authenticator.data["secret"])


def current_code(secret: str, now: float | None = None) -> tuple[str, int]:
    """The TOTP code of this moment for `secret`, and the seconds it stays current."""
    now = time.time() if now is None else now
    counter = int(now) // app_settings.TOTP_PERIOD
    remaining = app_settings.TOTP_PERIOD - int(now) % app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter)), remaining


def has_mfa(user) -> bool:
    """The person has a second factor (an authenticator app or a security key; recovery codes alone are not
    one)."""
    return Authenticator.objects.filter(user=user, type__in=[Authenticator.Type.TOTP,
                                                            Authenticator.Type.WEBAUTHN]).exists()


def _fernet() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([
        Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"kizuna-mfa:{key}".encode()).digest())) for key in keys
    ])


class MFAAdapter(DefaultMFAAdapter):
    # allauth refuses a code used a moment ago (a code counts once) with the same words as a wrong one: say both.
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _("This code is wrong, or it was just used (each code counts once): wait for the next "
                            "code from your app, at most 30 seconds, and enter it."),
    }

    def encrypt(self, text: str) -> str:
        return PREFIX + _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(PREFIX):
            return encrypted_text
        return _fernet().decrypt(encrypted_text[len(PREFIX):].encode()).decode()
