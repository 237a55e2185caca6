"""The public archive of sent issues (pages in views.py) and each public list's sent issue as a library record of
kind "mail magazine or newsletter issue", one edition per language (kizuna.library.flow)."""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kizuna.core.audit import SYSTEM, save_logged
from kizuna.library.flow import file_newsletter_issue

from . import compose
from .models import Campaign
from .services import mail_language


def file_in_library(campaign: Campaign) -> None:
    mailing_list = campaign.mailing_list
    if not mailing_list.is_public:
        return
    editions = []
    for part in campaign.parts.all():
        text = compose.render(part.body, site="").text
        with translation.override(mail_language(part.language)):
            number = _("No. %(number)s") % {"number": campaign.number}
        editions.append((part.language, f"{mailing_list.label(part.language)} {number} {part.subject}",
                         part.preheader, text))
    with transaction.atomic():
        work = file_newsletter_issue(work=campaign.archive_work, publisher=mailing_list.owner, editions=editions,
                                     published_on=timezone.localdate(campaign.finished_at or timezone.now()),
                                     keywords=mailing_list.name)
        if campaign.archive_work_id != work.pk:
            campaign.archive_work = work
            save_logged(campaign, "newsletter.campaign.archived", by=SYSTEM, fields=["archive_work"])
