from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from kizuna.plan import queries
from kizuna.plan.enums import KPISource
from kizuna.plan.models import KPIEntry
from kizuna.plan.services import record_kpi_figure

from .factories import KPIFactory, counted_figure


@pytest.fixture
def kpi(db):
    return KPIFactory()


def test_record_kpi_figure_allowed_for_hq_staff(world, kpi):
    entry = record_kpi_figure(
        by=world.people["hq_staff"], kpi=kpi, quarter=2, value="12.5", note="from the report"
    )
    assert (entry.quarter, entry.value, entry.note, entry.superseded_at) == (
        2,
        Decimal("12.50"),
        "from the report",
        None,
    )


def test_record_kpi_figure_denied_for_municipality_staff(world, kpi):
    with pytest.raises(PermissionDenied):
        record_kpi_figure(by=world.people["municipality_staff"], kpi=kpi, quarter=1, value=5)
    assert KPIEntry.objects.count() == 0


def test_record_kpi_figure_supersedes_the_current_figure_and_keeps_the_history(world, kpi):
    first = counted_figure(world, by=world.people["hq_staff"], kpi=kpi, quarter=1, value=5)
    second = counted_figure(world, by=world.people["hq_staff"], kpi=kpi, quarter=1, value=8)
    first.refresh_from_db()
    board = queries.dashboard(world.people["hq_staff"], fiscal_year=kpi.programme.area.fiscal_year)
    assert (
        first.superseded_at is not None,
        second.superseded_at,
        KPIEntry.objects.current().get(),
        board.kpi_rows[0].figure.value,
    ) == (True, None, second, Decimal("8"))


def test_record_kpi_figure_for_an_office_leaves_the_overall_figure_current(world, kpi):
    overall = record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=5)
    record_kpi_figure(by=world.people["office_staff"], kpi=kpi, quarter=1, value=2, organisation=world.nyc)
    overall.refresh_from_db()
    assert (overall.superseded_at, KPIEntry.objects.current().count()) == (None, 2)


def test_record_kpi_figure_allowed_for_office_staff_for_their_own_office(world, kpi):
    entry = record_kpi_figure(
        by=world.people["office_staff"], kpi=kpi, quarter=3, value=4, organisation=world.nyc
    )
    assert entry.organisation == world.nyc


def test_record_kpi_figure_denied_for_branch_staff_for_another_office(world, kpi):
    with pytest.raises(PermissionDenied):
        record_kpi_figure(
            by=world.people["branch_staff"], kpi=kpi, quarter=3, value=4, organisation=world.nyc
        )


@pytest.mark.parametrize("role", ["branch_staff", "office_staff"])
def test_record_kpi_figure_for_clair_as_a_whole_denied_for_branch_and_office_staff(world, kpi, role):
    overall = record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=5)
    with pytest.raises(PermissionDenied):
        record_kpi_figure(by=world.people[role], kpi=kpi, quarter=1, value=99)
    assert list(KPIEntry.objects.current().values_list("pk", "value")) == [(overall.pk, Decimal("5.00"))]


def test_record_kpi_figure_for_clair_as_a_whole_allowed_for_the_superuser(world, kpi):
    assert record_kpi_figure(by=world.people["superuser"], kpi=kpi, quarter=1, value=5).organisation is None


def test_record_kpi_figure_allowed_for_branch_staff_for_their_own_branch(world, kpi):
    entry = record_kpi_figure(by=world.people["branch_staff"], kpi=kpi, quarter=1, value=4,
                              organisation=world.tokyo_branch)
    assert (entry.organisation, entry.value) == (world.tokyo_branch, Decimal("4.00"))


def test_record_kpi_figure_allowed_for_hq_staff_for_a_branch(world, kpi):
    entry = record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=4,
                              organisation=world.tokyo_branch)
    assert entry.organisation == world.tokyo_branch


def test_record_kpi_figure_refuses_a_kpi_measured_by_query(world):
    kpi = KPIFactory(source=KPISource.QUERY, query_key="grants.applications.tabunka")
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=5)
    assert (excinfo.value.code, excinfo.value.messages) == (
        "measured_by_query",
        [f"“{kpi.name_en}” is measured by Kizuna; its figures cannot be entered by hand."],
    )


@pytest.mark.parametrize("value, code", [("-1", "negative"), ("abc", "invalid"), ("1e15", "too_large")])
def test_record_kpi_figure_refuses_a_bad_value(world, kpi, value, code):
    with pytest.raises(ValidationError) as excinfo:
        record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=value)
    assert excinfo.value.error_dict["value"][0].code == code


def test_record_kpi_figure_refuses_a_quarter_outside_1_to_4(world, kpi):
    with pytest.raises(ValidationError) as excinfo:
        record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=5, value=1)
    assert list(excinfo.value.error_dict) == ["quarter"]


def test_record_kpi_figure_refuses_an_organisation_that_is_not_clair(world, kpi):
    with pytest.raises(ValidationError) as excinfo:
        record_kpi_figure(
            by=world.people["superuser"], kpi=kpi, quarter=1, value=1, organisation=world.chiyoda
        )
    assert list(excinfo.value.error_dict) == ["organisation"]


def test_record_kpi_figure_refusal_is_in_the_persons_language(world):
    kpi = KPIFactory(source=KPISource.QUERY, query_key="grants.applications.tabunka")
    with translation.override("ja"), pytest.raises(ValidationError) as excinfo:
        record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=5)
    assert excinfo.value.messages == [
        f"「{kpi.name}」はKizunaが計測するため、実績値を手入力することはできません。"
    ]


def test_record_kpi_figure_is_in_the_audit_log(world, kpi):
    from auditlog.models import LogEntry

    first = record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=5)
    record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=6)
    actions = sorted(LogEntry.objects.get_for_object(first).values_list("action", flat=True))
    assert actions == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
