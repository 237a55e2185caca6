"""Joint booths: apply, select (never beyond the slots), checklist, report feeding the KPIs, withdraw."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kizuna.core.workflow import TransitionError
from kizuna.events.models import Booth, Exhibitor
from kizuna.events.services import booths
from tests.factories import arrange_update

from .factories import EventFactory
from .refusals import refused


@pytest.fixture
def booth(world):
    fair = EventFactory(organiser=world.nyc, kind="trade_fair", country="US", venue_timezone="America/New_York")
    return Booth.objects.create(event=fair, name="自治体共同ブース", slots=1, cost_share=150_000,
                                applications_close=timezone.now() + timedelta(days=3), kpi_series="nyc",
                                checklist=[{"key": "samples", "label": "サンプル発送", "due": "2026-12-01"},
                                           {"key": "materials", "label": "英語資料"}])


@pytest.fixture
def applied(world, booth):
    return booths.apply_for_booth(by=world.people["municipality_staff"], booth=booth, organisation=world.chiyoda,
                                  exhibits="千代田の和菓子")


def test_apply_for_booth(applied):
    assert applied.status == "applied"


def test_apply_twice_is_refused(world, booth, applied):
    with refused("already_applied"):
        booths.apply_for_booth(by=world.people["municipality_admin"], booth=booth, organisation=world.chiyoda,
                               exhibits="再申請")
    assert Exhibitor.objects.count() == 1


def test_apply_by_non_local_government_is_denied(world, booth):
    with pytest.raises(PermissionDenied):
        booths.apply_for_booth(by=world.people["jet"], booth=booth, organisation=world.chiyoda, exhibits="x")


def test_apply_after_closing_is_refused(world, booth):
    arrange_update(Booth.objects.filter(pk=booth.pk), applications_close=timezone.now() - timedelta(minutes=1))
    booth.refresh_from_db()
    with refused("closed"):
        booths.apply_for_booth(by=world.people["municipality_staff"], booth=booth, organisation=world.chiyoda,
                               exhibits="x")


def test_select_by_organiser_staff(world, applied):
    done = booths.select_exhibitor(by=world.people["office_staff"], exhibitor=applied)
    applied.booth.refresh_from_db()
    assert (done.status, applied.booth.slots_taken) == ("selected", 1)


def test_select_by_applicant_is_denied(world, applied):
    with pytest.raises(PermissionDenied):
        booths.select_exhibitor(by=world.people["municipality_staff"], exhibitor=applied)
    applied.booth.refresh_from_db()
    assert applied.booth.slots_taken == 0


def test_select_beyond_slots_is_refused(world, booth, applied):
    other = Exhibitor.objects.create(booth=booth, organisation=world.minato, exhibits="港区の工芸",
                                     created_by=world.people["hq_staff"])
    booths.select_exhibitor(by=world.people["office_staff"], exhibitor=applied)
    with refused("booth_full"):
        booths.select_exhibitor(by=world.people["office_staff"], exhibitor=other)
    other.refresh_from_db()
    assert other.status == "applied"


def test_reject_then_select_is_refused(world, applied):
    booths.reject_exhibitor(by=world.people["office_staff"], exhibitor=applied)
    with pytest.raises(TransitionError):
        booths.select_exhibitor(by=world.people["office_staff"], exhibitor=applied)


@pytest.fixture
def selected(world, applied):
    return booths.select_exhibitor(by=world.people["office_staff"], exhibitor=applied)


def test_checklist_tick(world, selected):
    done = booths.tick_checklist(by=world.people["municipality_staff"], exhibitor=selected, done=["samples"])
    assert done.checklist_done == ["samples"]


def test_checklist_unknown_item_is_refused(world, selected):
    with refused("unknown_items"):
        booths.tick_checklist(by=world.people["municipality_staff"], exhibitor=selected, done=["nope"])


def test_checklist_by_other_municipality_is_denied(world, selected):
    with pytest.raises(PermissionDenied):
        booths.tick_checklist(by=world.people["association_staff"], exhibitor=selected, done=["samples"])


def test_report_feeds_the_kpi(world, selected):
    from kizuna.core.fiscal import fiscal_year_of
    from kizuna.plan.kpis import get_query

    done = booths.report_fair(by=world.people["municipality_staff"], exhibitor=selected, visitors=800, leads=25,
                              deals=3)
    kpi = get_query("events.booth_participants.nyc")
    year = fiscal_year_of(selected.booth.event.starts_at.date())
    assert (done.status, kpi(year=year, quarter=None, organisation_id=world.nyc.pk)) == ("reported", 1)
    # an office's booth is also one of the joint booths abroad (programme 1-4's total), not of another office
    overseas = get_query("events.booth_participants.overseas")
    assert overseas(year=year, quarter=None, organisation_id=None) == 1
    assert get_query("events.booth_participants.lon")(year=year, quarter=None, organisation_id=None) == 0


def test_report_by_staff_is_denied(world, selected):
    with pytest.raises(PermissionDenied):
        booths.report_fair(by=world.people["office_staff"], exhibitor=selected, visitors=1, leads=1, deals=1)


def test_report_more_deals_than_leads_is_refused(world, selected):
    with refused("bad_numbers"):
        booths.report_fair(by=world.people["municipality_staff"], exhibitor=selected, visitors=1, leads=1, deals=2)


def test_withdraw_selected_frees_the_slot(world, selected):
    booths.withdraw_exhibitor(by=world.people["municipality_staff"], exhibitor=selected)
    selected.booth.refresh_from_db()
    assert selected.booth.slots_taken == 0


def test_withdraw_by_staff_is_denied(world, selected):
    with pytest.raises(PermissionDenied):
        booths.withdraw_exhibitor(by=world.people["office_staff"], exhibitor=selected)


def test_booth_page_apply(world, booth):
    response = world.client_for("municipality_staff").post(
        f"/events/booths/{booth.pk}/apply/", {"organisation": world.chiyoda.pk, "exhibits": "和菓子"})
    exhibitor = Exhibitor.objects.get()
    assert (response.status_code, response["Location"]) == (302, exhibitor.get_absolute_url())


def test_exhibitor_page_report_with_bad_number(world, selected):
    client = world.client_for("municipality_staff")
    client.post(f"/events/exhibitors/{selected.pk}/report/", {"visitors": "many", "leads": "1", "deals": "0"})
    selected.refresh_from_db()
    assert selected.status == "selected"
