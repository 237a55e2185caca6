"""Sending an issue: the send-out list, the sender that works through it, and the end of the sending.

When an issue is due, `start` writes its send-out list whole, one `Delivery` per active reader (in their
language, by the fallback rule of models.choose_language), in the same transaction as the issue's `start` step.
A sender (`send`, run by the task worker or by `kizuna send_newsletters`) then takes the issue's lease and works
through the queued rows in order: it claims a row, hands the reader's mail to the mail server, and marks the row
sent, each mark committed at once, at the rate the mail server allows. A sender that stops cleanly (a restart
sends SIGTERM) finishes the mail in hand and lets go of the lease; one that dies holds it until it runs out,
and the next sender takes over from the rows still queued. Nobody is mailed twice and nobody is skipped; the
one mail a killed sender may have had in flight is handed over again with the same Message-ID, which mailbox
providers treat as one message (docs/newsletter.md)."""

import os
import socket
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from kizuna.core.audit import SYSTEM, log_action, unlogged
from kizuna.core.notifications import permanent_refusal
from kizuna.core.workflow import transition

from . import bounces, compose, links
from .archive import file_in_library
from .enums import CampaignStatus, DeliveryState, SubscriptionStatus
from .models import Campaign, Delivery, Subscription, choose_language
from .services import mail_language

BATCH = 200
_TOKENS = {"unsubscribe": "KZ-UNSUBSCRIBE-URL", "preferences": "KZ-PREFERENCES-URL", "delivery": "KZ-DELIVERY-TAG",
           "pixel": "KZ-PIXEL-URL"}


@dataclass
class RenderedPart:
    """A part rendered once, with a token where each reader's own links go."""

    subject: str
    html: str
    text: str
    links: list = field(default_factory=list)

    def personal(self, values: dict) -> tuple[str, str]:
        html, text = self.html, self.text
        for name, token in _TOKENS.items():
            html = html.replace(token, values.get(name, ""))
            text = text.replace(token, values.get(name, ""))
        return html, text


def render_part(campaign, part) -> RenderedPart:
    mailing_list = campaign.mailing_list
    site = settings.SITE_URL
    track = mailing_list.track_engagement

    def wrap(n, url):
        return f"{site.rstrip('/')}/newsletter/c/{_TOKENS['delivery']}/{n}/" if track else url

    body = compose.render(part.body, site=site, wrap_link=wrap)
    with translation.override(mail_language(part.language)):
        context = {"part": part, "campaign": campaign, "list_name": mailing_list.label(part.language),
                   "body_html": body.html, "body_text": body.text, "web_url": links.absolute(
                       campaign.archive_url(part.language)), "sender": mailing_list.from_name,
                   "unsubscribe_url": _TOKENS["unsubscribe"], "preferences_url": _TOKENS["preferences"],
                   "pixel_url": _TOKENS["pixel"] if track else ""}
        html = render_to_string("newsletter/mail/issue.html", context)
        text = render_to_string("newsletter/mail/issue.txt", context)
    return RenderedPart(subject=part.subject, html=html, text=text.strip() + "\n", links=body.links)


# -- the send-out list --------------------------------------------------------------------------------------------

def readers(campaign):
    """The active readers of the issue: the whole list, or those who chose its topic (or chose no topic)."""
    found = Subscription.objects.filter(mailing_list=campaign.mailing_list, status=SubscriptionStatus.ACTIVE)
    if campaign.topic_id:
        found = found.filter(Q(topics=campaign.topic_id) | Q(topics=None)).distinct()
    return found


def start(campaign) -> Campaign:
    """The issue's send-out list, written whole with its `start` step (a system step: the time has come)."""
    available = set(campaign.parts.values_list("language", flat=True))
    main = campaign.mailing_list.main_language
    with transaction.atomic():
        count = 0
        with unlogged("an issue's send-out list: its count is in the issue's start entry"):
            rows = readers(campaign).values_list("pk", "language").order_by("pk").iterator(chunk_size=5000)
            batch = []
            for pk, language in rows:
                batch.append(Delivery(campaign_id=campaign.pk, subscription_id=pk,
                                      language=choose_language(language, available, main)))
                if len(batch) >= 5000:
                    count += len(Delivery.objects.bulk_create(batch, ignore_conflicts=True))
                    batch = []
            if batch:
                count += len(Delivery.objects.bulk_create(batch, ignore_conflicts=True))
        campaign = transition(campaign, "start", by=SYSTEM, started_at=timezone.now(), recipients=count)
        transaction.on_commit(lambda: send_campaign_task.enqueue(campaign_id=campaign.pk))
    return campaign


