"""From a live KPI's figure down to the records it counts, with the dashboard's filters (quarter, office): public
like the results, each record shown only to those its own policy lets see it, the others counted."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kizuna.core.fiscal import fiscal_quarter
from kizuna.events.models import Event
from kizuna.plan.models import KPI
from tests.events.factories import EventFactory
from tests.factories import arrange_update
from tests.requests.conftest import file_research, to_office


def _seminars(plan):
    return KPI.objects.get(programme__area__fiscal_year=plan, programme__code="1-1", code="seminar-sessions")


def _held_seminar(world, organiser, title, *, hours_ago=2):
    event = EventFactory(organiser=organiser, title=title, is_published=True)
    start = timezone.now() - timedelta(hours=hours_ago)
    arrange_update(Event.objects.filter(pk=event.pk), kpi_series="economic_seminar", starts_at=start,
                   ends_at=start + timedelta(hours=1))
    return event


def test_anyone_sees_the_events_a_kpi_counts_with_the_dashboards_filters(world, plan):
    kpi = _seminars(plan)
    _held_seminar(world, world.hq, "本部の経済セミナー")
    _held_seminar(world, world.nyc, "ニューヨークの経済セミナー")
    planned = EventFactory(organiser=world.hq, title="来月の経済セミナー", is_published=True)
    arrange_update(Event.objects.filter(pk=planned.pk), kpi_series="economic_seminar")
    client = world.client_for("anonymous")

    page = client.get(f"/plan/kpis/{kpi.pk}/records/")
    html = page.content.decode()
    assert page.status_code == 200 and page.context["found"].counted == 2
    assert "本部の経済セミナー" in html and "ニューヨークの経済セミナー" in html and "来月の経済セミナー" not in html
    assert page.context["figure"].value == 2  # the figure shown above the records is the KPI's own

    nyc = client.get(f"/plan/kpis/{kpi.pk}/records/?office={world.nyc.pk}")
    assert [str(e) for e in nyc.context["page"].object_list] == ["ニューヨークの経済セミナー"]
    other_quarter = fiscal_quarter(timezone.localdate()) % 4 + 1
    assert client.get(f"/plan/kpis/{kpi.pk}/records/?quarter={other_quarter}").context["found"].counted == 0

    dashboard = client.get(f"/plan/?office={world.nyc.pk}").content.decode()
    assert f'href="/plan/kpis/{kpi.pk}/records/?quarter=&amp;office={world.nyc.pk}"' in dashboard


def test_records_others_may_not_see_are_counted_but_not_shown(world, plan):
    from kizuna.requests import services

    request = to_office(world, file_research(world, title="英国の多文化共生施策の調査"))
    services.answer_request(by=world.people["office_staff"], request=request, deliverable="回答です。")
    kpi = KPI.objects.get(programme__area__fiscal_year=plan, query_key="requests.research.answered")

    public = world.client_for("anonymous").get(f"/plan/kpis/{kpi.pk}/records/")
    assert (public.context["found"].counted, public.context["page"].paginator.count) == (1, 0)
    assert "英国の多文化共生施策の調査" not in public.content.decode()
    asker = world.client_for("municipality_staff").get(f"/plan/kpis/{kpi.pk}/records/")
    assert "英国の多文化共生施策の調査" in asker.content.decode()


def test_a_figure_not_broken_down_for_an_office_says_so(world, plan):
    kpi = KPI.objects.get(programme__area__fiscal_year=plan, query_key="requests.research.answered")
    page = world.client_for("anonymous").get(f"/plan/kpis/{kpi.pk}/records/?office={world.tokyo_branch.pk}")
    assert (page.status_code, page.context["found"]) == (200, None)
    assert 'data-testid="not-broken-down"' in page.content.decode()


def test_a_kpi_typed_by_hand_has_no_records_page(world, plan):
    manual = KPI.objects.filter(programme__area__fiscal_year=plan, source="manual").first()
    assert world.client_for("hq_staff").get(f"/plan/kpis/{manual.pk}/records/").status_code == 404
    client = world.client_for("hq_staff")
    assert 'data-testid="records-link"' not in client.get(manual.get_absolute_url()).content.decode()
    live = client.get(_seminars(plan).get_absolute_url()).content.decode()
    assert 'data-testid="records-link"' in live


def test_the_records_page_reads_as_many_queries_for_many_records_as_for_one(world, plan):
    kpi = _seminars(plan)
    _held_seminar(world, world.hq, "第1回")
    client = world.client_for("municipality_staff")  # anonymous visitors get the content kept (test_views.py)
    client.get(f"/plan/kpis/{kpi.pk}/records/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/plan/kpis/{kpi.pk}/records/")
    for n in range(2, 8):
        _held_seminar(world, world.nyc, f"第{n}回", hours_ago=n)
    with CaptureQueriesContext(connection) as seven:
        page = client.get(f"/plan/kpis/{kpi.pk}/records/")
    assert page.context["found"].counted == 7
    assert len(seven) == len(one)


def test_the_records_page_computes_only_the_figure_it_shows(world, plan, monkeypatch):
    from kizuna.plan import queries

    kpi = _seminars(plan)
    _held_seminar(world, world.nyc, "ニューヨークの経済セミナー")
    _held_seminar(world, world.hq, "本部の経済セミナー")
    asked, registered, grouped = [], queries.get_query, queries.by_quarter

    def spying(key):
        func = registered(key)

        def query(**kwargs):
            asked.append((kwargs["quarter"], kwargs["organisation_id"]))
            return func(**kwargs)

        return query

    def spying_grouped(key, **kwargs):
        asked.append(("Q1-Q4", kwargs["organisation_id"]))
        return grouped(key, **kwargs)

    monkeypatch.setattr(queries, "get_query", spying)
    monkeypatch.setattr(queries, "by_quarter", spying_grouped)
    quarter = fiscal_quarter(timezone.localdate())
    client = world.client_for("anonymous")
    page = client.get(f"/plan/kpis/{kpi.pk}/records/?quarter={quarter}&office={world.nyc.pk}")
    # a dated count: its four quarters in one grouped query, for that office only
    assert (page.context["figure"].value, asked) == (1, [("Q1-Q4", world.nyc.pk)])
    detail = queries.kpi_detail(None, kpi, organisation=world.nyc)
    assert page.context["figure"] == detail.quarters[quarter]  # the KPI page's figure for that quarter and office
    assert client.get(f"/plan/kpis/{kpi.pk}/records/").context["figure"].value == 2
    assert client.get(f"/plan/kpis/{kpi.pk}/records/?quarter={quarter % 4 + 1}").context["figure"].value == 0


def test_the_figure_of_one_period_is_the_kpi_pages_for_a_kpi_typed_by_hand_too(world, plan):
    from kizuna.plan import queries
    from kizuna.plan.services import record_kpi_figure
    from tests.plan.factories import counted_figure

    forum = KPI.objects.get(programme__area__fiscal_year=plan, programme__code="5-4", code="forum")
    counted_figure(world, by=world.people["office_staff"], kpi=forum, quarter=2, value=2, organisation=world.nyc)
    record_kpi_figure(by=world.people["office_staff"], kpi=forum, quarter=1, value=5, organisation=world.nyc)
    detail = queries.kpi_detail(None, forum, organisation=world.nyc)
    shown = [queries.kpi_figure(None, forum, quarter=q, organisation=world.nyc) for q in (None, 1, 2)]
    assert shown == [detail.figure, detail.quarters[1], detail.quarters[2]]
    assert [f.value for f in shown] == [2, None, 2]  # the figure not yet signed off is not counted
