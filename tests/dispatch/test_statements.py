"""The experts' monthly fee statements: the tax withheld, the visits a month holds, the PDF and Excel read back,
who may see them."""

import io
import subprocess
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kizuna.dispatch import costs, services

from .conftest import ask, make_expert

API = "/api/v1/dispatch"


@pytest.mark.parametrize(("payment", "withheld"), [
    (0, 0), (10_000, 1_021), (33_333, 3_403), (999_999, 102_099), (1_000_000, 102_100), (1_000_004, 102_100),
    (1_000_005, 102_101), (1_500_000, 204_200), (2_000_000, 306_300),
])
def test_withholding_is_10_21_percent_then_20_42_above_a_million_truncated(payment, withheld):
    assert costs.withholding(payment) == withheld


def test_withholding_of_a_negative_payment_is_refused():
    with pytest.raises(ValueError):
        costs.withholding(-1)


def _reported(world, expert, *, day=date(2026, 12, 1), hours=3, travel=20_000, allowance=0, host=None,
              programme="regional", by="municipality_staff", theme="防災訓練"):
    dispatch = ask(world, programme=programme, by=by, host=host, starts_on=day, ends_on=day, hours=hours,
                   theme=theme)
    dispatch = services.offer_expert(by=world.people["hq_staff"], dispatch=dispatch, expert=expert)
    dispatch = services.respond_offer(by=world.people["superuser"], dispatch=dispatch, accept=True)
    return services.file_report(by=world.people["superuser"], dispatch=dispatch, report="実施", hours=hours,
                                travel_costs=travel, allowance=allowance)


def _pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True,
                          check=True).stdout.decode()


def _rows(content: bytes, sheet: int = 0) -> list[tuple]:
    book = load_workbook(io.BytesIO(content))
    return [tuple(row) for row in book.worksheets[sheet].iter_rows(values_only=True)]


def test_statement_page_shows_each_visit_with_tax_and_net(world, adviser, reported):
    page = world.client_for("expert").get(reverse("dispatch:statement", args=[adviser.pk, 2026, 12]))
    line = page.context["s"].lines[0]
    assert (page.status_code, line.fee, line.withheld, line.travel, line.net) == (200, 30_000, 3_063, 20_000,
                                                                                  46_937)
    text = page.content.decode()
    assert ["46,937" in text, "1回の支払額が¥1,000,000を超える部分は20.42 %" in text] == [True, True]


def test_statement_holds_only_reported_visits_ending_in_the_month(world, adviser, reported):
    _reported(world, adviser, day=date(2027, 1, 5), host=world.association, by="association_staff")
    ask(world, starts_on=date(2026, 12, 20), ends_on=date(2026, 12, 20))  # requested only: no fee yet
    statement = world.client_for("hq_staff").get(
        reverse("dispatch:statement", args=[adviser.pk, 2026, 12])).context["s"]
    assert [line.dispatch.pk for line in statement.lines] == [reported.pk]


def test_statement_pdf_reads_back_with_the_figures(world, adviser, reported):
    response = world.client_for("expert").get(reverse("dispatch:statement_pdf", args=[adviser.pk, 2026, 12]))
    text = _pdf_text(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert ["井上" in text, "千代田区" in text, "30,000" in text, "3,063" in text, "46,937" in text,
            "源泉徴収税額" in text] == [True] * 6


def test_statement_xlsx_reads_back_with_a_row_per_visit_and_the_total(world, adviser, reported):
    _reported(world, adviser, day=date(2026, 12, 15), hours=2, travel=5_000, allowance=3_000,
              host=world.association, by="association_staff", theme="多文化共生")
    rows = _rows(world.client_for("expert").get(
        reverse("dispatch:statement_xlsx", args=[adviser.pk, 2026, 12])).content)
    assert [row[3:] for row in rows[2:]] == [
        (30_000, 3_063, 20_000, 0, 46_937),
        (20_000, 2_042, 5_000, 3_000, 25_958),
        (50_000, 5_105, 25_000, 3_000, 72_895),
    ]


def test_statement_over_a_million_withholds_20_42_percent_on_the_excess(world):
    expert = make_expert(name="前田", programme="cooperation", hourly_fee=50_000)
    _reported(world, expert, programme="cooperation", hours=30, travel=0)
    line = world.client_for("hq_staff").get(
        reverse("dispatch:statement", args=[expert.pk, 2026, 12])).context["s"].lines[0]
    assert (line.fee, line.withheld, line.net) == (1_500_000, 204_200, 1_295_800)


def test_month_xlsx_holds_every_experts_totals_and_visits(world, adviser, reported):
    other = make_expert(name="森", hourly_fee=8_000)
    _reported(world, other, host=world.association, by="association_staff", hours=2, travel=1_000)
    content = world.client_for("hq_staff").get(reverse("dispatch:statements_xlsx", args=[2026, 12])).content
    assert _rows(content)[1:] == [("井上", 1, 30_000, 3_063, 20_000, 0, 46_937),
                                  ("森", 1, 16_000, 1_633, 1_000, 0, 15_367),
                                  ("合計", 2, 46_000, 4_696, 21_000, 0, 62_304)]
    assert [row[0] for row in _rows(content, 1)[1:]] == ["井上", "森"]


def test_statement_of_another_expert_is_404_to_an_expert(world, reported):
    other = make_expert(name="森")
    url = reverse("dispatch:statement", args=[other.pk, 2026, 12])
    assert world.client_for("expert").get(url).status_code == 404


@pytest.mark.parametrize("role", ["branch_staff", "office_staff", "municipality_staff"])
def test_statements_are_not_for_branches_offices_or_hosts(world, adviser, reported, role):
    client = world.client_for(role)
    assert (client.get(reverse("dispatch:statements")).status_code,
            client.get(f"{API}/statements/2026/12").status_code) == (403, 403)


def test_statement_of_a_month_that_is_not_is_404_and_422_in_the_api(world, adviser):
    client = world.client_for("expert")
    assert (client.get(reverse("dispatch:statement", args=[adviser.pk, 2026, 13])).status_code,
            client.get(f"{API}/experts/{adviser.pk}/statements/2026/13").status_code) == (404, 422)


def test_api_statement_gives_lines_and_totals(world, adviser, reported):
    body = world.client_for("expert").get(f"{API}/experts/{adviser.pk}/statements/2026/12").json()
    assert (body["lines"][0]["withholding"], body["fee"], body["withholding"], body["net"]) == (3_063, 30_000,
                                                                                                3_063, 46_937)


def test_api_month_statements_for_headquarters(world, adviser, reported):
    body = world.client_for("hq_staff").get(f"{API}/statements/2026/12").json()
    assert [(s["expert_name"], s["net"]) for s in body] == [("井上", 46_937)]


def test_month_page_picks_the_month_and_links_each_expert(world, adviser, reported):
    page = world.client_for("hq_staff").get(reverse("dispatch:statements"), {"month": "2026-12"})
    assert reverse("dispatch:statement", args=[adviser.pk, 2026, 12]) in page.content.decode()


def test_expert_page_lists_the_months_with_a_statement(world, adviser, reported):
    page = world.client_for("expert").get(adviser.get_absolute_url())
    assert page.context["statement_months"] == [(2026, 12)]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_month_page_query_count_does_not_grow_with_rows(world, adviser, reported):
    client = world.client_for("hq_staff")
    url = reverse("dispatch:statements") + "?month=2026-12"
    expected = _count(client, url)
    for name in ("森", "石川"):
        _reported(world, make_expert(name=name), host=world.association, by="association_staff")
    assert _count(client, url) == expected
