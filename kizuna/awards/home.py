"""The award on the task-first home page: rounds open to the person's bodies, their drafts and returned
nominations, the nominations waiting for their prefecture's endorsement, and headquarters' checks to make."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.home import HomeContribution, OpenItem, Start, register_home_provider

from .enums import OPEN, Eligibility, NominationStatus
from .models import Nomination, Round


@register_home_provider
def awards_on_the_home_page(request) -> HomeContribution | None:
    user = request.user
    if not user.is_authenticated:
        return None
    found = HomeContribution()
    now = timezone.now()
    for r in (Round.objects.visible_to(user, "awards.nominate").select_related("call")
              .filter(call__opens_at__lte=now, call__closes_at__gt=now).order_by("call__closes_at")[:2]):
        found.start.append(Start(_("Nominate for “%(round)s”") % {"round": r.call.title},
                                 reverse("awards:nominate", kwargs={"pk": r.pk})))
    for n in (Nomination.objects.visible_to(user, "awards.send_nomination").filter(status__in=OPEN)
              .select_related("round__call").order_by("pk")[:10]):
        found.waiting.append(OpenItem(_("Your nomination “%(title)s” is not sent yet.") % {"title": n.title},
                                      n.get_absolute_url(), _("Open the nomination"), due=n.round.call.closes_at))
    endorse = Nomination.objects.visible_to(user, "awards.endorse_nomination").filter(
        status=NominationStatus.WITH_PREFECTURE).count()
    if endorse:
        found.waiting.append(OpenItem(_("Nominations waiting for your prefecture's endorsement."),
                                      reverse("awards:nominations"), _("Open the nominations"), count=endorse))
    if user.has_perm("awards.check_eligibility"):
        unchecked = Nomination.objects.filter(status=NominationStatus.NOMINATED,
                                              eligibility=Eligibility.UNCHECKED).count()
        if unchecked:
            found.waiting.append(OpenItem(_("Nominations for the award waiting for the eligibility check."),
                                          reverse("awards:nominations"), _("Open the nominations"),
                                          count=unchecked))
    return found if (found.waiting or found.start) else None
