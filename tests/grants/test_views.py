from django.urls import reverse

from kizuna.grants import services
from kizuna.grants.enums import Status
from kizuna.grants.models import Application, Call

from .conftest import make_submitted
from .factories import AssignmentFactory, CallFactory


def test_call_list_shows_published_calls_to_anonymous(world, call):
    CallFactory(scheme=call.scheme, title="未公開", is_published=False)
    response = world.client_for("anonymous").get(reverse("grants:calls"))
    assert [c.title for c in response.context["calls"]] == [call.title]


def test_call_list_query_count_is_flat(world, scheme, django_assert_num_queries):
    CallFactory(scheme=scheme)
    client = world.client_for("municipality_staff")
    url = reverse("grants:calls")
    expected = _count(client, url)
    CallFactory.create_batch(2, scheme=scheme)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(response.context["calls"]) == 3


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def test_my_applications_query_count_is_flat(world, call, django_assert_num_queries):
    make_submitted(world, call, 1)
    client = world.client_for("municipality_staff")
    url = reverse("grants:applications")
    expected = _count(client, url)
    make_submitted(world, call, 2)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(response.context["applications"]) == 3


def test_my_reviews_query_count_is_flat(world, call, django_assert_num_queries):
    reviewer = world.people["reviewer"]
    apps = make_submitted(world, call, 3)
    AssignmentFactory(application=apps[0], reviewer=reviewer)
    client = world.client_for("reviewer")
    url = reverse("grants:reviews")
    expected = _count(client, url)
    for a in apps[1:]:
        AssignmentFactory(application=a, reviewer=reviewer)
    with django_assert_num_queries(expected):
        client.get(url)


def test_board_query_count_is_flat(world, call, django_assert_num_queries):
    make_submitted(world, call, 1)
    client = world.client_for("hq_staff")
    url = reverse("grants:board", args=[call.pk])
    expected = _count(client, url)
    make_submitted(world, call, 2)
    with django_assert_num_queries(expected):
        client.get(url)


def test_board_forbidden_to_the_applicant(world, call):
    response = world.client_for("municipality_staff").get(reverse("grants:board", args=[call.pk]))
    assert response.status_code == 404


def test_staff_create_a_call_in_pages(world, scheme):
    response = world.client_for("hq_staff").post(reverse("grants:call_create"), {
        "scheme": scheme.pk, "fiscal_year": 2027, "title": "令和9年度 公募", "opens_at": "2026-07-14T09:00",
        "closes_at": "2026-09-30T17:00", "envelope": 40_000_000, "is_published": "on"})
    call = Call.objects.get(title="令和9年度 公募")
    assert (response.status_code, call.closes_at.isoformat()) == (302, "2026-09-30T08:00:00+00:00")


def test_call_create_forbidden_to_municipality_staff(world, scheme):
    response = world.client_for("municipality_staff").get(reverse("grants:call_create"))
    assert response.status_code == 403


def test_applicant_starts_adds_a_line_and_submits_in_pages(world, call):
    client = world.client_for("municipality_staff")
    response = client.post(reverse("grants:apply", args=[call.pk]), {"applicant": world.chiyoda.pk,
                                                                      "title": "多言語相談窓口"})
    app = Application.objects.get(title="多言語相談窓口")
    assert response["Location"] == app.get_absolute_url()
    client.post(reverse("grants:line_add", args=[app.pk]), {"category": "謝金", "description": "通訳",
                                                            "amount": 800_000, "eligible": "on"})
    client.post(reverse("grants:application_edit", args=[app.pk]), {"title": app.title,
                                                                    "requested_amount": 800_000})
    client.post(reverse("grants:submit", args=[app.pk]))
    app.refresh_from_db()
    assert (app.status, app.requested_amount, app.lines.count()) == (Status.SUBMITTED, 800_000, 1)


def test_submit_refused_in_pages_shows_the_rule(world, draft):
    client = world.client_for("municipality_staff")
    draft.requested_amount = 100_000
    draft.save()
    response = client.post(reverse("grants:submit", args=[draft.pk]), follow=True)
    assert "¥500,000" in response.content.decode()


def test_blind_review_hides_the_applicant_from_the_reviewer(world, submitted):
    call = submitted.call
    call.blind_review = True
    call.save()
    reviewer = world.people["reviewer"]
    a = services.assign_reviewer(by=world.people["hq_staff"], application=submitted, reviewer=reviewer)
    services.declare_conflict(by=reviewer, assignment=a, has_conflict=False)
    page = world.client_for("reviewer").get(submitted.get_absolute_url()).content.decode()
    staff_page = world.client_for("hq_staff").get(submitted.get_absolute_url()).content.decode()
    assert ("千代田区" in page, "千代田区" in staff_page) == (False, True)


def test_decide_in_pages_over_the_envelope_shows_the_message(world, call):
    call.envelope = 1_000_000
    call.save()
    a, b = make_submitted(world, call, 2)
    response = world.client_for("hq_staff").post(reverse("grants:decide", args=[call.pk]), {
        f"amount_{a.pk}": 1_000_000, f"amount_{b.pk}": 1_000_000}, follow=True)
    assert "¥1,000,000" in response.content.decode()
    assert Application.objects.filter(status=Status.AWARDED).count() == 0


