"""Seconded staff on the task-first home page: for headquarters, the secondments ending soon and those missing
records; for a home government, its people at CLAIR; for the seconded person, their own record."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.home import HomeContribution, OpenItem, Start, register_home_provider
from kizuna.core.rules import is_hq_staff, working_orgs

from . import queries
from .enums import HOME_KINDS, SecondmentStatus
from .models import Secondment


@register_home_provider
def secondments_on_the_home_page(request) -> HomeContribution | None:
    user = request.user
    if not user.is_authenticated:
        return None
    found = HomeContribution()
    index = reverse("secondments:index")
    if is_hq_staff(user) and user.has_perm("secondments.add_secondment"):
        visible = Secondment.objects.all()
        ending = queries.ending_soon(visible)
        count = ending.count()
        if count:
            first = ending.order_by("ends_on").values_list("ends_on", flat=True).first()
            found.waiting.append(OpenItem(_("Secondments end within three months: plan the successors and the "
                                            "returns."), f"{index}?status=serving", _("See them"), count=count,
                                          due=first))
        missing = queries.missing_records(visible).count()
        if missing:
            found.waiting.append(OpenItem(_("Seconded staff lack a language training record or a field-training "
                                            "report."), f"{index}?status=serving", _("Complete the records"),
                                          count=missing))
    for government in working_orgs(user, HOME_KINDS):
        serving = Secondment.objects.filter(home_government=government,
                                            status__in=(SecondmentStatus.PLANNED, SecondmentStatus.SERVING))
        count = serving.count()
        if count:
            url = reverse("secondments:home_government", args=[government.pk])
            found.waiting.append(OpenItem(_("%(government)s has staff seconded to CLAIR.") % {
                "government": government}, url, _("See their postings and training"), count=count,
                due=serving.order_by("ends_on").values_list("ends_on", flat=True).first()))
    mine = Secondment.objects.filter(person=user).exclude(ended_on__lt=timezone.localdate()).order_by(
        "-starts_on").first()
    if mine is not None:
        found.start.append(Start(_("My secondment: postings and training"), mine.get_absolute_url()))
    return found if (found.waiting or found.start) else None
