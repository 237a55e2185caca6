"""The registry on the task-first home page: for headquarters, the proposals waiting for a decision; for local
governments' staff, their returned proposals and where to propose an affiliation or update their entry of the
"looking for a partner" list."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kizuna.core.home import HomeContribution, OpenItem, Recent, Start, register_home_provider
from kizuna.core.rules import working_orgs
from kizuna.core.ui import tone_of

from .enums import HOLDER_KINDS, ProposalStatus
from .models import PartnerWanted, Proposal


@register_home_provider
def exchange_on_the_home_page(request) -> HomeContribution | None:
    user = request.user
    if not user.is_authenticated:
        return None
    found = HomeContribution()
    if user.has_perm("exchange.decide_proposal"):
        waiting = Proposal.objects.filter(status=ProposalStatus.SUBMITTED).count()
        if waiting:
            found.waiting.append(OpenItem(_("Sister-city proposals wait for a decision."),
                                          reverse("exchange:proposals") + "?status=submitted",
                                          _("Review the proposals"), count=waiting))
    if user.has_perm("exchange.propose"):
        found.start.append(Start(_("Propose a sister-city affiliation"), reverse("exchange:proposal_new"),
                                 _("A new affiliation, or a change to one of yours")))
        own = PartnerWanted.objects.filter(local_government__in=working_orgs(user, HOLDER_KINDS)).first()
        found.start.append(Start(_("Update your “looking for a partner” entry") if own else
                                 _("Look for a partner city"),
                                 reverse("exchange:wanted_edit", args=[own.pk]) if own
                                 else reverse("exchange:wanted_new")))
        mine = (Proposal.objects.visible_to(user).filter(proposed_by=user).select_related("local_government")
                .order_by("-created_at")[:3])
        for proposal in mine:
            if proposal.status == ProposalStatus.RETURNED:
                found.waiting.append(OpenItem(_("CLAIR returned your proposal “%(proposal)s”.")
                                              % {"proposal": proposal}, proposal.get_absolute_url(),
                                              _("Change and send again")))
            found.recent.append(Recent(str(proposal), proposal.get_absolute_url(), proposal.get_status_display(),
                                       tone_of(proposal.status, "exchange.Proposal"), proposal.created_at))
    return found if (found.waiting or found.start or found.recent) else None
