"""Grants on the task-first home page (issue #18, item 12)."""

from django.urls import reverse

from kizuna.grants import services
from kizuna.grants.enums import Status
from tests.factories import arrange_update

from .conftest import make_submitted


def _home(world, role) -> str:
    return world.client_for(role).get(reverse("core:home")).content.decode()


def test_home_offers_a_municipality_to_apply_to_an_open_call(world, call):
    page = _home(world, "municipality_staff")
    start = page[page.index('data-testid="start"'):]
    assert (reverse("grants:apply", args=[call.pk]) in start, call.title in start) == (True, True)


def test_home_shows_a_municipality_its_draft_and_returned_applications_with_deadlines(world, call, draft):
    other = services.start_application(by=world.people["municipality_staff"], call=call, applicant=world.chiyoda,
                                       title="返却された事業")
    arrange_update(type(other).objects.filter(pk=other.pk), status=Status.RETURNED)
    page = _home(world, "municipality_staff")
    waiting = page[page.index('data-testid="open-items"'):]
    waiting = waiting[:waiting.index("</ul>")]
    assert (draft.title in waiting, "返却された事業" in waiting, waiting.count('class="deadline"')) == (True, True, 2)


def test_home_counts_applications_waiting_for_headquarters(world, call):
    make_submitted(world, call, 3)
    page = _home(world, "hq_staff")
    waiting = page[page.index('data-testid="open-items"'):]
    waiting = waiting[:waiting.index("</ul>")]
    assert (reverse("grants:board", args=[call.pk]) in waiting, '<span class="task-count">3</span>' in waiting) == (
        True, True)


def test_home_of_another_municipality_does_not_show_chiyodas_draft(world, draft):
    assert draft.title not in _home(world, "association_staff")
