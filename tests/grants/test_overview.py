"""The grants overview's charts: the core chart partial, bars drawn on the server in the table they show
(issue #18, item 14)."""

import re

from django.urls import reverse

from kizuna.grants import services

from .conftest import make_submitted


def _page(world, role) -> str:
    return world.client_for(role).get(reverse("grants:calls")).content.decode()


def _rows(page, testid) -> list[tuple[str, str]]:
    """(label, figure) of each row of the table behind a chart."""
    table = page[page.index(f'data-testid="{testid}"'):]
    table = table[:table.index("</table>")]
    return re.findall(r'<th scope="row">([^<]*)</th><td><svg class="bar"[^>]*><rect[^>]*/></svg> ([^<]*)</td>', table)


def test_overview_charts_applications_by_status_and_awards_by_scheme(world, call):
    a, b, c = make_submitted(world, call, 3, amount=1_200_000)
    services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 1_200_000},
                                 rejections=[b.pk])
    page = _page(world, "hq_staff")
    chart = page[page.index('data-testid="chart-status"'):]
    chart = chart[:chart.index("</figure>")]
    assert (chart.count('<svg class="bar"'), "<caption" in chart) == (3, True)
    assert sorted(_rows(page, "chart-status")) == sorted([("提出済み", "1"), ("交付決定", "1"),
                                                                ("不採択", "1")])
    assert _rows(page, "chart-scheme") == [(call.scheme.name, "1,200,000")]


def test_overview_counts_only_what_the_person_may_open(world, call, draft):
    make_submitted(world, call, 2)
    assert ("chart-status" in _page(world, "association_staff"), "chart-status" in _page(world, "municipality_staff")) \
        == (False, True)
