"""Every write of the plan app leaves its audit entry, inside `audit.watch()` (which fails on a write without
one): a figure recorded, and the figure it supersedes. Loading the plan file is not a business action: its
report is its record, and it writes no entry per row."""

from decimal import Decimal
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from kizuna.core.audit import watch
from kizuna.core.history import history_of
from kizuna.plan.models import KPI, Area, FiscalYear, KPIEntry, Programme
from kizuna.plan.services import record_kpi_figure
from tests.audit_helpers import logged

from .factories import KPIFactory


@pytest.fixture
def kpi(db):
    return KPIFactory()


def test_record_kpi_figure_is_logged_with_every_field(world, kpi):
    with watch():
        entry = record_kpi_figure(by=world.people["branch_staff"], kpi=kpi, quarter=2, value="12.5",
                                  organisation=world.tokyo_branch, note="支部の集計")
    who, changes = logged(entry, "plan.kpientry.record")
    assert changes.pop("entered_at")[0] is None
    assert (who, changes) == (world.people["branch_staff"], {
        "kpi": [None, kpi.pk], "quarter": [None, 2], "organisation": [None, world.tokyo_branch.pk],
        "value": [None, "12.50"], "note": [None, "支部の集計"], "entered_by": [None, world.people["branch_staff"].pk],
        "status": [None, "entered"]})


def test_record_kpi_figure_logs_the_figure_it_supersedes(world, kpi):
    first = record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=5)
    with watch():
        second = record_kpi_figure(by=world.people["superuser"], kpi=kpi, quarter=1, value=Decimal("6"))
    first.refresh_from_db()
    assert logged(first, "plan.kpientry.supersede") == (world.people["superuser"], {
        "superseded_at": [None, first.superseded_at.isoformat()]})
    assert logged(second, "plan.kpientry.record")[1]["value"] == [None, "6.00"]


def test_load_plan_writes_no_entry_per_row(world, offices):
    with watch():
        call_command("load_plan", year=2026, stdout=StringIO())
    types = ContentType.objects.get_for_models(FiscalYear, Area, Programme, KPI, KPIEntry).values()
    assert (FiscalYear.objects.count(), LogEntry.objects.filter(content_type__in=types).count()) == (1, 0)



def test_history_of_a_superseded_figure_says_so_in_words(world, kpi):
    first = record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=5)
    record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=6)
    assert [(e.who, e.what) for e in reversed(history_of(first))] == [
        ("Hq Staff", "実績値を入力"), ("Hq Staff", "新しい実績値に置き換え")]
