"""Requests on the task-first home page: who may file is offered to ask an overseas office; a branch sees the
requests waiting for its endorsement, headquarters those waiting to be assigned, an office's staff its open
queue, each counted; the person's organisations' latest requests are listed with their status."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kizuna.core import rules as core_rules
from kizuna.core.enums import OrgKind
from kizuna.core.home import HomeContribution, OpenItem, Recent, Start, register_home_provider
from kizuna.core.ui import tone_of

from . import queries
from .enums import Status

RECENT = 5


@register_home_provider
def requests_on_the_home_page(request) -> HomeContribution | None:
    user = request.user
    if not user.is_authenticated:
        return None
    found = HomeContribution()
    if user.has_perm("requests.file_request"):
        found.start.append(Start(_("Ask an overseas office for support"), reverse("requests:new"),
                                 _("Research, a visit abroad, an exhibition or an introduction")))
    if user.has_perm("requests.view_own_requests"):
        inbox = [r.status for r in queries.inbox(user)]
        if endorse := inbox.count(Status.AWAITING_BRANCH):
            found.waiting.append(OpenItem(_("Requests waiting for your branch's endorsement."),
                                          reverse("requests:mine"), _("See the requests"), count=endorse))
        if accept := inbox.count(Status.AWAITING_HQ):
            found.waiting.append(OpenItem(_("Requests waiting to be assigned to an overseas office."),
                                          reverse("requests:mine"), _("See the requests"), count=accept))
        found.recent += [Recent(r.title, r.get_absolute_url(), r.status_label, tone_of(r.status), r.submitted_at)
                         for r in queries.recent_own_requests(user, RECENT)]
    own_offices = [o.pk for o in core_rules.working_orgs(user, {OrgKind.OVERSEAS_OFFICE})]
    if own_offices and user.has_perm("requests.view_queues"):
        for office in queries.offices(user).filter(pk__in=own_offices):
            if office.open_count:
                found.waiting.append(OpenItem(
                    _("Open requests at %(office)s.") % {"office": office.display_name},
                    reverse("requests:queue", kwargs={"office_pk": office.pk}), _("Open the queue"),
                    count=office.open_count))
    return found if (found.waiting or found.start or found.recent) else None
