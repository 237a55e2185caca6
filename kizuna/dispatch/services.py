"""Every write on experts and dispatches. Each state change goes through core.workflow.transition."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kizuna.core.audit import SYSTEM, create_logged, save_logged
from kizuna.core.enums import OrgKind
from kizuna.core.fiscal import fiscal_year_of
from kizuna.core.history import register_action_labels
from kizuna.core.models import Organisation
from kizuna.core.policies import require
from kizuna.core.uploads import check_upload
from kizuna.core.workflow import transition

from . import costs, effects  # noqa: F401 - effects attach the transitions' guards and mail
from .enums import (
    COOPERATION_MAX_MONTHS,
    COUNTED,
    FEE_HOURS_CAP,
    MAX_VISITS,
    PLANNING,
    REGIONAL_ADVISER_LIMIT,
    Format,
    Programme,
    Status,
    VisitStatus,
)
from .models import Dispatch, Expert, ExpertDate, ReportFile, Visit

# The audit actions that are not transitions (those are named by the table), in words for a record's history.
register_action_labels({
    "dispatch.dispatch.request": gettext_lazy("Asked for an expert"),
    "dispatch.dispatch.remind_visit": gettext_lazy("Reminded the expert of the visit"),
    "dispatch.dispatch.remind_report": gettext_lazy("Reminded the expert of the overdue report"),
    "dispatch.expert.create": gettext_lazy("Added to the registry"),
    "dispatch.expert.update_profile": gettext_lazy("Updated the profile"),
    "dispatch.expertdate.mark": gettext_lazy("Marked the date"),
    "dispatch.visit.plan": gettext_lazy("Planned a visit"),
    "dispatch.reportfile.add": gettext_lazy("Added a photo or file to the report"),
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


# --- the visits of an engagement -----------------------------------------------------------------------------


def _check_visit(dispatch, day, topic: str, hours) -> dict:
    errors = {}
    if day is None:
        errors["day"] = _("Give the date of the visit.")
    elif not dispatch.starts_on <= day <= dispatch.ends_on:
        errors["day"] = _("The visit is outside the dates of the dispatch (%(starts)s – %(ends)s).") % {
            "starts": dispatch.starts_on, "ends": dispatch.ends_on}
    if not (topic or "").strip():
        errors["topic"] = _("Say what the visit is about.")
    elif len(topic.strip()) > 200:
        errors["topic"] = _("Keep the topic under 200 characters.")
    if not _hours_ok(hours):
        errors["hours"] = _("Give the hours of the visit (at most 24, to one decimal place).")
    return errors


def _hours_ok(hours) -> bool:
    if hours is None or isinstance(hours, bool):
        return False
    value = Decimal(str(hours))
    return value.is_finite() and 0 < value <= 24 and value == value.quantize(Decimal("0.1"))


def plan_visit(*, by, dispatch, day, topic: str, hours) -> Visit:
    """Add a visit (a date and a topic) to the series of an engagement, while it is requested, offered or
    confirmed; within its dates, one visit a day. Refused whole, nothing saved."""
    require(by, "dispatch.plan_visits", dispatch)
    with transaction.atomic():
        locked = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
        if locked.status not in PLANNING:
            raise ValidationError(_("Visits can no longer be planned for this dispatch."), code="closed")
        errors = _check_visit(locked, day, topic, hours)
        if not errors and locked.visits.filter(day=day).exists():
            errors["day"] = _("A visit is already planned on this date.")
        if not errors and locked.visits.count() >= MAX_VISITS:
            errors["day"] = _("An engagement has at most %(n)d visits.") % {"n": MAX_VISITS}
        if errors:
            raise ValidationError({k: ValidationError(v, code="invalid") for k, v in errors.items()})
        return create_logged(Visit, "dispatch.visit.plan", by=by, dispatch=locked, day=day, topic=topic.strip(),
                             hours=Decimal(str(hours)))


def report_visit(*, by, visit, report: str, hours, travel_costs: int, allowance: int = 0) -> Visit:
    """The expert's report of one visit; the fee follows from its hours (capped per visit as the programme says).
    The last visit reported moves the engagement on (settle_visits), in the same transaction."""
    dispatch = visit.dispatch
    if dispatch.status != Status.CONFIRMED:
        raise ValidationError(_("A visit is reported once the dispatch is confirmed."), code="not_confirmed")
    errors = {}
    if not _hours_ok(hours):
        errors["hours"] = ValidationError(_("Give the hours of the visit (at most 24, to one decimal place)."),
                                          code="invalid")
    if travel_costs is None or travel_costs < 0:
        errors["travel_costs"] = ValidationError(_("Give the travel costs in yen."), code="invalid")
    if allowance is None or allowance < 0:
        errors["allowance"] = ValidationError(_("Give the allowance in yen."), code="invalid")
    if errors:
        raise ValidationError(errors)
    hours = Decimal(str(hours))
    fee = costs.fee_for(dispatch.programme, dispatch.expert.hourly_fee, hours)
    with transaction.atomic():
        _lock(dispatch)
        visit = transition(visit, "report", by=by, report=(report or "").strip(), report_hours=hours,
                           travel_costs=travel_costs, allowance=allowance, fee=fee)
        settle_visits(dispatch)
    return visit


def cancel_visit(*, by, visit, reason: str = "") -> Visit:
    with transaction.atomic():
        _lock(visit.dispatch)
        visit = transition(visit, "cancel", by=by, note=reason)
        settle_visits(visit.dispatch)
    return visit


def _lock(dispatch) -> None:
    """The engagement's row, locked: two visits reported at once settle it one after the other, so the second
    sees the first and the engagement is reported once."""
    Dispatch.objects.select_for_update().filter(pk=dispatch.pk).first()


def settle_visits(dispatch) -> Dispatch | None:
    """The engagement's state follows its visits: once a confirmed one has no planned visit left and one at least
    reported, the system reports it with the visits' totals (the `visits_done` row of its table)."""
    dispatch = Dispatch.objects.get(pk=dispatch.pk)
    if dispatch.status != Status.CONFIRMED:
        return None
    visits = list(dispatch.visits.all())
    states = {v.status for v in visits}
    if not visits or VisitStatus.PLANNED in states or VisitStatus.REPORTED not in states:
        return None
    done = [v for v in visits if v.status == VisitStatus.REPORTED]
    fee, travel, allowance = (sum(getattr(v, name) for v in done) for name in ("fee", "travel_costs", "allowance"))
    clair, host = costs.split(dispatch.programme, fee=fee, travel=travel, allowance=allowance)
    report = "\n\n".join(f"{v.day} {v.topic}\n{v.report}" for v in done)
    return transition(dispatch, "visits_done", by=SYSTEM, report=report, travel_costs=travel, allowance=allowance,
                      report_hours=sum(v.report_hours for v in done), fee=fee, cost_clair=clair, cost_host=host)


