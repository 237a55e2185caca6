"""Every write of the plan app by a person: KPI figures, their sign-off by a second person, and each programme's
quarterly progress report. (Loading the plan from its file is loading.py.)"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kizuna.core.audit import create_logged, update_logged
from kizuna.core.enums import CLAIR_KINDS
from kizuna.core.history import register_action_labels
from kizuna.core.models import Organisation, User
from kizuna.core.policies import require
from kizuna.core.workflow import transition

from .cache import bump_plan_version
from .enums import FIGURE_TRANSITIONS, KPISource, ProgrammeProgress
from .models import KPI, KPIEntry, Programme, ProgrammeReport

MAX_VALUE = Decimal("999999999999.99")

register_action_labels({
    "plan.kpientry.record": gettext_lazy("Recorded the figure"),
    "plan.kpientry.supersede": gettext_lazy("Superseded by a newer figure"),
    "plan.programmereport.report": gettext_lazy("Reported the programme's progress"),
    "plan.programmereport.supersede": gettext_lazy("Superseded by a newer report"),
})


def _field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _clean_value(value) -> Decimal:
    try:
        value = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise _field_error("value", _("Enter a number."), "invalid") from None
    if value < 0:
        raise _field_error("value", _("A figure cannot be negative."), "negative")
    if value > MAX_VALUE:
        raise _field_error("value", _("This figure is too large."), "too_large")
    return value


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
    value = _clean_value(value)
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
