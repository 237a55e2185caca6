"""Grants on the task-first home page: an applicant's calls to apply to, drafts and returned applications with
their deadlines; headquarters' applications and reports waiting for them, counted per call."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kizuna.core.home import HomeContribution, OpenItem, Recent, Start, register_home_provider
from kizuna.core.ui import tone_of

from . import queries
from .enums import EDITABLE, INTERIM_OPEN, InterimStatus, PaymentRequestStatus, RefundStatus, SchemeKind, Status
from .models import Application, Call, InterimReport, PaymentRequest, RefundOrder

MAX_CALLS = 3  # open calls offered on the home page; the rest are on the calls page


@register_home_provider
def grants_on_the_home_page(request) -> HomeContribution | None:
    user = request.user
    if not user.is_authenticated:
        return None
    found = HomeContribution()
    _applicant(user, found)
    if user.has_perm("grants.decide_application"):
        _headquarters(user, found)
        _interim_waiting(user, found)
        _settlement_waiting(user, found)
    return found if (found.waiting or found.start or found.recent) else None


def _applicant(user, found: HomeContribution) -> None:
    now = timezone.now()
    open_calls = [c for c in Call.objects.visible_to(user, "grants.start_application").select_related("scheme")
                  .filter(is_published=True, opens_at__lte=now, closes_at__gt=now)
                  .exclude(scheme__kind=SchemeKind.AWARD).order_by("closes_at")]  # an award is nominated for
    for call in open_calls[:MAX_CALLS]:
        found.start.append(Start(_("Apply to “%(call)s”") % {"call": call.title},
                                 reverse("grants:apply", kwargs={"pk": call.pk}),
                                 _("Open until %(closes)s") % {"closes": _day(call.closes_at)}))
    if len(open_calls) > MAX_CALLS:
        found.start.append(Start(_("See every open grant call"), reverse("grants:calls")))
    own = list(queries.own_applications(user)[:20])
    for a in own:
        if a.status == Status.RETURNED:
            found.waiting.append(OpenItem(_("“%(title)s” was returned to you for more information: answer and "
                                            "submit it again.") % {"title": a.title}, a.get_absolute_url(),
                                          _("Open the application"), due=a.call.closes_at))
        elif a.status == Status.DRAFT:
            found.waiting.append(OpenItem(_("Your draft “%(title)s” is not submitted yet.") % {"title": a.title},
                                          a.get_absolute_url(), _("Continue the draft"), due=a.call.closes_at))
        elif a.status in (Status.AWARDED, Status.REPORT_RETURNED) and a.call.report_due_on:
            found.waiting.append(OpenItem(_("Send the performance report of “%(title)s”.") % {"title": a.title},
                                          a.get_absolute_url(), _("Open the application"),
                                          due=a.call.report_due_on))
    for report in (InterimReport.objects.visible_to(user, "grants.submit_interim")
                   .filter(status__in=INTERIM_OPEN, application__status__in=(Status.AWARDED, Status.REPORT_RETURNED))
                   .select_related("application").order_by("due_on")[:10]):
        found.waiting.append(OpenItem(_("Send interim report %(number)d of “%(title)s”.") % {
            "number": report.number, "title": report.application.title}, report.get_absolute_url(),
            _("Open the application"), due=report.due_on))
    _grantee_settlement(user, found)
    found.recent += [Recent(a.title, a.get_absolute_url(), a.get_status_display(),
                            tone_of(a.status, "grants.Application"), a.submitted_at or a.created_at)
                     for a in own[:5] if a.status not in EDITABLE]


def _headquarters(user, found: HomeContribution) -> None:
    waiting = (Application.objects.visible_to(user, "grants.decide_application")
               .filter(status__in=(Status.SUBMITTED, Status.REPORTED))
               .values("call_id", "call__title", "status").annotate(n=Count("pk")).order_by("call__closes_at"))
    for row in waiting:
        if row["status"] == Status.SUBMITTED:
            text = _("Applications waiting for review and decision in “%(call)s”.") % {"call": row["call__title"]}
        else:
            text = _("Performance reports waiting for you in “%(call)s”.") % {"call": row["call__title"]}
        found.waiting.append(OpenItem(text, reverse("grants:board", kwargs={"pk": row["call_id"]}),
                                      _("Open the board"), count=row["n"]))


def _interim_waiting(user, found: HomeContribution) -> None:
    """Interim reports overdue from grantees, and those sent and waiting for an answer."""
    reports = InterimReport.objects.visible_to(user, "grants.answer_interim")
    overdue = reports.filter(status__in=INTERIM_OPEN, due_on__lt=timezone.localdate()).count()
    sent = reports.filter(status=InterimStatus.SUBMITTED).count()
    url = reverse("grants:interim_reports")
    if overdue:
        found.waiting.append(OpenItem(_("Interim reports overdue from grantees."), url, _("See the interim reports"),
                                      count=overdue))
    if sent:
        found.waiting.append(OpenItem(_("Interim reports waiting for your answer."), url,
                                      _("See the interim reports"), count=sent))


def _grantee_settlement(user, found: HomeContribution) -> None:
    """Refunds the grantee owes (by their due date) and the settlement they may now ask for."""
    for refund in (RefundOrder.objects.visible_to(user).filter(status=RefundStatus.ISSUED)
                   .filter(application__in=Application.objects.visible_to(user, "grants.request_payment"))
                   .select_related("application").order_by("due_on")[:10]):
        found.waiting.append(OpenItem(_("Pay back ¥%(amount)s of the grant for “%(title)s”.") % {
            "amount": f"{refund.amount:,}", "title": refund.application.title}, refund.get_absolute_url(),
            _("Open the application"), due=refund.due_on))


def _settlement_waiting(user, found: HomeContribution) -> None:
    """Refund orders overdue from grantees, and payment requests waiting for an answer."""
    overdue = (RefundOrder.objects.visible_to(user, "grants.record_refund")
               .filter(status=RefundStatus.ISSUED, due_on__lt=timezone.localdate()).count())
    if overdue:
        found.waiting.append(OpenItem(_("Refund orders overdue from grantees."), reverse("grants:refunds"),
                                      _("See the refund orders"), count=overdue))
    requests = (PaymentRequest.objects.visible_to(user, "grants.answer_payment_request")
                .filter(status=PaymentRequestStatus.SUBMITTED).select_related("application").order_by("pk"))
    for request in requests[:10]:
        found.waiting.append(OpenItem(_("A payment request waits for your answer: “%(title)s”, ¥%(amount)s.") % {
            "title": request.application.title, "amount": f"{request.amount:,}"}, request.get_absolute_url(),
            _("Open the application")))


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")
