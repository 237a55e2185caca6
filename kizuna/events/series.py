"""The plan KPI series an event or a booth is tagged with: a choice among the series the plan counts.

A series is a slug (`economic_seminar`) that registered KPI queries count (`events.sessions.economic_seminar`,
`jet.orientation.attendees`…; `kizuna.plan.kpis.register_kpi(counts=…)`). The forms offer the series that a KPI of
the plan counts, named by those KPIs, and the services refuse any other: a typo can no longer silently drop an
event from the plan's figures.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kizuna.core.fiscal import current_fiscal_year, fiscal_year_of
from kizuna.plan.queries import series_in_plan

EVENT = "event"
BOOTH = "booth"


def _year(when: datetime | None) -> int:
    return fiscal_year_of(when.date()) if when is not None else current_fiscal_year()


def series_choices(what: str, when: datetime | None = None, current: str = "") -> list[tuple[str, str]]:
    """Choices for a form: "not counted by the plan", then each series the plan of `when`'s fiscal year counts,
    named by its KPIs ("1-1 Seminar participants"). `current`, a value the record already has that the plan does
    not count, is kept as a choice (marked) so that editing the record shows it and the service can say why."""
    choices = [("", _("Not counted by the plan"))]
    found = series_in_plan(what, _year(when))
    for series, kpis in found.items():
        named = "; ".join(f"{kpi.programme.code} {kpi.display_name}" for kpi in kpis)
        choices.append((series, f"{series} — {named}" if named else series))
    if current and current not in found:
        choices.append((current, _("%(series)s (not counted by the plan)") % {"series": current}))
    return choices


def check_series(series: str, what: str, when: datetime | None) -> None:
    """Refuse a series that no KPI of the plan (of `when`'s fiscal year, or the latest) counts."""
    if series and series not in series_in_plan(what, _year(when)):
        raise ValidationError({"kpi_series": ValidationError(
            _("No KPI of the plan counts the series “%(series)s”: choose one from the list, or none."),
            code="unknown_series", params={"series": series})})
