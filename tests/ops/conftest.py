"""Fixtures of the operations tests: the reference organisations that the demo data hangs on."""

import pytest
from django.utils import translation

from kizuna.core.enums import MunicipalityType, OrgKind

from ..factories import OrganisationFactory


@pytest.fixture
def reference_orgs(db) -> dict:
    """The few reference organisations `seed_demo` looks up (the full load takes seconds)."""
    tokyo = OrganisationFactory(
        kind=OrgKind.PREFECTURE,
        municipality_type=MunicipalityType.PREFECTURE,
        code="130001",
        name="東京都",
        name_kana="とうきょうと",
        name_en="Tokyo",
    )
    miyagi = OrganisationFactory(
        kind=OrgKind.PREFECTURE,
        municipality_type=MunicipalityType.PREFECTURE,
        code="040002",
        name="宮城県",
        name_kana="みやぎけん",
        name_en="Miyagi",
    )
    orgs = {
        "tokyo": tokyo,
        "miyagi": miyagi,
        "chiyoda": OrganisationFactory(
            kind=OrgKind.MUNICIPALITY,
            municipality_type=MunicipalityType.SPECIAL_WARD,
            code="131016",
            name="千代田区",
            name_kana="ちよだく",
            prefecture=tokyo,
            parent=tokyo,
        ),
        "sendai": OrganisationFactory(
            kind=OrgKind.MUNICIPALITY,
            municipality_type=MunicipalityType.DESIGNATED_CITY,
            code="041009",
            name="仙台市",
            name_kana="せんだいし",
            prefecture=miyagi,
            parent=miyagi,
        ),
        "hq": OrganisationFactory(
            kind=OrgKind.HEADQUARTERS, slug="hq", name="一般財団法人自治体国際化協会（本部）"
        ),
        "tokyo_branch": OrganisationFactory(
            kind=OrgKind.BRANCH,
            slug="branch-130001",
            name="クレア東京都支部",
            local_government=tokyo,
            prefecture=tokyo,
        ),
        "nyc": OrganisationFactory(
            kind=OrgKind.OVERSEAS_OFFICE,
            slug="nyc",
            name="クレア ニューヨーク事務所",
            timezone="America/New_York",
            city="New York",
        ),
    }
    return orgs


@pytest.fixture(autouse=True)
def english():
    """Commands print in the active language; these tests read their English source messages."""
    with translation.override("en"):
        yield
