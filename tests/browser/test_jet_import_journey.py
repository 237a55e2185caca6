"""Intake in a real browser: headquarters staff open the roster, choose "import placements", upload a file with a
bad row (refused row by row, nothing saved), fix it and upload again; the participants are on the roster."""

import pytest
from playwright.sync_api import expect

from kizuna.jet.models import Participant
from tests.jet.conftest import host_for
from tests.jet.test_intake import GOOD, HEADER

from .conftest import log_in_with_session, screenshot

pytestmark = pytest.mark.browser


def _file(tmp_path, rows, name="arrivals.csv"):
    path = tmp_path / name
    path.write_text("\n".join(",".join(r) for r in [HEADER, *rows]) + "\n", encoding="utf-8-sig")
    return str(path)


def test_staff_import_arrivals_fix_a_refused_row_and_find_them_on_the_roster(page, live_server, world, tmp_path):
    host_for(world, world.chiyoda)
    log_in_with_session(page, live_server, world.people["hq_staff"])
    page.goto("/jet/")
    page.get_by_test_id("import-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("配置の一括取り込み")

    bad = [GOOD[0], [*GOOD[1][:5], "boss", *GOOD[1][6:]]]
    page.set_input_files("#id_file", _file(tmp_path, bad))
    page.get_by_role("button", name="確認して取り込む").click()
    result = page.get_by_test_id("import-result")
    expect(result).to_contain_text("何も保存しませんでした")
    expect(result.locator("tr[data-outcome='error']")).to_contain_text("ALT、CIR、SEA")
    assert Participant.objects.count() == 0

    page.set_input_files("#id_file", _file(tmp_path, GOOD, "arrivals-fixed.csv"))
    page.get_by_role("button", name="確認して取り込む").click()
    expect(page.get_by_test_id("import-result")).to_contain_text("2人の参加者を配置しました")
    screenshot(page, "jet-import")

    page.goto("/jet/")
    expect(page.get_by_test_id("roster")).to_contain_text("20260000101")
    expect(page.get_by_test_id("roster")).to_contain_text("20260000102")
