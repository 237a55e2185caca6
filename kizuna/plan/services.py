"""Every write of the plan app by a person: the plan itself edited by headquarters (areas, programmes, KPIs and
their targets), KPI figures, their sign-off by a second person, and each programme's quarterly progress report.
(Loading a new year's plan from its file is loading.py; the workbook of targets and figures is importing.py.)"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kizuna.core.audit import create_logged, log_action, save_logged, update_logged
from kizuna.core.enums import CLAIR_KINDS
from kizuna.core.history import register_action_labels
from kizuna.core.models import Organisation, User
from kizuna.core.policies import require
from kizuna.core.workflow import transition

from .cache import bump_plan_version
from .enums import APPS, FIGURE_TRANSITIONS, KPISource, ProgrammeProgress
from .kpis import registered_keys
from .models import KPI, Area, FiscalYear, KPIEntry, Programme, ProgrammeReport

MAX_VALUE = Decimal("999999999999.99")

register_action_labels({
    "plan.area.create": gettext_lazy("Added the area"),
    "plan.area.update": gettext_lazy("Changed the area"),
    "plan.programme.create": gettext_lazy("Added the programme"),
    "plan.programme.update": gettext_lazy("Changed the programme"),
    "plan.kpi.create": gettext_lazy("Added the KPI"),
    "plan.kpi.update": gettext_lazy("Changed the KPI"),
    "plan.kpientry.record": gettext_lazy("Recorded the figure"),
    "plan.kpientry.supersede": gettext_lazy("Superseded by a newer figure"),
    "plan.programmereport.report": gettext_lazy("Reported the programme's progress"),
    "plan.programmereport.supersede": gettext_lazy("Superseded by a newer report"),
})


def _field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def clean_value(value) -> Decimal:
    try:
        value = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise _field_error("value", _("Enter a number."), "invalid") from None
    if value < 0:
        raise _field_error("value", _("A figure cannot be negative."), "negative")
    if value > MAX_VALUE:
        raise _field_error("value", _("This figure is too large."), "too_large")
    return value


# -- the plan, edited by headquarters ----------------------------------------------------------------------------

AREA_FIELDS = ("number", "name", "name_en", "summary", "summary_en")
PROGRAMME_FIELDS = ("code", "number", "name", "name_en", "description", "description_en", "division",
                    "division_en", "app")
KPI_FIELDS = ("code", "name", "name_en", "unit", "unit_en", "target", "target_basis", "source", "query_key",
              "aggregation", "order")


def _save_plan_record(record, values: dict, action: str, *, by, offices=None):
    """Write `values` to `record` (new, or its locked row), whole-record checks and constraints included, in one
    audit entry with the changed fields; the offices of a programme are logged with it."""
    if record.pk is not None:
        record = type(record).objects.select_for_update().get(pk=record.pk)
    for name, value in values.items():
        setattr(record, name, value.strip() if isinstance(value, str) else value)
    record.full_clean()
    if record.pk is None:
        save_logged(record, f"{action}.create", by=by)
    else:
        save_logged(record, f"{action}.update", by=by, fields=list(values))
    if offices is not None:
        before = set(record.offices.values_list("pk", flat=True))
        after = {o.pk for o in offices}
        if before != after:
            record.offices.set(after)
            log_action(record, f"{action}.update", by=by, changes={"offices": [sorted(before), sorted(after)]})
    transaction.on_commit(bump_plan_version)
    return record


@transaction.atomic
def save_area(*, by: User, fiscal_year: FiscalYear | None = None, area: Area | None = None, **values) -> Area:
    """Add an area to a year's plan, or change one (its number, names and summary)."""
    target = area if area is not None else fiscal_year
    require(by, "plan.edit_area" if area is not None else "plan.manage_plan", target)
    values = {name: values[name] for name in AREA_FIELDS if name in values}
    year_id = area.fiscal_year_id if area is not None else fiscal_year.pk
    clash = Area.objects.filter(fiscal_year_id=year_id, number=values.get("number"))
    if "number" in values and clash.exclude(pk=area.pk if area else None).exists():
        raise _field_error("number", _("This year's plan already has an area %(number)s.")
                           % {"number": values["number"]}, "duplicate")
    return _save_plan_record(area or Area(fiscal_year=fiscal_year), values, "plan.area", by=by)


