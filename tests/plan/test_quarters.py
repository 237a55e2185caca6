"""A dated count or sum gives its four quarters in one grouped query (`kpis.by_quarter`): the same figures as its
query run for each quarter, and the year as their total."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kizuna.plan import queries
from kizuna.plan.kpis import _DATED, by_quarter, get_query, is_dated
from kizuna.signage.models import SheetMade
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import arrange_update

from .factories import KPIFactory

TOKYO = ZoneInfo("Asia/Tokyo")
SHEETS = "signage.sheets.created"


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=TOKYO)


def _sheets(organisation, made_at, sheets=1):
    made = SheetMade.objects.create(kind="sign", sheets=sheets, organisation=organisation)
    arrange_update(SheetMade.objects.filter(pk=made.pk), made_at=made_at)


def _each_quarter(key, organisation_id):
    query = get_query(key)
    figures = [query(year=2026, quarter=q, organisation_id=organisation_id) for q in (1, 2, 3, 4)]
    return None if figures[0] is None else dict(zip((1, 2, 3, 4), figures, strict=True))


@pytest.fixture
def sheets(world):
    """Sheets made on the edges of FY2026's quarters, as the day is in Japan, and just outside the year."""
    _sheets(world.chiyoda, _at(2026, 3, 31, 23, 59), 100)  # FY2025
    _sheets(world.chiyoda, _at(2026, 4, 1, 0, 0), 1)
    _sheets(world.chiyoda, _at(2026, 6, 30, 23, 59, 59), 2)
    _sheets(None, _at(2026, 7, 1, 0, 0), 4)
    _sheets(world.minato, _at(2026, 12, 31, 23, 0), 8)
    _sheets(world.chiyoda, _at(2027, 3, 31, 23, 59, 59), 16)
    _sheets(world.chiyoda, _at(2027, 4, 1, 0, 0), 200)  # FY2027


def test_sheets_fall_in_the_quarter_of_their_day_in_japan(sheets):
    assert by_quarter(SHEETS, year=2026, organisation_id=None) == {1: 3, 2: 4, 3: 8, 4: 16}


def test_a_branch_has_its_own_quarters_and_an_office_none(world, sheets):
    assert by_quarter(SHEETS, year=2026, organisation_id=world.tokyo_branch.pk) == {1: 3, 2: 0, 3: 8, 4: 16}
    assert by_quarter(SHEETS, year=2026, organisation_id=world.nyc.pk) is None


def _events(world):
    """Overseas seminars of New York in Q1 and Q3 with checked-in participants, one not yet held."""
    for starts_at, checked_in in ((_at(2026, 5, 10, 10), 2), (_at(2026, 10, 1, 9), 3), (_at(2026, 10, 2, 9), 0)):
        event = EventFactory(organiser=world.nyc, kpi_series="overseas_seminar", starts_at=starts_at)
        for _ in range(checked_in):
            RegistrationFactory(event=event, checked_in_at=starts_at)
        RegistrationFactory(event=event)  # registered, never came
    EventFactory(organiser=world.nyc, kpi_series="overseas_seminar", starts_at=_at(2030, 1, 1, 10))


def test_events_and_their_participants_by_quarter(world):
    _events(world)
    assert by_quarter("events.sessions.overseas_seminar", year=2026, organisation_id=None) == {1: 1, 2: 0, 3: 2,
                                                                                              4: 0}
    assert by_quarter("events.participants.overseas_seminar.nyc", year=2026, organisation_id=world.nyc.pk) == {
        1: 2, 2: 0, 3: 3, 4: 0}


def test_every_dated_query_grouped_is_the_query_run_each_quarter(world, sheets):
    """Over every registered dated count and sum (events, grants, requests, dispatch, signage), for CLAIR as a
    whole, headquarters, a branch and an office: records here are the sheets, the events and one decided grant;
    the others check that each grouped query reads its records' date as its query does."""
    _events(world)
    from tests.grants.factories import ApplicationFactory

    application = ApplicationFactory(applicant=world.chiyoda, call__scheme__code="tabunka")
    arrange_update(type(application).objects.filter(pk=application.pk), status="awarded",
                   decided_at=_at(2026, 8, 3, 12), submitted_at=_at(2026, 5, 1, 12), requested_amount=1_500_000,
                   decided_amount=1_200_000)
    organisations = (None, world.hq.pk, world.tokyo_branch.pk, world.nyc.pk)
    compared = {key: [(by_quarter(key, year=2026, organisation_id=org), _each_quarter(key, org))
                      for org in organisations] for key in sorted(_DATED)}
    assert {key: pairs for key, pairs in compared.items() if any(a != b for a, b in pairs)} == {}
    counted = {key for key, pairs in compared.items() if any(a and any(a.values()) for a, _b in pairs)}
    assert {SHEETS, "events.sessions.overseas_seminar", "grants.decisions.tabunka",
            "grants.amount_decided.tabunka", "grants.applications.tabunka"} <= counted
    for key in _DATED:
        total = get_query(key)(year=2026, quarter=None, organisation_id=None)
        assert sum(by_quarter(key, year=2026, organisation_id=None).values()) == total, key


def test_a_dated_kpi_costs_one_query_for_the_year_and_its_quarters(world, sheets):
    kpi = KPIFactory(source="query", query_key=SHEETS, target=100)
    assert is_dated(SHEETS)
    measure = queries.Measure(2026, None, [])
    with CaptureQueriesContext(connection) as captured:
        row = measure.row(kpi, None, with_quarters=True)
    assert len(captured.captured_queries) == 1
    assert (row.figure.value, [row.quarters[q].value for q in (1, 2, 3, 4)]) == (31, [3, 4, 8, 16])
