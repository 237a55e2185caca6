from datetime import UTC, date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kizuna.requests.enums import Status
from kizuna.requests.models import Request
from tests.factories import arrange_update

from .conftest import file_research, file_visit, to_office


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def test_new_page_asks_what_the_kind_needs(world):
    client = world.client_for("municipality_staff")
    research = client.get(reverse("requests:new"), {"kind": "research"}).context["form"]
    visit = client.get(reverse("requests:new"), {"kind": "visit"}).context["form"]
    assert sorted(research.fields) == ["country", "description", "file", "questions", "requester", "theme",
                                       "title", "wanted_by"]
    assert "people" in visit.fields and "questions" not in visit.fields


def test_new_page_without_kind_lists_the_kinds(world):
    page = world.client_for("municipality_staff").get(reverse("requests:new"))
    assert [k for k, _label in page.context["kinds"]][-1] == "research"


def test_new_page_files_a_research_request(world):
    client = world.client_for("municipality_staff")
    response = client.post(reverse("requests:new") + "?kind=research", {
        "requester": world.chiyoda.pk, "title": "調査", "description": "d", "country": "us", "questions": "q",
        "theme": "防災", "wanted_by": (date.today() + timedelta(days=60)).isoformat()})
    request = Request.objects.get()
    assert response.status_code == 302
    assert (request.status, request.branch, request.country) == (Status.AWAITING_BRANCH, world.tokyo_branch, "US")