def test_letter_download_for_the_applicant(world, call):
    (a,) = make_submitted(world, call, 1)
    services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 900_000})
    response = world.client_for("municipality_staff").get(reverse("grants:letter", args=[a.pk]))
    assert (response.status_code, response["Content-Type"], response.content[:4]) == (200, "application/pdf",
                                                                                       b"%PDF")


def test_selected_page_lists_awarded_projects_publicly(world, call):
    a, b = make_submitted(world, call, 2)
    services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 900_000},
                                 rejections=[b.pk])
    response = world.client_for("anonymous").get(reverse("grants:selected", args=[call.scheme.pk, 2026]))
    assert [p.pk for p in response.context["projects"]] == [a.pk]


def test_selected_page_query_count_is_flat(world, call, django_assert_num_queries):
    apps = make_submitted(world, call, 3)
    services.decide_applications(by=world.people["hq_staff"], call=call, awards={apps[0].pk: 100_000})
    client = world.client_for("anonymous")
    url = reverse("grants:selected", args=[call.scheme.pk, 2026])
    expected = _count(client, url)
    services.decide_applications(by=world.people["hq_staff"], call=call,
                                 awards={apps[1].pk: 100_000, apps[2].pk: 100_000})
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(response.context["projects"]) == 3


def _scored(world, applications):
    for a in applications:
        assignment = AssignmentFactory(application=a, reviewer=world.people["reviewer"], status="active")
        services.score_application(by=world.people["reviewer"], application=a,
                                   scores={c.pk: 3 for c in a.call.scheme.criteria.all()})
        assert assignment.scores.count() == 2


def test_board_with_reviews_query_count_is_flat(world, call, django_assert_num_queries):
    _scored(world, make_submitted(world, call, 1))
    client = world.client_for("hq_staff")
    url = reverse("grants:board", args=[call.pk])
    expected = _count(client, url)
    _scored(world, make_submitted(world, call, 2))
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert [r.reviews for r in response.context["ranked"]] == [1, 1, 1]


def test_board_rows_link_to_the_applications_and_offer_inputs_for_undecided_ones(world, call):
    a, b = make_submitted(world, call, 2)
    services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 600_000})
    html = world.client_for("hq_staff").get(reverse("grants:board", args=[call.pk])).content.decode()
    assert (f'href="{a.get_absolute_url()}"' in html, f'name="amount_{a.pk}"' in html,
            f'name="amount_{b.pk}"' in html, f'form="assign-form" name="applications" value="{b.pk}"' in html,
            "600,000" in html) == (True, False, True, True, True)


def test_my_reviews_rows_lead_to_the_next_step(world, call):
    pending, active = make_submitted(world, call, 2)
    first = AssignmentFactory(application=pending, reviewer=world.people["reviewer"])
    AssignmentFactory(application=active, reviewer=world.people["reviewer"], status="active")
    html = world.client_for("reviewer").get(reverse("grants:reviews")).content.decode()
    assert (reverse("grants:declare", args=[first.pk]) in html,
            reverse("grants:score", args=[active.pk]) in html) == (True, True)


def test_call_create_with_a_date_in_year_1_or_9999_is_refused_beside_the_field(world, scheme):
    response = world.client_for("hq_staff").post(reverse("grants:call_create"), {
        "scheme": scheme.pk, "fiscal_year": 2027, "title": "遠い公募", "opens_at": "0001-01-01T09:00",
        "closes_at": "9999-12-31T17:00", "envelope": 40_000_000, "report_due_on": "9999-12-31"})
    errors = response.context["form"].errors
    assert (errors["opens_at"], errors["closes_at"], errors["report_due_on"]) == (
        ["2000-01-01から2100-12-31までの日付を入力してください。"],) * 3
    assert Call.objects.filter(title="遠い公募").exists() is False


def test_application_page_links_to_its_history(world, submitted):
    url = reverse("core:history", args=["grants.Application", submitted.pk])
    page = world.client_for("municipality_admin").get(submitted.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page


def test_application_history_tells_what_was_done_in_words(world, submitted):
    url = reverse("core:history", args=["grants.Application", submitted.pk])
    history = world.client_for("municipality_admin").get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert [e.what for e in history.context["entries"]] == ["Submit"]


def test_application_page_offers_no_history_link_to_a_blind_reviewer(world, submitted):
    from tests.factories import arrange_update

    arrange_update(Call.objects.filter(pk=submitted.call_id), blind_review=True)
    AssignmentFactory(application=submitted, reviewer=world.people["reviewer"], status="active")
    page = world.client_for("reviewer").get(submitted.get_absolute_url()).content.decode()
    assert (page.count("/history/"), "千代田区" in page) == (0, False)


def test_history_of_a_blind_application_is_404_for_its_reviewer(world, submitted):
    from tests.factories import arrange_update

    arrange_update(Call.objects.filter(pk=submitted.call_id), blind_review=True)
    AssignmentFactory(application=submitted, reviewer=world.people["reviewer"], status="active")
    url = reverse("core:history", args=["grants.Application", submitted.pk])
    codes = [world.client_for(role).get(url).status_code for role in ("reviewer", "municipality_admin")]
    assert codes == [404, 200]
