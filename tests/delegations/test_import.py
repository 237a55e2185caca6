import pytest

from kizuna.delegations import importing
from kizuna.delegations.models import Member
from tests.delegations.conftest import chinese

pytestmark = pytest.mark.django_db

HEADER = "氏名,ローマ字,役割,役職,到着日時,到着便,ホテル,部屋,通訳言語,食事\n"


def _csv(*rows) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


def test_members_import_all_together(world):
    d = chinese(world)
    rows = _csv("刘洋,LIU Yang,事務局,秘书,2026-12-07 14:30,CA927,ホテル日航,802,ja,Halal",
                "赵磊,ZHAO Lei,member,,,,,,,")
    report = importing.import_members(by=world.people["office_staff"], delegation=d, filename="members.csv",
                                      content=rows)
    assert report.saved and report.ok == 2
    liu = Member.objects.get(name="刘洋")
    assert (liu.role, liu.position, liu.interpretation, liu.dietary, liu.arrival_flight) == (
        "secretariat", "秘书", "ja", "Halal", "CA927")
    assert liu.order > d.members.get(role="interpreter").order


def test_one_bad_row_saves_nothing_and_says_why_row_by_row(world):
    d = chinese(world)
    before = Member.objects.count()
    report = importing.import_members(by=world.people["office_staff"], delegation=d, filename="members.csv",
                                      content=_csv("刘洋,LIU Yang,事務局,,,,,,,", "赵磊,赵磊,member,,,,,,,",
                                                   "孙丽,SUN Li,団長,,,,,,,", "周杰,ZHOU Jie,king,,,,,,,",
                                                   "吴刚,WU Gang,,,tomorrow,,,,,"))
    assert not report.saved and Member.objects.count() == before
    outcomes = [(line, outcome) for line, _key, outcome, _message in report.rows]
    assert outcomes == [(2, "ok"), (3, "error"), (4, "error"), (5, "error"), (6, "error")]
    messages = [m for *_rest, m in report.rows]
    assert "ラテン文字" in messages[1] and "団長" in messages[2] and "king" in messages[3] and "tomorrow" in messages[4]


def test_the_import_page_reports_and_keeps_the_status(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    d = chinese(world)
    url = reverse("delegations:members_import", args=[d.pk])
    client = client_for("office_staff")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"file": SimpleUploadedFile("m.csv", _csv("赵磊,赵磊,member,,,,,,,"))})
    assert bad.status_code == 400 and 'data-outcome="error"' in bad.content.decode()
    good = client.post(url, {"file": SimpleUploadedFile("m.csv", _csv("赵磊,ZHAO Lei,member,,,,,,,"))})
    assert good.status_code == 200 and Member.objects.filter(name="赵磊").exists()
