"""The mail magazine in the API, for the staff who run lists: their lists, a list's subscribers (read, and add a
reader who is then asked to confirm), its issues with their figures, and bounce reports fed by a mail server."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router
from ninja.pagination import paginate

from kizuna.core.api import pages_of
from kizuna.core.api_permissions import allowed, loaded, parse_id
from kizuna.core.schemas import refused, with_errors

from . import queries, services
from .bounces import NotABounce, feed
from .enums import CampaignStatus, SubscriptionStatus
from .models import Campaign, MailingList
from .schemas import BounceIn, BounceOut, CampaignOut, ListOut, SubscriberIn, SubscriberOut

router = Router(tags=["newsletter"])
MAX_ID = 2**31 - 1
ID = Path(..., ge=1, le=MAX_ID)


def _list(request, list_id, **kwargs):
    return get_object_or_404(MailingList.objects.visible_to(request.user, "newsletter.manage_list"),
                             pk=parse_id(list_id))


def _campaign(request, campaign_id, **kwargs):
    return get_object_or_404(Campaign.objects.visible_to(request.user, "newsletter.view_campaign")
                             .select_related("mailing_list", "topic"), pk=parse_id(campaign_id))


def list_out(request, row) -> dict:
    m = row["list"]
    return {"id": m.pk, "slug": m.slug, "kind": m.kind, "name": m.name, "name_en": m.name_en,
            "owner": m.owner.name, "languages": m.languages, "is_public": m.is_public,
            "track_engagement": m.track_engagement, "active": row["active"], "pending": row["pending"],
            "url": request.build_absolute_uri(m.get_absolute_url())}


def subscriber_out(s) -> dict:
    return {"id": s.pk, "email": s.email, "name": s.name, "language": s.language, "status": s.status,
            "source": s.source, "topics": [t.slug for t in s.topics.all()], "consent_at": s.consent_at,
            "confirmed_at": s.confirmed_at, "unsubscribed_at": s.unsubscribed_at, "soft_bounces": s.soft_bounces}


def campaign_out(request, c) -> dict:
    figures = None
    if c.status in (CampaignStatus.SENDING, CampaignStatus.SENT):
        found = queries.campaign_figures(c)
        figures = {k: found[k] for k in ("queued", "sent", "delivered", "bounced", "complaints", "skipped", "failed",
                                         "unsubscribed")}
        figures |= {k: found[k] if found["tracking"] else None for k in ("opened", "clicked")}
    return {"id": c.pk, "list": c.mailing_list.slug, "number": c.number, "status": c.status,
            "topic": c.topic.slug if c.topic else None, "scheduled_at": c.scheduled_at,
            "started_at": c.started_at, "finished_at": c.finished_at, "recipients": c.recipients,
            "parts": [{"language": p.language, "subject": p.subject, "preheader": p.preheader, "body": p.body}
                      for p in c.parts.all()],
            "figures": figures,
            "archive_url": request.build_absolute_uri(c.archive_url()) if c.status == CampaignStatus.SENT else None}


@router.get("/lists", response=with_errors(list[ListOut], 401, 403), auth=allowed("newsletter.view_workspace"))
def newsletter_lists(request):
    """The lists the caller runs, with their readers subscribed and awaiting confirmation."""
    return [list_out(request, row) for row in queries.list_table(request.user)]


SubscriberPages = pages_of(lambda request, rows: [subscriber_out(s) for s in rows])


@router.get("/lists/{list_id}/subscribers", response=with_errors(list[SubscriberOut]),
            auth=allowed("newsletter.manage_list", get_object=_list))
@paginate(SubscriberPages, page_size=100)
def newsletter_subscribers(request, list_id: int = ID, status: SubscriptionStatus | None = None,
                           q: str = Query("", max_length=100)):
    """A list's readers, by address; narrowed by status or by a part of the address."""
    found = loaded(request).subscriptions.prefetch_related("topics").order_by("email")
    if status:
        found = found.filter(status=status)
    if q:
        found = found.filter(email__icontains=q)
    return found


@router.post("/lists/{list_id}/subscribers", response=with_errors(SubscriberOut),
             auth=allowed("newsletter.manage_list", get_object=_list), url_name="newsletter_subscribers")
def newsletter_add_subscriber(request, payload: SubscriberIn, list_id: int = ID):
    """Ask a reader to subscribe: they get the confirmation mail and are subscribed once they confirm (the
    same double opt-in as the public page; an address already subscribed is left as it is)."""
    mailing_list = loaded(request)
    topics = list(mailing_list.topics.filter(slug__in=payload.topics))
    try:
        if len(topics) != len(set(payload.topics)):
            raise ValidationError({"topics": "Choose topics of this list."})
        found = services.subscribe(by=request.user, mailing_list=mailing_list, email=payload.email,
                                   language=payload.language, name=payload.name, topics=topics)
    except ValidationError as error:
        raise refused(error) from None
    return subscriber_out(found)


CampaignPages = pages_of(lambda request, rows: [campaign_out(request, c) for c in rows])


@router.get("/lists/{list_id}/campaigns", response=with_errors(list[CampaignOut]),
            auth=allowed("newsletter.manage_list", get_object=_list))
@paginate(CampaignPages, page_size=20)
def newsletter_campaigns(request, list_id: int = ID):
    """A list's issues, newest first, with their parts and, once sending has started, their figures."""
    return loaded(request).campaigns.select_related("mailing_list", "topic").prefetch_related("parts") \
        .order_by("-number")


@router.get("/campaigns/{campaign_id}", response=with_errors(CampaignOut),
            auth=allowed("newsletter.view_campaign", get_object=_campaign))
def newsletter_campaign(request, campaign_id: int = ID):
    """One issue: its parts by language, its schedule, and its figures (sent, delivered, bounced, complaints,
    unsubscribed; opens and clicks only when the list counts them)."""
    return campaign_out(request, loaded(request))


@router.post("/bounces", response=with_errors(BounceOut, 401, 403, 422), auth=allowed("newsletter.feed_bounces"))
def newsletter_feed_bounce(request, payload: BounceIn):
    """A bounce (DSN, RFC 3464) or complaint (ARF, RFC 5965) as the mail server received it: a hard bounce or a
    complaint stops the address at once, soft bounces after three."""
    try:
        bounce = feed(payload.message.encode("utf-8", "surrogateescape"))
    except NotABounce as reason:
        raise refused(ValidationError(f"Not a bounce report of Kizuna's mail: {reason}.")) from None
    subscription = bounce.subscription
    if subscription is not None:
        subscription.refresh_from_db()
    return {"kind": bounce.kind, "recipient": bounce.recipient, "status_code": bounce.status_code,
            "subscription_status": subscription.status if subscription else None}