def start_due(now=None) -> list[int]:
    """Start every scheduled issue whose time has come; returns their ids."""
    now = now or timezone.now()
    started = []
    for campaign in Campaign.objects.filter(status=CampaignStatus.SCHEDULED, scheduled_at__lte=now):
        start(campaign)
        started.append(campaign.pk)
    return started


def queue_start(campaign) -> None:
    """After `schedule`: start now if the time has come, or ask the task worker to start at the time."""
    if campaign.scheduled_at <= timezone.now():
        transaction.on_commit(lambda: start_campaign_task.enqueue(campaign_id=campaign.pk))
    elif start_campaign_task.get_backend().supports_defer:
        transaction.on_commit(lambda: start_campaign_task.using(run_after=campaign.scheduled_at).enqueue(
            campaign_id=campaign.pk))
    # otherwise `kizuna send_newsletters`, run every minute, starts it


# -- the sender -----------------------------------------------------------------------------------------------------

def _lease_seconds() -> int:
    return int(getattr(settings, "NEWSLETTER_LEASE_SECONDS", 60))


def _take_lease(campaign_id: int, owner: str) -> bool:
    now = timezone.now()
    return bool(Campaign.objects.filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now) | Q(lease_owner=owner),
        pk=campaign_id, status=CampaignStatus.SENDING,
    ).update(lease_owner=owner, lease_until=now + timedelta(seconds=_lease_seconds())))


def _release_lease(campaign_id: int, owner: str) -> None:
    Campaign.objects.filter(pk=campaign_id, lease_owner=owner).update(lease_owner="", lease_until=None)


class _Rate:
    """At most `per_second` mails a second, evenly spaced."""

    def __init__(self, per_second: float):
        self.gap = 1 / per_second if per_second > 0 else 0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        if not self.gap:
            return
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
        self.next_at = max(self.next_at, now) + self.gap


@dataclass
class Outcome:
    holding: bool = True  # False: another sender holds the issue
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    finished: bool = False


class _Stop(Exception):
    pass


def _message(campaign, rendered: RenderedPart, delivery, subscription) -> EmailMultiAlternatives:
    mailing_list = campaign.mailing_list
    tag = links.delivery_tag(delivery.pk)
    site = settings.SITE_URL.rstrip("/")
    unsubscribe = links.unsubscribe_url(subscription, campaign)
    html, text = rendered.personal({
        "unsubscribe": unsubscribe, "preferences": links.preferences_url(subscription), "delivery": tag,
        "pixel": f"{site}/newsletter/o/{tag}.gif"})
    headers = {
        "Message-ID": links.message_id(campaign.pk, delivery.pk),
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{mailing_list.name_en or mailing_list.slug} <{mailing_list.slug}."
                   f"{settings.NEWSLETTER_BOUNCES.partition('@')[2]}>",
        "List-Archive": f"<{site}{mailing_list.get_absolute_url()}>",
        "X-Kizuna-Delivery": tag,
    }
    if mailing_list.reply_to:
        headers["Reply-To"] = mailing_list.reply_to
    message = EmailMultiAlternatives(
        subject=rendered.subject, body=text, to=[subscription.email], headers=headers,
        from_email=f"{mailing_list.from_name} <{settings.NEWSLETTER_FROM}>")
    message.attach_alternative(html, "text/html")
    return message


def _hand_over(backend, message, envelope_from: str) -> None:
    """To the mail server, with the reader's bounce address as the envelope sender (VERP)."""
    if isinstance(backend, SMTPBackend):
        if backend.connection is None:
            backend.open()
        backend.connection.sendmail(envelope_from, message.recipients(),
                                    message.message().as_bytes(linesep="\r\n"))
    else:  # the file and memory backends of development and tests
        backend.send_messages([message])


