"""The signed links in a reader's mail: their preferences (confirm, language, topics, unsubscribe), the one-click
unsubscribe of RFC 8058, and, when a list counts them, the open image and the click counter. Each link is signed
with a salt that holds the subscription's own secret, so a link cannot be made for another reader; the links
do not expire (an unsubscribe link must work years later)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from kizuna.core import verp

SALT = "kizuna.newsletter.subscription"


class BadLink(Exception):
    """The link was not made by Kizuna for this subscription (or was altered)."""


def _salt(subscription) -> str:
    return f"{SALT}.{subscription.secret}"


def token_for(subscription) -> str:
    """The same for every mail to the reader (their links do not change from issue to issue)."""
    return signing.Signer(salt=_salt(subscription)).sign(str(subscription.pk)).partition(":")[2]


def check_token(subscription, token: str) -> None:
    try:
        pk = signing.Signer(salt=_salt(subscription)).unsign(f"{subscription.pk}:{token}")
    except signing.BadSignature as error:
        raise BadLink from error
    if pk != str(subscription.pk):
        raise BadLink


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def preferences_url(subscription) -> str:
    return absolute(reverse("newsletter:preferences", args=[subscription.pk, token_for(subscription)]))


def unsubscribe_url(subscription, campaign=None) -> str:
    url = absolute(reverse("newsletter:unsubscribe", args=[subscription.pk, token_for(subscription)]))
    return f"{url}?c={campaign.pk}" if campaign is not None else url


def _mac(text: str, length: int = verp.MAC_LENGTH) -> str:
    return verp.mac("newsletter", text, length)


def delivery_tag(delivery_id: int) -> str:
    """The delivery's tag in the bounce address (VERP) and the counters' links: its number and a MAC."""
    return verp.tag("newsletter", delivery_id)


def delivery_of_tag(tag: str) -> int | None:
    return verp.number_of("newsletter", tag)


def bounce_address(delivery_id: int) -> str:
    """The envelope sender of one reader's mail: bounces+<tag>@domain, so a bounce names its delivery."""
    return verp.address(settings.NEWSLETTER_BOUNCES, "newsletter", delivery_id)


def message_id(campaign_id: int, delivery_id: int) -> str:
    """The same for every attempt at one delivery: a message handed over twice (a crash between the server's
    "accepted" and our mark) is one message to the mailbox."""
    domain = settings.NEWSLETTER_BOUNCES.partition("@")[2] or "kizuna.invalid"
    return f"<nl.{campaign_id}.{delivery_id}.{_mac(f'{campaign_id}.{delivery_id}', 8)}@{domain}>"
