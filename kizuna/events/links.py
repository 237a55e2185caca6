"""The signed links of registering without an account.

Two links, each signed with Django's SECRET_KEY:
- the **confirmation link** mailed after the public form: it carries what the person typed (name, address,
  language, organisation, answers, sessions), so nothing is stored and no seat is held until they confirm from
  their mailbox; it is valid for a day;
- the **registration link** in every later mail: it opens the registration to see, change or cancel it. Its salt
  holds the registration's own code, so it cannot be made for another registration, and it does not expire (a
  cancellation must work on the morning of the event).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

REQUEST_SALT = "kizuna.events.guest-request"
REGISTRATION_SALT = "kizuna.events.guest-registration"
REQUEST_VALID_FOR = 24 * 3600  # seconds


class BadLink(Exception):
    """The link was not made by Kizuna (or was altered), or it has expired."""


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def request_token(event_id: int, data: dict) -> str:
    return signing.dumps({"e": event_id, **data}, salt=REQUEST_SALT, compress=True)


def read_request(event_id: int, token: str) -> dict:
    """What the person typed, as signed; BadLink when altered, for another event, or older than a day."""
    try:
        data = signing.loads(token, salt=REQUEST_SALT, max_age=REQUEST_VALID_FOR)
    except signing.BadSignature as error:  # SignatureExpired included
        raise BadLink from error
    if not isinstance(data, dict) or data.pop("e", None) != event_id:
        raise BadLink
    return data


def confirm_url(event_id: int, token: str) -> str:
    return absolute(reverse("events:guest_confirm", args=[event_id, token]))


def _signer(registration) -> signing.Signer:
    return signing.Signer(salt=f"{REGISTRATION_SALT}.{registration.code}")


def registration_token(registration) -> str:
    return _signer(registration).sign(str(registration.pk)).partition(":")[2]


def check_registration_token(registration, token: str) -> None:
    try:
        pk = _signer(registration).unsign(f"{registration.pk}:{token}")
    except signing.BadSignature as error:
        raise BadLink from error
    if pk != str(registration.pk):
        raise BadLink


def registration_path(registration) -> str:
    """Where the registration is seen: its signed link when made without an account, its page otherwise."""
    if registration.by_link:
        return reverse("events:guest_registration", args=[registration.pk, registration_token(registration)])
    return registration.get_absolute_url()


def registration_url(registration) -> str:
    return absolute(registration_path(registration))
