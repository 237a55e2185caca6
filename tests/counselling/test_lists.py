"""The counsellors' page: the queue and the counsellor's open cases 50 at a time, each list with the count of the
whole list and the most urgent first; the supervisor's cases at high risk likewise; its query count does not
grow with the cases; lists never read a sealed column; the API counts messages for its page's cases only."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kizuna.core import sealed
from kizuna.core.sealed import PREFIX, new_key, seal
from kizuna.counselling.models import Case, CaseCounsellor
from kizuna.counselling.views import CASES_PAGE
from tests.jet.access import _arrived, _participant

from .access import _world


def _bulk(world, n, *, status, on=None, awaiting=True, risk="low", start=None, label=0) -> list[Case]:
    """`n` cases of the sample participant (asked now: the same moment, so the first made comes first), written
    to a minute apart from `start`, without the services (only the lists read them); `on`: the counsellor on
    them; `label` (the language, `en`/`ja`) tells the batches apart."""
    participant = _arrived(world, _participant(world))
    start = start or timezone.now() - timedelta(days=30)
    cases = Case.objects.bulk_create([Case(
        participant=participant, channel="mail", language=["en", "ja"][label], status=status, risk=risk,
        awaiting_counsellor=awaiting, last_message_at=start + timedelta(minutes=i),
        taken_at=None if status == "waiting" else start) for i in range(n)])
    if on is not None:
        CaseCounsellor.objects.bulk_create([CaseCounsellor(case=c, counsellor=on) for c in cases])
    return cases


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _english(world, role):
    client = world.client_for(role)
    client.cookies["django_language"] = "en"
    return client


def test_the_counsellors_page_shows_50_of_each_list_and_counts_the_whole_lists(world):
    counsellor = world.people["counsellor"]
    _bulk(world, CASES_PAGE + 1, status="waiting")
    _bulk(world, CASES_PAGE + 2, status="open", on=counsellor, awaiting=False)
    _bulk(world, 30, status="open", on=counsellor, awaiting=True, label=1)
    _bulk(world, 5, status="open", on=world.people["other_counsellor"])  # not theirs
    page = _english(world, "counsellor").get("/counselling/")
    html = page.content.decode()
    waiting, mine = page.context["waiting"], page.context["mine"]
    assert [len(waiting["rows"]), len(mine["rows"])] == [CASES_PAGE, CASES_PAGE]
    assert [waiting["count"], mine["count"], page.context["mine_awaiting"]] == [CASES_PAGE + 1, CASES_PAGE + 32, 30]
    assert f'<p data-testid="queue-count">{CASES_PAGE + 1} cases</p>' in html
    assert f'<p data-testid="mine-count">{CASES_PAGE + 32} cases, 30 awaiting your reply</p>' in html
    assert 'data-testid="queue-pages"' in html and 'data-testid="mine-pages"' in html
    assert 'href="?queue=2#queue"' in html and 'href="?mine=2#mine"' in html
    assert html.count("Page 1 of 2") == 2


def test_page_2_of_the_queue_keeps_the_page_of_my_cases_and_the_order(world):
    counsellor = world.people["counsellor"]
    queue = _bulk(world, CASES_PAGE + 1, status="waiting")
    replied = _bulk(world, CASES_PAGE, status="open", on=counsellor, awaiting=False)
    awaiting = _bulk(world, 3, status="open", on=counsellor, awaiting=True, label=1,
                     start=timezone.now() - timedelta(days=60))
    client = _english(world, "counsellor")
    first = client.get("/counselling/")
    second = client.get("/counselling/", {"queue": 2, "mine": 2})
    # the queue oldest first (ties: the first asked); then the last one on page 2
    assert [c.pk for c in first.context["waiting"]["rows"]] == [c.pk for c in queue[:CASES_PAGE]]
    assert [c.pk for c in second.context["waiting"]["rows"]] == [queue[-1].pk]
    # my cases: those awaiting my reply first (the latest first), then the latest
    expected = [c.pk for c in reversed(awaiting)] + [c.pk for c in reversed(replied)]
    assert [c.pk for c in first.context["mine"]["rows"]] == expected[:CASES_PAGE]
    assert [c.pk for c in second.context["mine"]["rows"]] == expected[CASES_PAGE:]
    html = second.content.decode()
    assert 'href="?queue=1&amp;mine=2#queue"' in html and 'href="?queue=2&amp;mine=1#mine"' in html
    assert "Page 2 of 2" in html and 'href="?queue=3' not in html
    assert f'<p data-testid="queue-count">{CASES_PAGE + 1} cases</p>' in html  # the whole list, on any page
    assert client.get("/counselling/", {"queue": "x", "mine": 99}).status_code == 200  # the nearest page


def test_the_supervisor_pages_the_cases_at_high_risk(world):
    _bulk(world, CASES_PAGE + 1, status="open", risk="high", on=world.people["counsellor"])
    _bulk(world, 2, status="open", risk="medium", on=world.people["counsellor"])
    client = _english(world, "counselling_supervisor")
    first, second = client.get("/counselling/"), client.get("/counselling/", {"urgent": 2})
    assert first.context["urgent"]["count"] == CASES_PAGE + 1
    assert [len(first.context["urgent"]["rows"]), len(second.context["urgent"]["rows"])] == [CASES_PAGE, 1]
    assert f'<p data-testid="urgent-count">{CASES_PAGE + 1} cases</p>' in first.content.decode()
    assert 'href="?urgent=2#urgent"' in first.content.decode()
    assert world.client_for("counsellor").get("/counselling/").context["urgent"] is None


def test_a_short_list_has_no_pager(world):
    cases = _world(world)
    awaiting = Case.objects.filter(status="open", awaiting_counsellor=True).count()
    html = _english(world, "counsellor").get("/counselling/").content.decode()
    assert 'class="pagination"' not in html
    assert f'href="/counselling/cases/{cases["mail"].pk}/">Counselling case {cases["mail"].pk}</a>' in html
    assert '<p data-testid="queue-count">1 case</p>' in html
    assert f'<p data-testid="mine-count">2 cases, {awaiting} awaiting your reply</p>' in html
    assert html.count('<span class="tag tag--warning">Awaiting a reply</span>') == awaiting > 0
    japanese = world.client_for("counsellor").get("/counselling/").content.decode()
    assert japanese.count('<span class="tag tag--warning">返信待ち</span>') == awaiting


@pytest.mark.parametrize(("role", "url"), [("counsellor", "/counselling/"),
                                           ("counsellor", "/counselling/?queue=2&mine=2"),
                                           ("counselling_supervisor", "/counselling/?urgent=2"),
                                           ("counsellor", "/api/v1/counselling/queue"),
                                           ("counsellor", "/api/v1/counselling/queue?page=2")])
def test_the_counsellors_lists_query_count_does_not_grow_with_the_cases(world, role, url):
    counsellor = world.people["counsellor"]
    _world(world)
    client = world.client_for(role)
    _bulk(world, CASES_PAGE + 1, status="waiting")
    _bulk(world, CASES_PAGE + 1, status="open", risk="high", on=counsellor)
    expected = _count(client, url)
    _bulk(world, 3 * CASES_PAGE, status="waiting", label=1)
    _bulk(world, 3 * CASES_PAGE, status="open", risk="high", on=counsellor, awaiting=False, label=1)
    assert _count(client, url) == expected


def test_the_lists_read_no_sealed_column_and_no_content(world):
    cases = _world(world)
    from kizuna.counselling import services

    services.refer(by=world.people["counsellor"], case=cases["mail"], clinic="Tokyo English Lifeline clinic")
    for role, url in [("counsellor", "/counselling/"), ("counselling_supervisor", "/counselling/"),
                      ("counsellor", "/api/v1/counselling/queue"), ("jet", "/api/v1/counselling/cases"),
                      ("jet", "/counselling/")]:
        with CaptureQueriesContext(connection) as ctx:
            response = world.client_for(role).get(url)
        text = response.content.decode()
        assert response.status_code == 200
        assert [q["sql"] for q in ctx.captured_queries
                if "referred_to" in q["sql"] or '"counselling_message"."body"' in q["sql"]] == []
        assert "Tokyo English Lifeline" not in text and "cannot sleep" not in text


def test_the_api_counts_the_messages_and_sessions_of_its_page(world):
    cases = _world(world)
    items = {c["id"]: c for c in world.client_for("counsellor").get("/api/v1/counselling/queue").json()["items"]}
    written = {c.pk: c.messages.count() for c in cases.values()}
    assert written[cases["mail"].pk] > 1
    assert (items[cases["mail"].pk]["messages"], items[cases["mail"].pk]["sessions_booked"]) == (
        written[cases["mail"].pk], 0)
    assert (items[cases["video"].pk]["messages"], items[cases["video"].pk]["sessions_booked"]) == (
        written[cases["video"].pk], 1)
    assert [c["id"] for c in items.values()][0] == cases["mail-waiting"].pk  # the waiting first


def _raw(case) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT referred_to FROM counselling_case WHERE id = %s", [case.pk])
        return cursor.fetchone()[0]


def test_an_empty_text_is_stored_empty_and_a_sealed_empty_one_still_opens(world):
    cases = _world(world)
    case = cases["mail"]
    assert (_raw(case), Case.objects.get(pk=case.pk).referred_to) == ("", "")
    with connection.cursor() as cursor:  # as the rows were written before: "" sealed
        cursor.execute("UPDATE counselling_case SET referred_to = %s WHERE id = %s", [seal(""), case.pk])
    assert _raw(case).startswith(PREFIX)
    assert Case.objects.get(pk=case.pk).referred_to == ""
    from kizuna.counselling import services

    services.refer(by=world.people["counsellor"], case=case, clinic="A clinic")
    assert _raw(case).startswith(PREFIX) and Case.objects.get(pk=case.pk).referred_to == "A clinic"


def test_the_key_is_made_once_and_again_when_its_settings_change(settings):
    first = sealed._fernet()
    assert sealed._fernet() is first
    settings.KIZUNA_SEALING_KEYS = [new_key()]
    configured = sealed._fernet()
    assert configured is not first and sealed._fernet() is configured
    settings.KIZUNA_SEALING_KEYS = []
    settings.SECRET_KEY = "another secret key for the development key, long enough to pass the checks"
    derived = sealed._fernet()
    assert derived is not first and sealed.unseal(sealed.seal("x")) == "x"
