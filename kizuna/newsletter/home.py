"""The mail magazine on the task-first home page: for the staff who run lists, the issues they are writing or
that wait to go out, and where to start a new one."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kizuna.core.home import HomeContribution, OpenItem, Start, register_home_provider

from .enums import CampaignStatus
from .models import Campaign


@register_home_provider
def newsletter_on_the_home_page(request) -> HomeContribution | None:
    user = request.user
    if not user.is_authenticated or not user.has_perm("newsletter.view_workspace"):
        return None
    found = HomeContribution(start=[Start(_("Write a mail magazine or newsletter issue"),
                                          reverse("newsletter:workspace"))])
    open_issues = (Campaign.objects.visible_to(user, "newsletter.view_campaign")
                   .filter(status__in=(CampaignStatus.DRAFT, CampaignStatus.SCHEDULED))
                   .select_related("mailing_list").prefetch_related("parts").order_by("scheduled_at", "pk")[:5])
    for campaign in open_issues:
        part = campaign.part_for()
        number = _("No. %(number)s") % {"number": campaign.number}
        name = f"{campaign.mailing_list.label()} {number}" + (f" {part.subject}" if part else "")
        if campaign.status == CampaignStatus.DRAFT:
            found.waiting.append(OpenItem(_("The issue “%(issue)s” is a draft.") % {"issue": name},
                                          campaign.get_absolute_url(), _("Continue the issue")))
        else:
            found.waiting.append(OpenItem(_("The issue “%(issue)s” is scheduled.") % {"issue": name},
                                          campaign.get_absolute_url(), _("Open the issue"), due=campaign.scheduled_at))
    return found
