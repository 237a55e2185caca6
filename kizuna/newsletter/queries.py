"""What the pages and the API read: the lists a person runs, a list's figures and growth by month, an issue's
figures (sent, delivered, bounced, unsubscribed, and opens and clicks when the list counts them)."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncMonth

from kizuna.core.charts import bars

from .enums import BounceKind, CampaignStatus, DeliveryState, SubscriptionStatus
from .models import Campaign, MailingList


def workspace_lists(user):
    """The lists the person runs with their readers subscribed and waiting, and their issues sent (a subquery:
    a join of the readers with the issues would multiply the rows)."""
    sent = (Campaign.objects.filter(mailing_list=OuterRef("pk"), status=CampaignStatus.SENT).order_by()
            .values("mailing_list").annotate(n=Count("pk")).values("n"))
    return (MailingList.objects.visible_to(user, "newsletter.manage_list").select_related("owner")
            .annotate(active=Count("subscriptions", filter=Q(subscriptions__status=SubscriptionStatus.ACTIVE)),
                      pending=Count("subscriptions", filter=Q(subscriptions__status=SubscriptionStatus.PENDING)),
                      sent=Coalesce(Subquery(sent), 0))
            .order_by("kind", "name"))


def list_figures(mailing_list) -> dict:
    by_status = dict(mailing_list.subscriptions.values_list("status").annotate(n=Count("pk")).order_by())
    labels = dict(SubscriptionStatus.choices)
    joined = dict(mailing_list.subscriptions.exclude(confirmed_at=None).annotate(m=TruncMonth("confirmed_at"))
                  .values_list("m").annotate(n=Count("pk")).order_by())
    left = dict(mailing_list.subscriptions.exclude(unsubscribed_at=None).annotate(m=TruncMonth("unsubscribed_at"))
                .values_list("m").annotate(n=Count("pk")).order_by())
    months = sorted(set(joined) | set(left))[-12:]
    growth = [{"month": m, "joined": joined.get(m, 0), "left": left.get(m, 0),
               "net": joined.get(m, 0) - left.get(m, 0)} for m in months]
    return {
        "by_status": [{"status": s, "label": labels[s], "n": by_status.get(s, 0)} for s in SubscriptionStatus.values],
        "active": by_status.get(SubscriptionStatus.ACTIVE, 0),
        "growth": growth,
        "growth_bars": bars([(m["month"].strftime("%Y-%m"), m["joined"]) for m in growth]),
    }


def campaign_figures(campaign) -> dict:
    counts = campaign.deliveries.aggregate(
        queued=Count("pk", filter=Q(state__in=(DeliveryState.QUEUED, DeliveryState.SENDING))),
        sent=Count("pk", filter=Q(state=DeliveryState.SENT)),
        skipped=Count("pk", filter=Q(state=DeliveryState.SKIPPED)),
        failed=Count("pk", filter=Q(state=DeliveryState.FAILED)),
        bounced=Count("pk", filter=Q(bounce__in=(BounceKind.HARD, BounceKind.SOFT)) | Q(state=DeliveryState.FAILED)),
        complaints=Count("pk", filter=Q(bounce=BounceKind.COMPLAINT)),
        opened=Count("pk", filter=Q(opened_at__isnull=False)),
        clicked=Count("pk", filter=Q(clicked_at__isnull=False)),
    )
    counts["delivered"] = max(counts["sent"] - (counts["bounced"] - counts["failed"]), 0)
    counts["unsubscribed"] = campaign.unsubscriptions.count()
    counts["by_language"] = list(campaign.deliveries.values_list("language").annotate(n=Count("pk"))
                                 .order_by("language"))
    counts["tracking"] = campaign.mailing_list.track_engagement
    return counts


def sent_issues(mailing_list):
    return mailing_list.campaigns.filter(status=CampaignStatus.SENT).prefetch_related("parts").order_by("-number")


def list_table(user) -> list[dict]:
    """Per list the person runs: active readers and the issues sent, for the workspace's table and the API."""
    return [{"list": m, "active": m.active, "pending": m.pending, "sent": m.sent} for m in workspace_lists(user)]
