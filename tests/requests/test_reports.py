"""Reports per office and kind: volume, SLA attainment, time to first response and resolution, satisfaction by
month, time spent; the page (with its chart and tables), the Excel file read back, and the API."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kizuna.core.enums import OrgKind
from kizuna.core.models import CoveredCountry
from kizuna.requests import services
from kizuna.requests.models import Request
from tests.factories import OrganisationFactory, arrange_update

from .conftest import file_visit

NY = ZoneInfo("America/New_York")


def at(day, hour):
    return datetime(2026, 6, day, hour, tzinfo=NY)


@pytest.fixture
def worked(world):
    """Three visits at New York in June 2026: one answered in time and rated 5 (2 and 17 working hours), one
    answered late for its first response and still open past its resolution target (17 working hours), one
    declined; and the minutes staff recorded (45 + 30, this December)."""
    office = world.people["office_staff"]
    good = file_visit(world, title="good")
    services.post_message(by=office, request=good, body="承知しました", minutes=45)
    services.answer_request(by=office, request=good, deliverable="手配しました")
    services.rate_request(by=world.people["municipality_staff"], request=Request.objects.get(pk=good.pk), rating=5)
    arrange_update(Request.objects.filter(pk=good.pk), routed_at=at(1, 10), first_response_at=at(1, 12),
                   answered_at=at(3, 10))
    slow = file_visit(world, title="slow")
    services.post_message(by=office, request=slow, body="確認中", minutes=30)
    arrange_update(Request.objects.filter(pk=slow.pk), routed_at=at(1, 10), first_response_at=at(3, 10))
    declined = file_visit(world, title="declined")
    services.decline_request(by=office, request=declined, reason="対象外です")
    arrange_update(Request.objects.filter(pk=declined.pk), routed_at=at(2, 10))
    return good, slow, declined


@pytest.fixture
def london(world):
    office = OrganisationFactory(kind=OrgKind.OVERSEAS_OFFICE, slug="london", name="クレア ロンドン事務所",
                                 name_en="CLAIR London", timezone="Europe/London")
    CoveredCountry.objects.create(office=office, country="GB")
    request = services.file_request(by=world.people["municipality_staff"], requester=world.chiyoda, kind="remote",
                                    data={"title": "英国", "description": "d", "country": "GB", "purpose": "p"})
    arrange_update(Request.objects.filter(pk=request.pk), routed_at=at(5, 10))
    return office


def row(table, key):
    return next(f for f in table if f["key"] == key)


def test_reports_api_figures_per_office_and_kind(world, worked, client_for):
    response = client_for("hq_staff").get(reverse("api:requests_reports"), {"year": 2026})
    assert response.status_code == 200, response.content
    report = response.json()
    nyc = row(report["by_office"], str(world.nyc.pk))
    assert nyc == {
        "key": str(world.nyc.pk), "label": "クレア ニューヨーク事務所", "volume": 3, "answered": 1,
        "first_response_met_pct": 50.0, "resolution_met_pct": 50.0,
        "first_response_hours_median": 9.5, "first_response_hours_mean": 9.5,
        "resolution_hours_median": 17.0, "resolution_hours_mean": 17.0,
        "ratings": 1, "rating_mean": 5.0, "satisfied_pct": 100.0, "minutes_spent": 75}
    assert row(report["by_kind"], "visit")["volume"] == 3
    assert row(report["by_kind"], "research")["volume"] == 0
    assert report["total"]["volume"] == 3
    june = next(m for m in report["months"] if m["month"] == "2026-06-01")
    assert june == {"month": "2026-06-01", "ratings": 1, "rating_mean": 5.0, "satisfied_pct": 100.0}
    assert len(report["months"]) == 12


def test_reports_api_quarter_and_kind_filters(world, worked, client_for):
    client = client_for("hq_staff")
    q1 = client.get(reverse("api:requests_reports"), {"year": 2026, "quarter": 1}).json()
    assert (q1["start"], q1["end"], q1["total"]["volume"]) == ("2026-04-01", "2026-06-30", 3)
    assert q1["total"]["minutes_spent"] == 0  # the minutes were recorded in December
    assert [m["month"] for m in q1["months"]] == ["2026-04-01", "2026-05-01", "2026-06-01"]
    research = client.get(reverse("api:requests_reports"), {"year": 2026, "kind": "research"}).json()
    assert (research["total"]["volume"], [f["key"] for f in research["by_kind"]]) == (0, ["research"])


def test_reports_office_staff_see_their_own_office_only(world, worked, london, client_for):
    hq = client_for("hq_staff").get(reverse("api:requests_reports"), {"year": 2026}).json()
    assert sorted(f["label"] for f in hq["by_office"]) == ["クレア ニューヨーク事務所", "クレア ロンドン事務所"]
    office = client_for("office_staff")
    own = office.get(reverse("api:requests_reports"), {"year": 2026}).json()
    assert [f["key"] for f in own["by_office"]] == [str(world.nyc.pk)]
    assert own["total"]["volume"] == 3
    refused = office.get(reverse("api:requests_reports"), {"year": 2026, "office": london.pk})
    assert refused.status_code == 422
    assert refused.json()["detail"] == "報告を見ることができる海外事務所を選んでください。"
    page = office.get(reverse("requests:reports"), {"year": 2026, "office": london.pk})
    assert page.status_code == 400
    assert 'id="id_office_error"' in page.content.decode()
    assert "ロンドン" not in page.content.decode()


@pytest.mark.parametrize("query", [{"year": "1999"}, {"year": "二〇二六"}, {"quarter": "5"}, {"kind": "party"}])
def test_reports_page_refuses_bad_filters_beside_the_field(world, client_for, query):
    response = client_for("hq_staff").get(reverse("requests:reports"), query)
    assert response.status_code == 400
    field = next(iter(query))
    assert f'id="id_{field}_error"' in response.content.decode()
    assert 'data-testid="by-office"' not in response.content.decode()


@pytest.mark.parametrize("query", [{"year": 1999}, {"quarter": 5}, {"kind": "party"}, {"office": 0}])
def test_reports_api_refuses_bad_filters(world, client_for, query):
    assert client_for("hq_staff").get(reverse("api:requests_reports"), query).status_code == 422


def test_reports_page_shows_chart_and_tables(world, worked, client_for):
    response = client_for("hq_staff").get(reverse("requests:reports"), {"year": 2026})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="chart-volume"' in page and 'data-testid="chart-satisfaction"' in page
    assert '<rect width="100%" height="100%"/></svg> 5.0' in page  # June: a mean of 5 of 5
    nyc_row = page.split(f'data-key="{world.nyc.pk}"')[1].split("</tr>")[0]
    assert [cell.split("</td>")[0] for cell in nyc_row.split('<td class="num">')[1:]] == [
        "3", "1", "50.0", "50.0", "9.5 / 9.5", "17.0 / 17.0", "5.0 (1)", "100.0", "1.2"]
    assert f'href="{reverse("requests:reports_export")}?year=2026"' in page


def test_reports_page_query_count_does_not_grow_with_requests(world, client_for):
    client = client_for("hq_staff")
    url = reverse("requests:reports")
    file_visit(world, title="one")
    client.get(url)  # warm the per-process calendars
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for title in ("two", "three"):
        request = file_visit(world, title=title)
        services.post_message(by=world.people["office_staff"], request=request, body="x", minutes=10)
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).status_code == 200
    assert len(one) == len(three)


def test_reports_export_is_read_back(world, worked, client_for):
    response = client_for("office_staff").get(reverse("requests:reports_export"), {"year": 2026})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="requests-report-fy2026.xlsx"'
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["事務所別", "種類別", "月別の満足度"]
    offices = list(book["事務所別"].values)
    assert offices[1] == ("クレア ニューヨーク事務所", 3, 1, 50, 50, 9.5, 9.5, 17, 17, 1, 5, 100, 1.2)
    assert offices[-1][0] == "合計"
    months = {r[0]: r[1:] for r in list(book["月別の満足度"].values)[1:]}
    assert months["2026-06"] == (1, 5, 100)


def test_reports_are_for_clair_office_and_hq_staff(world, client_for):
    assert client_for("municipality_staff").get(reverse("requests:reports")).status_code == 403
    assert client_for("branch_staff").get(reverse("api:requests_reports")).status_code == 403
