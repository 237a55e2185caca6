"""Signed tags in mail addresses (VERP, "plus" addresses): `local+<number>-<mac>@domain`, where the MAC is an
HMAC of the number under the site's secret key and a purpose, so that an address names one record and cannot be
made for another (or for another purpose) by whoever reads it.

The mail magazine tags each reader's bounce address with their delivery (`bounces+<delivery>-<mac>@…`); requests
tag the reply address of the mail sent to the requester (`requests+<request>-<mac>@…`). A mail that comes back
to such an address names its record through `number_in(message, …)`."""

import hashlib
import hmac
import re

from django.conf import settings

MAC_LENGTH = 10
# The headers a mail server puts the address a mail came to (the envelope recipient) in, then the visible ones.
RECIPIENT_HEADERS = ("X-Original-To", "Delivered-To", "Envelope-To", "To", "Cc")


def mac(purpose: str, text: str, length: int = MAC_LENGTH) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"kizuna.{purpose}:{text}".encode(), hashlib.sha256).hexdigest()[:length]


def tag(purpose: str, number: int) -> str:
    """The record's number and its MAC: `123-0a1b2c3d4e`."""
    return f"{number}-{mac(purpose, str(number))}"


def number_of(purpose: str, tagged: str) -> int | None:
    """The number a tag names, or None when the tag was not made by Kizuna for this purpose."""
    number, _, given = tagged.partition("-")
    if not number.isdigit() or not hmac.compare_digest(given.encode(), mac(purpose, number).encode()):
        return None
    return int(number)


def address(base: str, purpose: str, number: int) -> str:
    """`base` (local@domain) with the record's tag: local+<tag>@domain."""
    local, _, domain = base.partition("@")
    return f"{local}+{tag(purpose, number)}@{domain}"


def number_in(message, purpose: str, base: str | None = None) -> int | None:
    """The number of the first validly tagged address the message came to (envelope headers first). With
    `base`, only addresses of that local part and domain count (`requests+…@domain`)."""
    if base:
        local, _, domain = base.partition("@")
        pattern = re.compile(rf"(?<![\w.+-]){re.escape(local)}\+(\d+-[0-9a-f]{{{MAC_LENGTH}}})@{re.escape(domain)}",
                             re.IGNORECASE)
    else:
        pattern = re.compile(rf"\+(\d+-[0-9a-f]{{{MAC_LENGTH}}})@")
    for header in RECIPIENT_HEADERS:
        for value in message.get_all(header, []):
            for found in pattern.finditer(str(value)):
                number = number_of(purpose, found.group(1).lower())
                if number is not None:
                    return number
    return None