def test_remote_support_says_whether_it_is_for_an_exhibition_or_pr(world):
    client = world.client_for("municipality_staff")
    assert b'name="for_promotion"' in client.get(reverse("requests:new") + "?kind=remote").content
    assert b'name="for_promotion"' not in client.get(reverse("requests:new") + "?kind=visit").content
    response = client.post(reverse("requests:new") + "?kind=remote", {
        "requester": world.chiyoda.pk, "title": "物産展のSNS告知", "description": "d", "country": "US",
        "purpose": "物産展のPR", "for_promotion": "on"})
    request = Request.objects.get()
    assert (response.status_code, request.for_promotion) == (302, True)
    page = client.get(request.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "counted as exhibition and PR support" in page
    detail = client.get(f"/api/v1/requests/{request.pk}").json()
    assert detail["for_promotion"] is True


def test_new_page_missing_fields_refused_with_400_and_nothing_saved(world):
    client = world.client_for("municipality_staff")
    response = client.post(reverse("requests:new") + "?kind=visit", {"requester": world.chiyoda.pk, "title": "t"})
    assert response.status_code == 400
    assert Request.objects.count() == 0


def test_new_page_for_unserved_country_shows_the_message(world):
    client = world.client_for("municipality_staff")
    response = client.post(reverse("requests:new") + "?kind=remote", {
        "requester": world.chiyoda.pk, "title": "t", "description": "d", "country": "BR", "purpose": "PR"})
    assert response.status_code == 400
    assert response.context["form"].errors["country"] == ["一覧から国を選んでください。"]
    assert Request.objects.count() == 0


def test_new_page_by_office_staff_is_forbidden(world):
    assert world.client_for("office_staff").get(reverse("requests:new")).status_code == 403


def test_endorse_view_moves_the_request(world, research):
    response = world.client_for("branch_staff").post(reverse("requests:endorse", args=[research.pk]))
    research.refresh_from_db()
    assert (response.status_code, research.status) == (302, Status.AWAITING_HQ)


def test_accept_view_assigns_the_office(world, research):
    research = file_research(world, "2")
    from kizuna.requests import services

    services.endorse_request(by=world.people["branch_staff"], request=research)
    world.client_for("hq_staff").post(reverse("requests:accept", args=[research.pk]), {"office": world.nyc.pk})
    research.refresh_from_db()
    assert (research.status, research.office) == (Status.OPEN, world.nyc)


def test_detail_of_another_municipalitys_request_is_404(world, visit):
    from tests.factories import MembershipFactory, UserFactory

    outsider = UserFactory()
    MembershipFactory(person=outsider, organisation=world.minato, role="staff")
    from django.test import Client

    client = Client()
    client.force_login(outsider)
    assert client.get(visit.get_absolute_url()).status_code == 404


def test_detail_shows_deadlines_in_office_time_and_jst(world, visit):
    page = world.client_for("office_staff").get(visit.get_absolute_url()).content.decode()
    assert "America/New_York" in page and "(JST)" in page


def test_rate_view_closes_the_answered_request(world, answered):
    world.client_for("municipality_staff").post(reverse("requests:rate", args=[answered.pk]), {"rating": "5"})
    answered.refresh_from_db()
    assert (answered.status, answered.rating) == (Status.CLOSED, 5)


def test_rate_view_bad_rating_changes_nothing(world, answered):
    world.client_for("municipality_staff").post(reverse("requests:rate", args=[answered.pk]), {"rating": "9"})
    answered.refresh_from_db()
    assert (answered.status, answered.rating) == (Status.ANSWERED, None)


def test_detail_of_a_closed_request_shows_no_empty_actions_section(world, answered):
    client = world.client_for("municipality_staff")
    assert 'id="actions-h"' in client.get(reverse("requests:detail", args=[answered.pk])).content.decode()  # rate
    client.post(reverse("requests:rate", args=[answered.pk]), {"rating": "5"})
    assert 'id="actions-h"' not in client.get(reverse("requests:detail", args=[answered.pk])).content.decode()


def test_mine_query_count_is_flat(world, django_assert_num_queries):
    file_visit(world, "1")
    client = world.client_for("municipality_staff")
    url = reverse("requests:mine")
    expected = _count(client, url)
    file_visit(world, "2")
    to_office(world, file_research(world, "3"))
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(response.context["requests"]) == 3


def test_queue_query_count_is_flat(world, django_assert_num_queries):
    file_visit(world, "1")
    client = world.client_for("office_staff")
    url = reverse("requests:queue", args=[world.nyc.pk])
    expected = _count(client, url)
    file_visit(world, "2")
    to_office(world, file_research(world, "3"))
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(response.context["requests"]) == 3


def test_queue_of_another_office_is_404_for_office_staff(world):
    from tests.factories import OrganisationFactory

    london = OrganisationFactory(kind="office", slug="lon", name="ロンドン", timezone="Europe/London")
    assert world.client_for("office_staff").get(reverse("requests:queue", args=[london.pk])).status_code == 404


def test_inbox_shows_what_waits_for_the_branch(world, research):
    page = world.client_for("branch_staff").get(reverse("requests:mine"))
    assert [r.pk for r in page.context["inbox"]] == [research.pk]


def test_organisation_page_shows_its_requests(world, visit):
    page = world.client_for("municipality_staff").get(reverse("core:organisation", args=[world.chiyoda.pk]))
    assert visit.title in page.content.decode()


def test_research_list_query_count_is_flat(world, django_assert_num_queries):
    from kizuna.requests import services

    def published(title):
        request = to_office(world, file_research(world, title))
        request = services.answer_request(by=world.people["office_staff"], request=request, deliverable="a")
        services.publish_research(by=world.people["office_staff"], request=request, publish=True, title=title,
                                  summary="s")

    published("1")
    client = world.client_for("anonymous")
    url = reverse("requests:research")
    expected = _count(client, url)
    published("2")
    published("3")
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(response.context["answers"]) == 3


def _bulk_open(world, n, start):
    """`n` requests open at New York, one minute apart from `start`, without the services (only the queue
    reads them)."""
    from datetime import timedelta

    Request.objects.bulk_create([Request(
        kind="visit", status=Status.OPEN, title=f"一括 {i}", description="-", requester=world.chiyoda,
        created_by=world.people["municipality_staff"], office=world.nyc, country="US",
        routed_at=start + timedelta(minutes=i)) for i in range(n)])


def test_queue_is_paged_oldest_first_with_deadlines(world):
    from datetime import datetime

    from kizuna.requests.views.lists import QUEUE_PAGE

    _bulk_open(world, QUEUE_PAGE + 1, datetime(2026, 11, 2, 14, tzinfo=UTC))
    client = world.client_for("office_staff")
    url = reverse("requests:queue", args=[world.nyc.pk])
    first, second = client.get(url), client.get(url, {"page": 2})
    assert [len(first.context["requests"]), len(second.context["requests"])] == [QUEUE_PAGE, 1]
    assert (first.context["requests"][0].title, second.context["requests"][0].title) == ("一括 0", f"一括 {QUEUE_PAGE}")
    assert [t.label for t in second.context["requests"][0].targets] == ["first_response", "resolution"]
    assert f"{QUEUE_PAGE + 1} 件".encode() in first.content and b"?page=2" in first.content


def test_queue_page_query_count_does_not_grow_with_the_queue(world):
    from datetime import datetime

    client = world.client_for("office_staff")
    url = reverse("requests:queue", args=[world.nyc.pk]) + "?page=2"
    _bulk_open(world, 60, datetime(2026, 11, 2, 14, tzinfo=UTC))
    expected = _count(client, url)
    _bulk_open(world, 200, datetime(2026, 11, 3, 14, tzinfo=UTC))
    assert _count(client, url) == expected


def test_queue_of_one_status_pages_only_that_status(world):
    from datetime import datetime

    _bulk_open(world, 3, datetime(2026, 11, 2, 14, tzinfo=UTC))
    arrange_update(Request.objects.filter(title="一括 1"), status=Status.WAITING)
    page = world.client_for("office_staff").get(reverse("requests:queue", args=[world.nyc.pk]), {"status": "waiting"})
    assert [r.title for r in page.context["requests"]] == ["一括 1"]


def test_queue_rows_escape_what_requesters_typed_and_an_empty_queue_says_so(world):
    client = world.client_for("office_staff")
    client.cookies["django_language"] = "en"
    url = reverse("requests:queue", args=[world.nyc.pk])
    assert "Nothing here." in client.get(url).text
    visit = file_visit(world, '<script>alert("x")</script> & 面談')
    html = client.get(url).text
    assert f'#{visit.pk} &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 面談</a>' in html
    assert "<script>alert" not in html and "Nothing here." not in html
    assert 'class="target target-' in html and "(JST)" in html


def test_new_page_with_a_date_in_year_1_or_9999_is_refused_beside_the_field(world):
    response = world.client_for("municipality_staff").post(reverse("requests:new") + "?kind=visit", {
        "requester": world.chiyoda.pk, "title": "訪問", "description": "d", "country": "US",
        "starts_on": "0001-01-01", "ends_on": "9999-12-31", "people": "区長", "purpose": "面談"})
    errors = response.context["form"].errors
    assert (errors["starts_on"], errors["ends_on"], Request.objects.count()) == (
        ["2000-01-01から2100-12-31までの日付を入力してください。"],
        ["2000-01-01から2100-12-31までの日付を入力してください。"], 0)


def test_the_country_is_chosen_by_name_with_the_office_that_covers_it(world):
    page = world.client_for("municipality_staff").get(reverse("requests:new"), {"kind": "visit"})
    html = page.content.decode()
    assert '<option value="US">米国 — クレア ニューヨーク事務所</option>' in html
    assert 'value="BR"' not in html  # no office covers Brazil: it cannot be chosen


def test_an_answer_wanted_sooner_than_the_offices_target_is_flagged_on_filing_and_on_the_page(world):
    client = world.client_for("municipality_staff")
    soon = (date.today() + timedelta(days=7)).isoformat()
    response = client.post(reverse("requests:new") + "?kind=research", {
        "requester": world.chiyoda.pk, "title": "調査", "description": "d", "country": "US", "questions": "q",
        "theme": "防災", "wanted_by": soon}, follow=True)
    html = response.content.decode()
    request = Request.objects.get()
    assert request.wanted_by.isoformat() == soon
    assert "ご希望の日より後です" in html
    assert 'data-testid="expected"' in html and "ご希望の日より遅くなります" in html


def test_an_answer_wanted_in_time_is_not_flagged(world):
    research = file_research(world)
    html = world.client_for("municipality_staff").get(research.get_absolute_url()).content.decode()
    assert 'data-testid="expected"' in html and "ご希望の日より遅くなります" not in html


def test_withdrawing_asks_first_and_tells_the_office_why(world, visit, smtp_server,
                                                         django_capture_on_commit_callbacks):
    client = world.client_for("municipality_staff")
    html = client.get(visit.get_absolute_url()).content.decode()
    confirm = html[html.index('data-testid="withdraw"'):]
    assert confirm.index("再開できません") < confirm.index(f'action="/requests/{visit.pk}/withdraw/"')
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("requests:withdraw", args=[visit.pk]), {"reason": "日程が合わなくなりました"})
    visit.refresh_from_db()
    assert (response.status_code, visit.status) == (302, Status.WITHDRAWN)
    (sent,) = [m for m in smtp_server.messages if m["to"] == ["office_staff@example.jp"]]
    assert "日程が合わなくなりました" in sent["message"].get_content()