@transaction.atomic
def save_programme(*, by: User, area: Area | None = None, programme: Programme | None = None, offices=None,
                   **values) -> Programme:
    """Add a programme to an area, or change one: its code (unique in the year, as the plan file and the
    dashboard's rows know it), names, responsible division and offices (CLAIR's own organisations)."""
    if programme is not None:
        require(by, "plan.edit_programme", programme)
        area = programme.area
    else:
        require(by, "plan.edit_area", area)
    values = {name: values[name] for name in PROGRAMME_FIELDS if name in values}
    errors = {}
    code = (values.get("code") or (programme.code if programme else "")).strip()
    clash = Programme.objects.filter(area__fiscal_year_id=area.fiscal_year_id, code=code)
    if programme is not None:
        clash = clash.exclude(pk=programme.pk)
    if code and clash.exists():
        errors["code"] = ValidationError(_("Another programme of this year's plan has the code %(code)s.")
                                         % {"code": code}, code="duplicate")
    if values.get("app") and values["app"] not in APPS:
        errors["app"] = ValidationError(_("Choose one of Kizuna's apps."), code="app")
    if offices is not None and any(o.kind not in CLAIR_KINDS for o in offices):
        errors["offices"] = ValidationError(_("Choose CLAIR's headquarters, branches or overseas offices."),
                                            code="offices")
    if errors:
        raise ValidationError(errors)
    return _save_plan_record(programme or Programme(area=area), values, "plan.programme", by=by, offices=offices)


