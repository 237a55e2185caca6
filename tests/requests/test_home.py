"""Requests on the task-first home page (issue #18, items 7 and 12): who may file is offered to ask an office; the
branch, headquarters and the office see what waits for them, counted; the requester sees its latest requests."""

from django.urls import reverse

from kizuna.requests import services

from .conftest import file_research, file_visit, to_office


def _section(page: str, testid: str) -> str:
    part = page[page.index(f'data-testid="{testid}"'):]
    return part[:part.index("</ul>")]


def _home(world, role) -> str:
    return world.client_for(role).get(reverse("core:home")).content.decode()


def test_home_offers_a_municipality_to_ask_an_office_and_lists_its_requests(world, research):
    page = _home(world, "municipality_staff")
    assert reverse("requests:new") in _section(page, "start")
    recent = _section(page, "recent")
    assert (research.title in recent, research.get_absolute_url() in recent, "支部確認待ち" in recent) == (
        True, True, True)


def test_home_counts_the_requests_waiting_for_the_branch_then_for_headquarters(world):
    file_research(world)
    second = file_research(world, title="二件目")
    branch = _section(_home(world, "branch_staff"), "open-items")
    assert ('<span class="task-count">2</span>' in branch, reverse("requests:mine") in branch) == (True, True)
    assert "割り当てを待っている" not in _home(world, "hq_staff")
    services.endorse_request(by=world.people["branch_staff"], request=second)
    hq = _section(_home(world, "hq_staff"), "open-items")
    assert ("海外事務所への割り当てを待っている依頼です。" in hq, '<span class="task-count">1</span>' in hq) == (
        True, True)
    assert reverse("requests:new") not in _home(world, "hq_staff")  # headquarters do not file requests


def test_home_counts_the_open_requests_of_the_offices_queue_for_its_staff_only(world):
    to_office(world, file_research(world))
    file_visit(world)  # a visit goes straight to the office that covers the country
    office = _section(_home(world, "office_staff"), "open-items")
    queue = reverse("requests:queue", args=[world.nyc.pk])
    assert (queue in office, '<span class="task-count">2</span>' in office) == (True, True)
    assert reverse("requests:queue", args=[world.nyc.pk]) not in _home(world, "hq_staff")


def test_home_of_another_municipality_shows_none_of_chiyodas_requests(world, research):
    assert research.title not in _home(world, "other_municipality_staff")
