"""The plan's KPIs of the mail magazine and the newsletters: `newsletter.subscribers.active` (readers subscribed
at the end of the period, as of that day) and `newsletter.issues.sent` (issues whose sending finished in the
period), for CLAIR as a whole or the office that runs the lists."""

from django.db.models import Q

from kizuna.core.enums import OrgKind
from kizuna.plan.kpis import period, register_kpi, run_by

from .enums import CampaignStatus, SubscriptionStatus
from .models import Campaign, Subscription

RUNNERS = {OrgKind.OVERSEAS_OFFICE}


@register_kpi("newsletter.subscribers.active")
def active_subscribers(*, year, quarter, organisation_id):
    scope = run_by(organisation_id, "mailing_list__owner_id", kinds=RUNNERS)
    if scope is None:
        return None
    _start, end = period(year, quarter)
    return (Subscription.objects.filter(scope, confirmed_at__lte=end)
            .filter(Q(unsubscribed_at__isnull=True) | Q(unsubscribed_at__gt=end))
            .exclude(status__in=(SubscriptionStatus.BOUNCED, SubscriptionStatus.COMPLAINED)).count())


@register_kpi("newsletter.issues.sent")
def issues_sent(*, year, quarter, organisation_id):
    scope = run_by(organisation_id, "mailing_list__owner_id", kinds=RUNNERS)
    if scope is None:
        return None
    start, end = period(year, quarter)
    return Campaign.objects.filter(scope, status=CampaignStatus.SENT, finished_at__range=(start, end)).count()
