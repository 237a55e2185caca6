"""MFA: whether a person has an authenticator, and the adapter that stores TOTP secrets encrypted (Fernet,
keyed from SECRET_KEY and its fallbacks).

A secret stored before encryption was turned on (no prefix) is read as it is and encrypted when next written.
Rotating SECRET_KEY keeps secrets readable while the old key is in SECRET_KEY_FALLBACKS (docs/operations.md).
"""

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

PREFIX = "fernet:"


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
    def encrypt(self, text: str) -> str:
        return PREFIX + _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(PREFIX):
            return encrypted_text
        return _fernet().decrypt(encrypted_text[len(PREFIX):].encode()).decode()
