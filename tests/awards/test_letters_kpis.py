"""Letters to the winners and the others (the grants letters, worded for an award, read back from the PDF and
mailed after the decision), and the plan's KPIs exchange.award.nominations and exchange.award.winners."""

import subprocess

from django.db import transaction
from django.utils import timezone

from kizuna.awards import services
from kizuna.core.fiscal import fiscal_year_of
from kizuna.grants.services.letters import letter_pdf
from kizuna.plan.kpis import get_query

from .conftest import nomination, score_all


def _text(pdf: bytes) -> str:
    """The PDF's text as pdftotext reads it, without spaces and line breaks (Japanese wraps anywhere)."""
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return "".join(out.split())


def _decided(world, round_):
    win = nomination(world, "eligible", title="姉妹都市との青少年交流")
    other = nomination(world, "eligible", by="association_staff", title="多言語の防災訓練")
    services.assign_judge(by=world.people["hq_staff"], round=round_, judge=world.people["reviewer"])
    score_all(world, world.people["reviewer"], round_, {win: 5, other: 3})
    services.decide_winners(by=world.people["hq_staff"], round=round_,
                            winners={win.pk: {"citation": "20年にわたる青少年交流が地域に根付いた",
                                              "citation_en": "x"}})
    win.application.refresh_from_db()
    other.application.refresh_from_db()
    return win, other


def test_the_winner_s_letter_is_an_award_letter_with_the_citation_and_no_money(world, round_):
    win, other = _decided(world, round_)
    text = _text(letter_pdf(win.application))
    expected = ["表彰決定通知書", "東京都", "姉妹都市との青少年交流", "20年にわたる青少年交流が地域に根付いた",
                "一般財団法人自治体国際化協会"]
    assert [s for s in expected if s not in text] == []
    assert "円" not in text and "交付決定" not in text
    other_text = _text(letter_pdf(other.application))
    assert "審査結果通知書" in other_text and "採択されませんでした" in other_text


def test_the_decision_mails_every_letter(world, round_, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        _decided(world, round_)
    sent = {m["message"]["Subject"].strip(): [p.get_filename() for p in m["message"].iter_attachments()]
            for m in smtp_server.messages}
    assert sent == {"【表彰決定通知】姉妹都市との青少年交流": ["hyosho-kettei-tsuchisho.pdf"],
                    "【審査結果のお知らせ】多言語の防災訓練": ["shinsa-kekka-tsuchisho.pdf"]}


def _kpi(key):
    return get_query(key)(year=fiscal_year_of(timezone.localdate()), quarter=None, organisation_id=None)


def test_kpis_count_nominations_that_reached_clair_and_winners(world, round_):
    nomination(world, "draft", title="下書き")
    nomination(world, "with_prefecture", title="県に送付済み")
    assert (_kpi("exchange.award.nominations"), _kpi("exchange.award.winners")) == (0, 0)
    _decided(world, round_)
    assert (_kpi("exchange.award.nominations"), _kpi("exchange.award.winners")) == (2, 1)


def test_kpis_are_not_broken_down_by_a_local_government(world, round_):
    assert get_query("exchange.award.winners")(year=2026, quarter=None, organisation_id=world.chiyoda.pk) is None
