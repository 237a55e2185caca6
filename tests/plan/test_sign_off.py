"""A figure entered by hand counts once a second person has signed it off; one sent back with a reason never
counts. Each programme's responsible division or office reports how it stands each quarter, with a note."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from kizuna.plan import queries, services
from kizuna.plan.models import KPIEntry, ProgrammeReport
from tests.audit_helpers import logged
from tests.factories import MembershipFactory, add_totp

from .factories import KPIFactory, ProgrammeFactory


@pytest.fixture
def kpi(world):
    programme = ProgrammeFactory()
    programme.offices.add(world.hq, world.nyc)
    return KPIFactory(programme=programme, target=10)


@pytest.fixture
def second_hq(world):
    """Another member of headquarters' staff (CLAIR staff sign in with a second factor)."""
    person = MembershipFactory(organisation=world.hq).person
    add_totp(person)
    return person


def _year_figure(user, kpi):
    return queries.dashboard(user, fiscal_year=kpi.programme.area.fiscal_year).kpi_rows[0].figure


def test_a_figure_counts_only_once_a_second_person_signs_it_off(world, kpi, second_hq):
    entry = services.record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=4)
    assert _year_figure(world.people["hq_staff"], kpi).value is None
    with pytest.raises(ValidationError) as refusal:
        services.sign_off_figure(by=world.people["hq_staff"], entry=entry)
    assert refusal.value.code == "same_person"
    entry = services.sign_off_figure(by=second_hq, entry=entry)
    assert (entry.status, entry.signed_off_by, _year_figure(world.people["hq_staff"], kpi).value) == (
        "signed_off", second_hq, Decimal("4"))
    who, changes = logged(entry, "plan.kpientry.sign_off")
    assert who == second_hq and changes["status"] == ["entered", "signed_off"]


def test_an_offices_figure_is_signed_off_by_its_office_or_headquarters_not_by_others(world, kpi):
    entry = services.record_kpi_figure(by=world.people["office_staff"], kpi=kpi, quarter=2, value=3,
                                       organisation=world.nyc)
    with pytest.raises(PermissionDenied):
        services.sign_off_figure(by=world.people["branch_staff"], entry=entry)
    assert services.sign_off_figure(by=world.people["hq_staff"], entry=entry).status == "signed_off"


def test_a_returned_figure_never_counts_and_says_why(world, kpi, second_hq):
    entry = services.record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=40)
    with pytest.raises(ValidationError) as refusal:
        services.return_figure(by=second_hq, entry=entry, reason="  ")
    assert "reason" in refusal.value.error_dict
    entry = services.return_figure(by=second_hq, entry=entry, reason="桁が一つ多い")
    assert (entry.status, entry.return_reason) == ("returned", "桁が一つ多い")
    with pytest.raises(ValidationError):
        services.sign_off_figure(by=second_hq, entry=entry)  # returned: nothing left to sign off
    assert _year_figure(world.people["hq_staff"], kpi).value is None


def test_a_superseded_figure_cannot_be_signed_off(world, kpi, second_hq):
    old = services.record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=4)
    services.record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=5)
    with pytest.raises(ValidationError) as refusal:
        services.sign_off_figure(by=second_hq, entry=old)
    assert refusal.value.code == "superseded"
    old.refresh_from_db()
    assert old.status == "entered"


def test_the_kpi_page_offers_sign_off_to_the_second_person_only_and_the_home_page_asks_for_it(world, kpi, second_hq):
    entry = services.record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=4)
    own = world.client_for("hq_staff").get(kpi.get_absolute_url()).content.decode()
    assert f"/plan/figures/{entry.pk}/sign-off/" not in own
    client = Client()
    client.force_login(second_hq)
    page = client.get(kpi.get_absolute_url()).content.decode()
    assert f"/plan/figures/{entry.pk}/sign-off/" in page and 'data-state="entered"' in page
    assert kpi.get_absolute_url() in client.get("/").content.decode()
    response = client.post(f"/plan/figures/{entry.pk}/sign-off/")
    entry.refresh_from_db()
    assert (response.status_code, response.url, entry.status) == (302, kpi.get_absolute_url(), "signed_off")
    assert world.client_for("anonymous").post(f"/plan/figures/{entry.pk}/sign-off/").status_code == 302  # login