def _check_kpi_values(values: dict, programme: Programme, kpi: KPI | None) -> dict:
    source = values.get("source", kpi.source if kpi else "")
    key = (values.get("query_key", kpi.query_key if kpi else "") or "").strip()
    errors = {}
    code = (values.get("code") or "").strip()
    if code and KPI.objects.filter(programme=programme, code=code).exclude(pk=kpi.pk if kpi else None).exists():
        errors["code"] = ValidationError(_("This programme already has a KPI with the code %(code)s.")
                                         % {"code": code}, code="duplicate")
    if source == KPISource.MANUAL:
        values["query_key"] = ""
    elif not key:
        errors["query_key"] = ValidationError(_("A KPI measured by Kizuna needs the query that measures it."),
                                              code="required")
    elif key not in registered_keys():
        errors["query_key"] = ValidationError(_("No app of Kizuna measures “%(key)s”.") % {"key": key},
                                              code="unknown_query")
    target = values.get("target")
    if target is not None:
        try:
            values["target"] = Decimal(str(target)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            errors["target"] = ValidationError(_("Enter a number."), code="invalid")
        else:
            if values["target"] < 0:
                errors["target"] = ValidationError(_("A target cannot be negative."), code="negative")
            elif values["target"] > MAX_VALUE:
                errors["target"] = ValidationError(_("This figure is too large."), code="too_large")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def save_kpi(*, by: User, programme: Programme | None = None, kpi: KPI | None = None, **values) -> KPI:
    """Add a KPI to a programme, or change one: names, unit, how it is measured (by hand, or by a query an app
    registers) and its target with where the target comes from. Figures already entered stay with the KPI."""
    if kpi is not None:
        require(by, "plan.edit_kpi", kpi)
        programme = kpi.programme
    else:
        require(by, "plan.edit_programme", programme)
    values = {name: values[name] for name in KPI_FIELDS if name in values}
    if values.get("order") is None:
        values.pop("order", None)
    values = _check_kpi_values(values, programme, kpi)
    if kpi is None and "order" not in values:
        values["order"] = (programme.kpis.aggregate(last=Max("order"))["last"] or 0) + 1
    return _save_plan_record(kpi or KPI(programme=programme), values, "plan.kpi", by=by)


# -- figures -----------------------------------------------------------------------------------------------------

@transaction.atomic
def record_kpi_figure(*, by: User, kpi: KPI, quarter: int, value, organisation: Organisation | None = None,
                      note: str = "") -> KPIEntry:
    """Enter the figure of a manual KPI for a quarter (overall, or for one office or branch).

    A figure for CLAIR as a whole is headquarters' to enter; a figure for one office or branch, headquarters'
    or that office's or branch's staff's. The figure that was current for the same KPI, quarter and
    organisation is superseded, not overwritten: the history stays, and both the superseded and the new figure
    are logged. The rows are locked so that two people entering at once cannot both be current. The new figure
    counts once a second person signs it off (`sign_off_figure`)."""
    require(by, "plan.record_kpi", kpi)
    if organisation is None:
        require(by, "plan.record_kpi_overall", kpi)
    else:
        require(by, "plan.record_kpi_for_organisation", organisation)
    if kpi.source != KPISource.MANUAL:
        raise ValidationError(
            _("“%(kpi)s” is measured by Kizuna; its figures cannot be entered by hand.") % {"kpi": kpi},
            code="measured_by_query",
        )
    if quarter not in (1, 2, 3, 4):
        raise _field_error("quarter", _("Choose a quarter from Q1 (April–June) to Q4 (January–March)."),
                           "quarter")
    if organisation is not None and organisation.kind not in CLAIR_KINDS:
        raise _field_error("organisation", _("Figures are entered for CLAIR headquarters, a branch or an "
                                             "overseas office."), "organisation")
    value = clean_value(value)
    note = (note or "").strip()
    if len(note) > 500:
        raise _field_error("note", _("The note is too long (500 characters at most)."), "note")
    KPI.objects.select_for_update().filter(pk=kpi.pk).first()
    current = KPIEntry.objects.select_for_update().current().filter(
        kpi=kpi, quarter=quarter, organisation=organisation
    )
    update_logged(current, "plan.kpientry.supersede", by=by, superseded_at=timezone.now())
    entry = create_logged(KPIEntry, "plan.kpientry.record", by=by, kpi=kpi, quarter=quarter,
                          organisation=organisation, value=value, note=note, entered_by=by)
    transaction.on_commit(bump_plan_version)
    return entry


@FIGURE_TRANSITIONS.guard("second_person")
def _second_person(entry: KPIEntry, *, by, **changes) -> None:
    if entry.superseded_at is not None:
        raise ValidationError(_("A newer figure has replaced this one; sign off the newer figure instead."),
                              code="superseded")
    if entry.entered_by_id == by.pk:
        raise ValidationError(_("A figure is signed off by a second person, not by the person who entered it."),
                              code="same_person")


def sign_off_figure(*, by: User, entry: KPIEntry) -> KPIEntry:
    """A second person confirms a figure entered by hand: from now on the plan counts it."""
    entry = transition(entry, "sign_off", by=by, signed_off_by=by, signed_off_at=timezone.now())
    transaction.on_commit(bump_plan_version)
    return entry


def return_figure(*, by: User, entry: KPIEntry, reason: str) -> KPIEntry:
    """A second person sends a figure back with the reason; it never counts, and a corrected figure is entered
    in its place."""
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", _("Say why the figure is returned."), "required")
    if len(reason) > 500:
        raise _field_error("reason", _("The reason is too long (500 characters at most)."), "too_long")
    return transition(entry, "return", by=by, note=reason, signed_off_by=by, signed_off_at=timezone.now(),
                      return_reason=reason)


@transaction.atomic
def report_programme(*, by: User, programme: Programme, quarter: int, progress: str, note: str) -> ProgrammeReport:
    """How the programme stands in a quarter, with a short note, by its responsible division or office. A report
    for a quarter already reported supersedes that one (both stay in the history)."""
    require(by, "plan.report_programme", programme)
    errors = {}
    if quarter not in (1, 2, 3, 4):
        errors["quarter"] = ValidationError(_("Choose a quarter from Q1 (April–June) to Q4 (January–March)."),
                                            code="quarter")
    if progress not in ProgrammeProgress.values:
        errors["progress"] = ValidationError(_("Choose on track, at risk or behind."), code="progress")
    note = (note or "").strip()
    if not note:
        errors["note"] = ValidationError(_("Write a short progress note."), code="required")
    elif len(note) > 1000:
        errors["note"] = ValidationError(_("The note is too long (1,000 characters at most)."), code="too_long")
    if errors:
        raise ValidationError(errors)
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    current = ProgrammeReport.objects.select_for_update().current().filter(programme=programme, quarter=quarter)
    update_logged(current, "plan.programmereport.supersede", by=by, superseded_at=timezone.now())
    report = create_logged(ProgrammeReport, "plan.programmereport.report", by=by, programme=programme,
                           quarter=quarter, progress=progress, note=note, reported_by=by)
    transaction.on_commit(bump_plan_version)
    return report