# --- photos and files of a report ------------------------------------------------------------------------------

REPORT_FILE_KINDS = {"application/pdf", "image/png", "image/jpeg"}
MAX_FILES_AT_ONCE = 10
MAX_FILES_PER_DISPATCH = 50
# While the report is being written or may still be completed (the host's survey closes it).
FILES_OPEN = {Status.CONFIRMED, Status.REPORTED}


def _check_image(upload) -> None:
    """A photo must be a whole image that Pillow reads (a JPEG head followed by anything else is not), and not a
    decompression bomb."""
    from PIL import Image, UnidentifiedImageError  # heavy: loaded only for a photo

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_("“%(name)s” is not an image that can be opened.") % {"name": upload.name},
                              code="bad_image") from error
    finally:
        upload.seek(0)


def check_report_file(upload) -> str:
    """The content type of a photo (PNG, JPEG) or PDF, checked by its content (kizuna.core.uploads), or a
    ValidationError naming the file."""
    kind = check_upload(upload)
    if kind not in REPORT_FILE_KINDS:
        raise ValidationError(_("“%(name)s” is not a photo (PNG, JPEG) or a PDF (checked by its content, not its "
                                "name).") % {"name": upload.name}, code="file_type")
    if kind.startswith("image/"):
        _check_image(upload)
    return kind


def add_report_files(*, by, dispatch, files, visit=None) -> list[ReportFile]:
    """The expert adds photos and PDFs to the report of a confirmed or reported dispatch (or of one of its
    visits, not cancelled). Every file is checked before any is stored: one refused, none saved."""
    require(by, "dispatch.add_report_files", dispatch)
    files = list(files or ())
    errors = []
    if not files:
        errors.append(ValidationError(_("Choose at least one file."), code="no_file"))
    if len(files) > MAX_FILES_AT_ONCE:
        errors.append(ValidationError(_("Add at most %(n)d files at once.") % {"n": MAX_FILES_AT_ONCE},
                                      code="too_many"))
    kinds = []
    for upload in files:
        try:
            kinds.append(check_report_file(upload))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError({"files": errors})
    with transaction.atomic():
        locked = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
        if locked.status not in FILES_OPEN:
            raise ValidationError(_("Photos and files are added to the report of a confirmed or reported "
                                    "dispatch."), code="closed")
        if visit is not None and (visit.dispatch_id != locked.pk or visit.status == VisitStatus.CANCELLED):
            raise ValidationError({"visit": ValidationError(_("Choose a visit of this dispatch that took place."),
                                                            code="bad_visit")})
        if locked.files.count() + len(files) > MAX_FILES_PER_DISPATCH:
            raise ValidationError({"files": ValidationError(
                _("A report holds at most %(n)d files.") % {"n": MAX_FILES_PER_DISPATCH}, code="too_many")})
        return [create_logged(ReportFile, "dispatch.reportfile.add", by=by, dispatch=locked, visit=visit,
                              file=upload, name=upload.name[:200], content_type=kind, size=upload.size,
                              uploaded_by=by)
                for upload, kind in zip(files, kinds, strict=True)]