def test_returning_through_the_page_needs_a_reason(world, kpi, second_hq):
    entry = services.record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=4)
    client = Client()
    client.force_login(second_hq)
    client.post(f"/plan/figures/{entry.pk}/return/", {"reason": ""})
    entry.refresh_from_db()
    assert entry.status == "entered"
    client.post(f"/plan/figures/{entry.pk}/return/", {"reason": "出典を確認してください"})
    entry.refresh_from_db()
    assert (entry.status, entry.return_reason) == ("returned", "出典を確認してください")


def test_progress_is_reported_by_a_responsible_office_per_quarter_and_kept(world, kpi):
    programme = kpi.programme
    first = services.report_programme(by=world.people["office_staff"], programme=programme, quarter=2,
                                      progress="at_risk", note="会場の確保が遅れている")
    second = services.report_programme(by=world.people["office_staff"], programme=programme, quarter=2,
                                       progress="on_track", note="会場が決まった")
    first.refresh_from_db()
    assert first.superseded_at is not None and second.superseded_at is None
    assert ProgrammeReport.objects.filter(programme=programme).count() == 2
    with pytest.raises(PermissionDenied):
        services.report_programme(by=world.people["branch_staff"], programme=programme, quarter=2,
                                  progress="behind", note="x")
    with pytest.raises(ValidationError) as refusal:
        services.report_programme(by=world.people["hq_staff"], programme=programme, quarter=5, progress="late",
                                  note="")
    assert set(refusal.value.error_dict) == {"quarter", "progress", "note"}
    page = world.client_for("anonymous").get(programme.get_absolute_url()).content.decode()
    assert "会場が決まった" in page and 'data-state="on_track"' in page and "Office Staff" not in page
    board = world.client_for("anonymous").get(f"/plan/{programme.area.fiscal_year.year}/").content.decode()
    assert 'data-state="on_track"' in board


def test_the_programme_page_form_reports_and_refuses_beside_the_field(world, kpi):
    programme = kpi.programme
    client = world.client_for("office_staff")
    refused = client.post(f"/plan/programmes/{programme.pk}/report/", {"quarter": "1", "progress": "behind",
                                                                       "note": ""})
    assert refused.status_code == 400 and refused.context["report_form"].errors["note"]
    assert not ProgrammeReport.objects.exists()
    done = client.post(f"/plan/programmes/{programme.pk}/report/", {"quarter": "1", "progress": "behind",
                                                                    "note": "講師が見つからない"})
    assert done.status_code == 302 and ProgrammeReport.objects.get().progress == "behind"
    assert world.client_for("municipality_staff").post(
        f"/plan/programmes/{programme.pk}/report/",
        {"quarter": "1", "progress": "on_track", "note": "x"}).status_code == 404  # not theirs: 404


def test_entries_left_waiting_are_not_counted_by_the_queries_either(world, kpi):
    services.record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=3, value=9)
    assert KPIEntry.objects.counted().count() == 0
    assert queries.kpi_detail(world.people["hq_staff"], kpi).quarters[3].value is None


def test_the_api_gives_each_figures_sign_off_and_each_programmes_latest_report(world, kpi, second_hq):
    entry = services.record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=4)
    services.return_figure(by=second_hq, entry=entry, reason="桁を確認")
    services.report_programme(by=world.people["hq_staff"], programme=kpi.programme, quarter=3, progress="behind",
                              note="予算の執行が遅れている")
    detail = world.client_for("anonymous").get(f"/api/v1/plan/kpis/{kpi.pk}").json()
    assert [(f["sign_off"], f["return_reason"]) for f in detail["figures"]] == [("returned", "桁を確認")]
    year = kpi.programme.area.fiscal_year.year
    board = world.client_for("anonymous").get(f"/api/v1/plan/{year}").json()
    report = board["areas"][0]["programmes"][0]["report"]
    assert (report["quarter"], report["progress"], report["note"]) == (3, "behind", "予算の執行が遅れている")
