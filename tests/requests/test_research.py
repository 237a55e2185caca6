from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kizuna.core.fiscal import current_fiscal_year
from kizuna.plan.kpis import get_query
from kizuna.requests import services

from .conftest import file_visit


def _publish(world, answered, **kw):
    data = {"publish": True, "title": "米国の防災情報", "title_en": "Disaster information in the US",
            "summary": "多言語で提供", "summary_en": "Provided in many languages", **kw}
    return services.publish_research(by=world.people["office_staff"], request=answered, **data)


def test_publish_research_by_office_staff_makes_it_public(world, answered):
    assert _publish(world, answered).is_public is True


def test_publish_research_by_requester_is_denied(world, answered):
    with pytest.raises(PermissionDenied):
        services.publish_research(by=world.people["municipality_staff"], request=answered, publish=True,
                                  title="t", summary="s")


def test_publish_research_without_summary_is_refused(world, answered):
    with pytest.raises(ValidationError):
        _publish(world, answered, summary="")
    answered.refresh_from_db()
    assert answered.is_public is False


def test_publish_research_not_answered_is_refused(world, research):
    with pytest.raises(ValidationError):
        services.publish_research(by=world.people["hq_staff"], request=research, publish=True, title="t",
                                  summary="s")


def test_research_list_is_public_and_shows_only_what_staff_chose(world, answered):
    _publish(world, answered)
    page = world.client_for("anonymous").get(reverse("requests:research"), {"q": "防災", "country": "US"})
    text = page.content.decode()
    assert page.status_code == 200
    assert ("米国の防災情報" in text, "回答です。" in text) == (True, False)


def test_research_list_in_english_shows_english(world, answered):
    _publish(world, answered)
    client = world.client_for("anonymous")
    page = client.get(reverse("requests:research"), {"q": "languages"}, HTTP_ACCEPT_LANGUAGE="en")
    assert [a.public_title_en for a in page.context["answers"]] == ["Disaster information in the US"]


def test_research_list_filters_by_theme(world, answered):
    _publish(world, answered)
    client = world.client_for("anonymous")
    assert list(client.get(reverse("requests:research"), {"theme": "観光"}).context["answers"]) == []


def test_research_export_lists_completed_research_of_the_year(world, answered):
    year = current_fiscal_year()
    response = world.client_for("branch_staff").get(reverse("requests:research_export", args=[year]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert (rows[1][0], rows[1][1], rows[1][2]) == (answered.pk, answered.title, "千代田区")


def test_research_export_by_municipality_is_forbidden(world):
    response = world.client_for("municipality_staff").get(reverse("requests:research_export", args=[2026]))
    assert response.status_code == 403


def test_kpis_count_answered_research_and_support(world, answered):
    visit = file_visit(world)
    services.answer_request(by=world.people["office_staff"], request=visit, deliverable="done")
    _publish(world, answered)
    year = current_fiscal_year()
    values = {key: get_query(key)(year=year, quarter=None, organisation_id=None) for key in (
        "requests.research.answered", "requests.research.published", "requests.support.completed",
        "requests.support.remote")}
    assert values == {"requests.research.answered": 1, "requests.research.published": 1,
                      "requests.support.completed": 1, "requests.support.remote": 0}


def test_exhibition_and_pr_support_is_the_remote_support_said_to_be_for_it(world):
    from kizuna.requests.enums import Kind

    for promotion in (True, False):
        remote = services.file_request(
            by=world.people["municipality_staff"], requester=world.chiyoda, kind=Kind.REMOTE,
            data={"title": f"遠隔支援 {promotion}", "description": "資料の確認", "country": "US",
                  "purpose": "観光PR", "for_promotion": promotion})
        services.answer_request(by=world.people["office_staff"], request=remote, deliverable="done")
    visit = file_visit(world, for_promotion=True)  # a visit cannot say it: it is not remote support
    assert visit.for_promotion is False
    year = current_fiscal_year()
    values = {key: get_query(key)(year=year, quarter=None, organisation_id=None)
              for key in ("requests.support.remote", "requests.support.remote_promotion")}
    assert values == {"requests.support.remote": 2, "requests.support.remote_promotion": 1}


def test_satisfaction_kpi_is_the_share_of_rated_support_rated_4_or_5(world):
    kpi, year = get_query("requests.support.satisfaction"), current_fiscal_year()
    assert kpi(year=year, quarter=None, organisation_id=None) is None  # nothing rated yet: no figure
    for rating in (5, 4, 2):
        visit = file_visit(world)
        services.answer_request(by=world.people["office_staff"], request=visit, deliverable="done")
        services.rate_request(by=world.people["municipality_staff"], request=visit, rating=rating)
    file_visit(world)  # not answered: not counted
    assert kpi(year=year, quarter=None, organisation_id=None) == Decimal("66.7")
    assert kpi(year=year, quarter=None, organisation_id=world.nyc.pk) == Decimal("66.7")
    assert kpi(year=year, quarter=None, organisation_id=world.chiyoda.pk) is None


def test_kpis_by_office_and_not_by_municipality(world, answered):
    year = timezone.localdate().year if timezone.localdate().month >= 4 else timezone.localdate().year - 1
    kpi = get_query("requests.research.answered")
    assert kpi(year=year, quarter=None, organisation_id=world.nyc.pk) == 1
    assert kpi(year=year, quarter=None, organisation_id=world.chiyoda.pk) is None


def test_research_export_writes_a_title_that_looks_like_a_formula_as_text(world, answered):
    answered.title = '=HYPERLINK("https://attacker.example/","click")'
    answered.save(update_fields=["title"])
    response = world.client_for("branch_staff").get(reverse("requests:research_export",
                                                            args=[current_fiscal_year()]))
    cell = load_workbook(BytesIO(response.content)).active["B2"]
    assert (cell.data_type, cell.value) == ("s", "'" + answered.title)
