"""Bounces and complaints fed back to Kizuna: a delivery status notification (RFC 3464) or a feedback report
(ARF, RFC 5965), given whole by `kizuna newsletter_bounce` (from the mail server's pipe) or the API.

A report is attributed to its delivery by the bounce address it came back to (bounces+<tag>@…, VERP), else by
the X-Kizuna-Delivery header or the Message-ID of the returned message. A hard bounce (5.x.x) stops the address
at once; soft bounces (4.x.x, "delayed") stop it after SOFT_BOUNCE_LIMIT of them, each within SOFT_BOUNCE_DAYS of
the one before (a mailbox full once a year never stops it); a complaint stops it at once."""

import re
from datetime import timedelta
from email import message_from_bytes, policy

from django.db import transaction
from django.utils import timezone

from kizuna.core import verp
from kizuna.core.audit import SYSTEM, create_logged, save_logged
from kizuna.core.workflow import transition

from . import links
from .enums import SOFT_BOUNCE_DAYS, SOFT_BOUNCE_LIMIT, BounceKind, SubscriptionStatus
from .models import Bounce, Delivery

_STATUS = re.compile(r"^\s*([245])\.\d{1,3}\.\d{1,3}")


class NotABounce(ValueError):
    """The message is neither a delivery status notification nor a feedback report we can attribute."""


def _headers_of_returned(message):
    """The returned message's headers (message/rfc822 or text/rfc822-headers part), if the report has them."""
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/rfc822":
            payload = part.get_payload()
            return payload[0] if isinstance(payload, list) and payload else None
        if kind == "text/rfc822-headers":
            return message_from_bytes(part.get_payload(decode=True) or b"", policy=policy.default)
    return None


def _delivery(message) -> Delivery | None:
    if (pk := verp.number_in(message, "newsletter")) is not None:
        return Delivery.objects.select_related("subscription").filter(pk=pk).first()
    returned = _headers_of_returned(message)
    if returned is not None:
        tag = str(returned.get("X-Kizuna-Delivery", "")).strip()
        if tag and (pk := links.delivery_of_tag(tag)):
            return Delivery.objects.select_related("subscription").filter(pk=pk).first()
        message_id = str(returned.get("Message-ID", "")).strip()
        if message_id:
            return Delivery.objects.select_related("subscription").filter(message_id=message_id).first()
    return None


def _status_fields(message) -> list:
    """The per-recipient fields of a DSN's message/delivery-status part."""
    found = []
    for part in message.walk():
        if part.get_content_type() == "message/delivery-status":
            payload = part.get_payload()
            blocks = payload if isinstance(payload, list) else [message_from_bytes(
                part.get_payload(decode=True) or b"", policy=policy.default)]
            found.extend(blocks)
    return found


def classify(raw: bytes) -> tuple[str, str, str, str, Delivery | None]:
    """(kind, recipient, status, diagnostic, delivery) of a report, or NotABounce."""
    message = message_from_bytes(raw, policy=policy.default)
    delivery = _delivery(message)
    report = (message.get_param("report-type") or "").lower() if message.get_content_type() == "multipart/report" \
        else ""
    if report == "feedback-report" or message.get_content_type() == "message/feedback-report":
        if delivery is None:
            raise NotABounce("a complaint that names no delivery of ours")
        return BounceKind.COMPLAINT, delivery.subscription.email, "", "abuse report", delivery
    if report != "delivery-status":
        raise NotABounce("not a delivery status notification")
    kind, recipient, status, diagnostic = BounceKind.SOFT, "", "", ""
    for block in _status_fields(message):
        action = str(block.get("Action", "")).strip().lower()
        status = str(block.get("Status", "")).strip() or status
        recipient = str(block.get("Final-Recipient", block.get("Original-Recipient", ""))).split(";")[-1].strip() \
            or recipient
        diagnostic = str(block.get("Diagnostic-Code", "")).split(";")[-1].strip() or diagnostic
        match = _STATUS.match(status)
        if action == "failed" and (match is None or match.group(1) == "5"):
            kind = BounceKind.HARD
        if action in ("delivered", "relayed", "expanded") and match and match.group(1) == "2":
            raise NotABounce("a delivery report, not a bounce")
    if delivery is None:
        raise NotABounce("a bounce that names no delivery of ours")
    return kind, recipient or delivery.subscription.email, status[:20], diagnostic[:500], delivery


def record(*, kind: str, delivery: Delivery | None, recipient: str = "", status_code: str = "",
           diagnostic: str = "") -> Bounce:
    """Keep the report and act on it: stop the address when the rule says so."""
    subscription = delivery.subscription if delivery is not None else None
    with transaction.atomic():
        bounce = create_logged(Bounce, "newsletter.bounce.create", by=SYSTEM, kind=kind, delivery=delivery,
                               subscription=subscription, recipient=recipient[:254], status_code=status_code,
                               diagnostic=diagnostic[:500])
        if delivery is not None and (not delivery.bounce or kind != BounceKind.SOFT):
            Delivery.objects.filter(pk=delivery.pk).update(bounce=kind)
        if subscription is None:
            return bounce
        subscription.refresh_from_db()
        if kind == BounceKind.COMPLAINT:
            if subscription.status in (SubscriptionStatus.ACTIVE, SubscriptionStatus.BOUNCED):
                transition(subscription, "complain", by=SYSTEM, note=f"bounce {bounce.pk}")
        elif subscription.status == SubscriptionStatus.ACTIVE:
            if kind == BounceKind.HARD:
                transition(subscription, "bounce", by=SYSTEM, note=f"bounce {bounce.pk}: {status_code}")
            else:
                now, last = timezone.now(), subscription.soft_bounces_seen_at
                recent = last is not None and now - last <= timedelta(days=SOFT_BOUNCE_DAYS)
                subscription.soft_bounces = subscription.soft_bounces + 1 if recent else 1
                subscription.soft_bounces_seen_at = now
                save_logged(subscription, "newsletter.subscription.soft_bounce", by=SYSTEM,
                            fields=["soft_bounces", "soft_bounces_seen_at"], data={"bounce": bounce.pk})
                if subscription.soft_bounces >= SOFT_BOUNCE_LIMIT:
                    transition(subscription, "bounce", by=SYSTEM,
                               note=f"{subscription.soft_bounces} soft bounces in a row")
    return bounce


def feed(raw: bytes) -> Bounce:
    """One report, as the mail server hands it over."""
    kind, recipient, status, diagnostic, delivery = classify(raw)
    return record(kind=kind, delivery=delivery, recipient=recipient, status_code=status, diagnostic=diagnostic)