def send(campaign_id: int, *, owner: str | None = None, seconds: float | None = None, stop=lambda: False,
         rate: float | None = None, connection=None) -> Outcome:
    """Work through the issue's queued rows until none is left (then finish the issue), `seconds` have passed,
    or `stop()` says so."""
    owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    if not _take_lease(campaign_id, owner):
        return Outcome(holding=False)
    outcome = Outcome()
    campaign = Campaign.objects.select_related("mailing_list").get(pk=campaign_id)
    # A row claimed by a sender that died before its mark: handed over again, with the same Message-ID.
    Delivery.objects.filter(campaign_id=campaign_id, state=DeliveryState.SENDING).update(state=DeliveryState.QUEUED)
    rendered = {part.language: render_part(campaign, part) for part in campaign.parts.all()}
    pace = _Rate(settings.NEWSLETTER_RATE if rate is None else rate)
    deadline = time.monotonic() + seconds if seconds else None
    backend = connection or get_connection()
    try:
        while True:
            if stop() or (deadline and time.monotonic() > deadline):
                raise _Stop
            batch = list(Delivery.objects.filter(campaign_id=campaign_id, state=DeliveryState.QUEUED)
                         .select_related("subscription").order_by("pk")[:BATCH])
            if not batch:
                break
            renewed = 0.0
            for delivery in batch:
                if stop():
                    raise _Stop
                # The lease is renewed well before it runs out, whatever the rate: a slow sender keeps its issue.
                if time.monotonic() - renewed > _lease_seconds() / 3:
                    if not _take_lease(campaign_id, owner):  # lost it (stalled past the lease): the other goes on
                        outcome.holding = False
                        return outcome
                    renewed = time.monotonic()
                _send_one(backend, campaign, rendered, delivery, pace, outcome)
    except _Stop:
        pass
    finally:
        backend.close()
        if outcome.holding:
            _release_lease(campaign_id, owner)
    if not Delivery.objects.filter(campaign_id=campaign_id,
                                   state__in=(DeliveryState.QUEUED, DeliveryState.SENDING)).exists():
        outcome.finished = finish(campaign_id)
    return outcome


def _send_one(backend, campaign, rendered, delivery, pace, outcome) -> None:
    subscription = delivery.subscription
    mark = Delivery.objects.filter(pk=delivery.pk)
    if subscription.status != SubscriptionStatus.ACTIVE:  # left or bounced since the list was written
        mark.update(state=DeliveryState.SKIPPED)
        outcome.skipped += 1
        return
    pace.wait()
    if not mark.filter(state=DeliveryState.QUEUED).update(state=DeliveryState.SENDING):
        return  # another sender took it
    message = _message(campaign, rendered[delivery.language], delivery, subscription)
    try:
        _hand_over(backend, message, links.bounce_address(delivery.pk))
    except Exception as error:
        if refusal := permanent_refusal(error):
            _refused(mark, delivery, *refusal, outcome)
            return
        mark.update(state=DeliveryState.QUEUED)  # the server is away: this row waits for the next sender
        raise
    mark.update(state=DeliveryState.SENT, sent_at=timezone.now(), message_id=message.extra_headers["Message-ID"])
    outcome.sent += 1


def _refused(mark, delivery, code, text, outcome) -> None:
    """The mail server refused the address for good: the row failed, and the address is treated as a hard
    bounce (bounces.record)."""
    mark.update(state=DeliveryState.FAILED, error=f"{code} {text}"[:300])
    bounces.record(kind="hard", delivery=Delivery.objects.select_related("subscription").get(pk=delivery.pk),
                   recipient=delivery.subscription.email, status_code=str(code), diagnostic=text)
    outcome.failed += 1


def finish(campaign_id: int) -> bool:
    """The issue has gone out: its `finish` step with its figures, then its archive copy in the library."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().filter(pk=campaign_id, status=CampaignStatus.SENDING).first()
        if campaign is None:
            return False
        counts = dict(campaign.deliveries.values_list("state").annotate(n=Count("pk")).order_by())
        campaign = transition(campaign, "finish", by=SYSTEM, finished_at=timezone.now())
        log_action(campaign, "newsletter.campaign.figures", by=SYSTEM, data={"deliveries": counts})
        file_in_library(campaign)
    return True


# -- the task worker ---------------------------------------------------------------------------------------------

@task()
def start_campaign_task(*, campaign_id: int) -> str:
    campaign = Campaign.objects.filter(pk=campaign_id, status=CampaignStatus.SCHEDULED,
                                       scheduled_at__lte=timezone.now()).first()
    if campaign is None:  # unscheduled, moved later, or already started
        return "not due"
    start(campaign)
    return "started"


@task()
def send_campaign_task(*, campaign_id: int) -> str:
    """A slice of the sending (NEWSLETTER_TASK_SECONDS), then the next slice queued: a worker restarting waits
    for one slice at most, and a killed one is taken over by `send_newsletters` once its lease runs out."""
    outcome = send(campaign_id, seconds=settings.NEWSLETTER_TASK_SECONDS)
    if outcome.holding and not outcome.finished and Campaign.objects.filter(
            pk=campaign_id, status=CampaignStatus.SENDING).exists():
        send_campaign_task.enqueue(campaign_id=campaign_id)
    return f"sent {outcome.sent}, skipped {outcome.skipped}, failed {outcome.failed}"
