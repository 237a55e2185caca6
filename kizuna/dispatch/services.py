"""Every write on experts and dispatches. Each state change goes through core.workflow.transition."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kizuna.core.audit import create_logged, save_logged
from kizuna.core.enums import OrgKind
from kizuna.core.fiscal import fiscal_year_of
from kizuna.core.history import register_action_labels
from kizuna.core.models import Organisation
from kizuna.core.policies import require
from kizuna.core.workflow import transition

from . import costs, effects  # noqa: F401 - effects attach the transitions' guards and mail
from .enums import COOPERATION_MAX_MONTHS, COUNTED, FEE_HOURS_CAP, REGIONAL_ADVISER_LIMIT, Format, Programme
from .models import Dispatch, Expert, ExpertDate

# The audit actions that are not transitions (those are named by the table), in words for a record's history.
register_action_labels({
    "dispatch.dispatch.request": gettext_lazy("Asked for an expert"),
    "dispatch.dispatch.remind_visit": gettext_lazy("Reminded the expert of the visit"),
    "dispatch.dispatch.remind_report": gettext_lazy("Reminded the expert of the overdue report"),
    "dispatch.expert.create": gettext_lazy("Added to the registry"),
    "dispatch.expert.update_profile": gettext_lazy("Updated the profile"),
    "dispatch.expertdate.mark": gettext_lazy("Marked the date"),
})

REQUEST_FIELDS = ("theme", "field", "language", "format", "audience", "starts_on", "ends_on", "hours")


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _check_input(host, programme, data) -> None:
    errors = {}
    if programme not in Programme.values:
        errors["programme"] = _("Choose a programme.")
    elif host.kind == OrgKind.FOREIGN_GOVERNMENT and programme != Programme.COOPERATION:
        # A foreign local government asks for a cooperation expert, through the office that covers it.
        errors["programme"] = _("A foreign local government can only ask for an international cooperation "
                                "expert.")
    if not (data.get("theme") or "").strip():
        errors["theme"] = _("Say what the expert is needed for.")
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if not starts or not ends:
        errors["starts_on"] = _("Give the dates.")
    elif ends < starts:
        errors["ends_on"] = _("The end date is before the start date.")
    elif programme == Programme.COOPERATION and ends > _add_months(starts, COOPERATION_MAX_MONTHS):
        errors["ends_on"] = _("A cooperation expert is sent for at most 3 months.")
    if data.get("format", Format.ONSITE) not in Format.values:
        errors["format"] = _("Choose on site or online.")
    if data.get("hours") is not None and not 0 < float(data["hours"]) <= 1000:
        errors["hours"] = _("Give the hours planned.")
    if errors:
        raise ValidationError({k: ValidationError(v, code="invalid") for k, v in errors.items()})


def request_dispatch(*, by, host, programme: str, data: dict) -> Dispatch:
    """A body asks for an expert. At most 2 regional-adviser dispatches per body per fiscal year, counted
    under a lock on the body's row so two requests at once cannot both pass."""
    require(by, "dispatch.request_dispatch")
    require(by, "dispatch.request_dispatch_for", host)
    _check_input(host, programme, data)
    fields = {k: data[k] for k in REQUEST_FIELDS if data.get(k) not in (None, "")}
    year = fiscal_year_of(fields["starts_on"])
    with transaction.atomic():
        if programme == Programme.REGIONAL:
            Organisation.objects.select_for_update().get(pk=host.pk)
            used = Dispatch.objects.filter(host=host, programme=programme, fiscal_year=year,
                                           status__in=COUNTED).count()
            if used >= REGIONAL_ADVISER_LIMIT:
                raise ValidationError(
                    _("%(host)s has already had %(n)d regional-adviser dispatches in FY%(year)d; the limit is "
                      "%(limit)d per body per fiscal year.")
                    % {"host": host, "n": used, "year": year, "limit": REGIONAL_ADVISER_LIMIT}, code="limit")
        return create_logged(Dispatch, "dispatch.dispatch.request", by=by, host=host, created_by=by,
                             programme=programme, fiscal_year=year, **fields)


def fee_notice(dispatch) -> str:
    if dispatch.programme == Programme.REGIONAL and dispatch.hours > FEE_HOURS_CAP:
        return _("The fee is paid for at most %(cap)d hours.") % {"cap": FEE_HOURS_CAP}
    return ""


def offer_expert(*, by, dispatch, expert) -> Dispatch:
    fee = costs.fee_for(dispatch.programme, expert.hourly_fee, dispatch.hours)
    return transition(dispatch, "offer", by=by, expert=expert, fee=fee)


def respond_offer(*, by, dispatch, accept: bool, note: str = "") -> Dispatch:
    if accept:
        return transition(dispatch, "accept", by=by, note=note)
    return transition(dispatch, "decline", by=by, note=note, expert=None, fee=0)


def file_report(*, by, dispatch, report: str, hours, travel_costs: int, allowance: int = 0) -> Dispatch:
    """The expert's report: what was done, hours, travel costs and allowance; the fee follows from the hours
    (capped as the programme says) and the costs are split between CLAIR and the host (costs.py)."""
    errors = {}
    if travel_costs is None or travel_costs < 0:
        errors["travel_costs"] = ValidationError(_("Give the travel costs in yen."), code="invalid")
    if allowance is None or allowance < 0:
        errors["allowance"] = ValidationError(_("Give the allowance in yen."), code="invalid")
    if errors:
        raise ValidationError(errors)
    fee = costs.fee_for(dispatch.programme, dispatch.expert.hourly_fee, hours)
    clair, host = costs.split(dispatch.programme, fee=fee, travel=travel_costs, allowance=allowance)
    return transition(dispatch, "report", by=by, report=report.strip(), report_hours=hours,
                      travel_costs=travel_costs, allowance=allowance, fee=fee, cost_clair=clair, cost_host=host)


def answer_survey(*, by, dispatch, rating, comment: str = "") -> Dispatch:
    return transition(dispatch, "survey", by=by, rating=rating, survey_comment=comment.strip())


def cancel_dispatch(*, by, dispatch, reason: str = "") -> Dispatch:
    return transition(dispatch, "cancel", by=by, note=reason)


PROFILE_FIELDS = ("fields", "languages", "regions", "onsite", "online", "bio")


def update_profile(*, by, expert, data: dict) -> Expert:
    """The expert (or headquarters) keeps the profile: fields, languages, regions, formats and the text."""
    require(by, "dispatch.edit_expert", expert)
    changed = [name for name in PROFILE_FIELDS if name in data]
    for name in changed:
        setattr(expert, name, data[name])
    if not (expert.onsite or expert.online):
        raise ValidationError(_("An expert works on site, online or both."), code="no_format")
    save_logged(expert, "dispatch.expert.update_profile", by=by, fields=changed)
    return expert


def set_dates(*, by, expert, days: list[date], available: bool) -> int:
    """Mark dates the expert can (or cannot) go; a date marked again takes the new mark."""
    require(by, "dispatch.edit_expert", expert)
    with transaction.atomic():
        marks = {m.day: m for m in ExpertDate.objects.select_for_update().filter(expert=expert, day__in=days)}
        for day in sorted(set(days)):
            mark = marks.get(day)
            if mark is None:
                create_logged(ExpertDate, "dispatch.expertdate.mark", by=by, expert=expert, day=day,
                              available=available)
            elif mark.available != available:
                mark.available = available
                save_logged(mark, "dispatch.expertdate.mark", by=by, fields=["available"])
    return len(days)
