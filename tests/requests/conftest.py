import pytest

from kizuna.requests import services
from kizuna.requests.enums import Kind


def file_visit(world, title="訪問調整", **extra):
    data = {"title": title, "description": "面談の調整", "country": "US", "starts_on": "2026-12-01",
            "ends_on": "2026-12-03", "people": "区長", "purpose": "観光局との面談", **extra}
    from datetime import date

    for key in ("starts_on", "ends_on"):
        if isinstance(data[key], str):
            data[key] = date.fromisoformat(data[key])
    return services.file_request(by=world.people["municipality_staff"], requester=world.chiyoda, kind=Kind.VISIT,
                                 data=data)


def file_research(world, title="多言語防災情報の調査"):
    from datetime import date, timedelta

    return services.file_request(
        by=world.people["municipality_staff"], requester=world.chiyoda, kind=Kind.RESEARCH,
        data={"title": title, "description": "調査依頼", "country": "US", "questions": "予算は？", "theme": "防災",
              "wanted_by": date.today() + timedelta(days=90)})


def to_office(world, request):
    request = services.endorse_request(by=world.people["branch_staff"], request=request)
    return services.accept_request(by=world.people["hq_staff"], request=request, office=world.nyc)


@pytest.fixture
def visit(world):
    return file_visit(world)


@pytest.fixture
def research(world):
    return file_research(world)


@pytest.fixture
def answered(world, research):
    request = to_office(world, research)
    return services.answer_request(by=world.people["office_staff"], request=request, deliverable="回答です。")
