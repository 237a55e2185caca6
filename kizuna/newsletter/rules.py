"""Who may see and do what with the mail magazine and the newsletters.

Anyone reads the public lists' pages, subscribes to them, and reads the archive of the issues sent. A list is
run by the organisation that owns it (CLAIR headquarters for the mail magazine, an overseas office for its
newsletter): its staff, and headquarters, keep its subscribers, write and send its issues and read its figures.
The readers' own steps (confirm, preferences, unsubscribe) are taken through the signed link in their mail.
"""

from kizuna.core.enums import OrgKind
from kizuna.core.policies import ANYONE, Field, Policy, Through, Who, WorksFor, register
from kizuna.core.rules import HQ_STAFF, working_orgs

from .enums import CampaignStatus


def runs_lists(user) -> bool:
    """Headquarters and the overseas offices publish lists."""
    return bool(working_orgs(user, {OrgKind.HEADQUARTERS, OrgKind.OVERSEAS_OFFICE}))


MANAGER = WorksFor("owner") | HQ_STAFF
LIST_VIEW = Field("is_public", True) | MANAGER
ISSUE_MANAGER = Through("mailing_list", MANAGER)
ISSUE_READ = Field("status", CampaignStatus.SENT) | ISSUE_MANAGER
PUBLISHER = Who(runs_lists, "runs_lists")


class MailingListPolicy(Policy):
    model = "newsletter.MailingList"
    view = "newsletter.view_list"
    actions = {
        "newsletter.view_list": LIST_VIEW,
        "newsletter.view_lists": ANYONE,
        "newsletter.use_link": ANYONE,  # the signed link in the reader's mail decides
        "newsletter.view_workspace": PUBLISHER | HQ_STAFF,
        "newsletter.add_list": HQ_STAFF,
        "newsletter.manage_list": MANAGER,
        "newsletter.feed_bounces": HQ_STAFF,
    }


class TopicPolicy(Policy):
    model = "newsletter.Topic"
    view = "newsletter.view_topic"
    actions = {"newsletter.view_topic": Through("mailing_list", LIST_VIEW)}


class SubscriptionPolicy(Policy):
    model = "newsletter.Subscription"
    view = "newsletter.view_subscription"
    actions = {"newsletter.view_subscription": Through("mailing_list", MANAGER),
               "newsletter.manage_subscription": Through("mailing_list", MANAGER)}


class CampaignPolicy(Policy):
    model = "newsletter.Campaign"
    view = "newsletter.read_issue"
    history = "newsletter.view_campaign"
    actions = {
        "newsletter.read_issue": ISSUE_READ,
        "newsletter.view_campaign": ISSUE_MANAGER,
        "newsletter.edit_campaign": Field("status", CampaignStatus.DRAFT) & ISSUE_MANAGER,
        "newsletter.send_campaign": ISSUE_MANAGER,
    }


class PartPolicy(Policy):
    model = "newsletter.Part"
    view = "newsletter.view_part"
    actions = {"newsletter.view_part": Through("campaign", ISSUE_READ)}


class ImagePolicy(Policy):
    model = "newsletter.Image"
    view = "newsletter.view_image"
    # Mail programs fetch the images without a login: the address carries the image's hash (views.image).
    actions = {"newsletter.view_image": ANYONE}


class DeliveryPolicy(Policy):
    model = "newsletter.Delivery"
    view = "newsletter.view_delivery"
    actions = {"newsletter.view_delivery": Through("campaign", ISSUE_MANAGER)}


class BouncePolicy(Policy):
    model = "newsletter.Bounce"
    view = "newsletter.view_bounce"
    actions = {"newsletter.view_bounce": Through("subscription", Through("mailing_list", MANAGER)) | HQ_STAFF}


for _policy in (MailingListPolicy, TopicPolicy, SubscriptionPolicy, CampaignPolicy, PartPolicy, ImagePolicy,
                DeliveryPolicy, BouncePolicy):
    register(_policy())
