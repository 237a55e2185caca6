import tomllib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kizuna.plan.enums import KPISource, TargetBasis
from kizuna.plan.loading import DATA_DIR
from kizuna.plan.models import KPI, Area, KPIEntry, Programme
from kizuna.plan.services import record_kpi_figure
from tests.factories import arrange_update

REAL_FILE = DATA_DIR / "fy2026.toml"
# The ①②… of each area in 「令和8年度事業計画の概要」.
PROGRAMMES_PER_AREA = {1: 5, 2: 5, 3: 5, 4: 7, 5: 4, 6: 3, 7: 2}


def _load(**options) -> str:
    out = StringIO()
    call_command("load_plan", stdout=out, **options)
    return out.getvalue()


def _bad_copy(tmp_path, old: str, new: str):
    text = REAL_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_load_plan_loads_the_seven_areas_with_their_names_from_the_plan(plan):
    names = list(Area.objects.filter(fiscal_year=plan).order_by("number").values_list("number", "name"))
    assert names == [
        (1, "自治体の海外における経済活動を支援"),
        (2, "多文化共生社会を目指した地域づくりを支援"),
        (3, "草の根交流と次世代グローバル人材を育成するJETプログラムを推進"),
        (4, "多様な国際交流・国際協力を支援"),
        (5, "自治体のニーズに応える情報の収集・発信を強化"),
        (6, "自治体のグローバル人材を育成"),
        (7, "海外事務所を自治体の頼れる海外拠点に"),
    ]


def test_load_plan_loads_every_numbered_programme_of_the_summary(plan):
    main = [
        p
        for p in Programme.objects.filter(area__fiscal_year=plan).select_related("area")
        if not p.is_sub_programme
    ]
    numbers = {n: sorted(p.number for p in main if p.area.number == n) for n in PROGRAMMES_PER_AREA}
    assert numbers == {n: list(range(1, count + 1)) for n, count in PROGRAMMES_PER_AREA.items()}


def test_load_plan_loads_every_programme_and_kpi_of_the_file(plan):
    data = tomllib.loads(REAL_FILE.read_text(encoding="utf-8"))
    codes = {p["code"] for a in data["area"] for p in a["programme"]}
    kpis = sum(len(p.get("kpi", [])) for a in data["area"] for p in a["programme"])
    loaded = set(Programme.objects.filter(area__fiscal_year=plan).values_list("code", flat=True))
    assert (loaded, KPI.objects.filter(programme__area__fiscal_year=plan).count()) == (codes, kpis)


def test_load_plan_gives_each_office_its_overseas_seminar_programme(plan):
    seminars = Programme.objects.filter(area__fiscal_year=plan, code__startswith="5-3-")
    offices = sorted(slug for p in seminars for slug in p.offices.values_list("slug", flat=True))
    assert offices == ["lon", "nyc", "par", "sel", "sin", "syd"]


def test_load_plan_measures_local_governments_on_kizuna_with_the_core_query(plan):
    kpi = KPI.objects.get(query_key="core.local_governments_on_kizuna")
    assert (kpi.source, kpi.programme.code, kpi.target_basis) == (KPISource.QUERY, "5-4", TargetBasis.DEMO)


def test_load_plan_marks_targets_stated_in_the_plan(plan):
    from_plan = set(KPI.objects.filter(target_basis=TargetBasis.PLAN).values_list("programme__code", "code"))
    assert ("5-4", "forum") in from_plan and ("3-5-40th", "ceremony") in from_plan


def test_load_plan_second_run_changes_nothing(plan):
    before = list(KPI.objects.order_by("pk").values())
    output = _load(year=2026)
    assert "KPI: 0 created, 0 updated, 127 unchanged" in output
    assert list(KPI.objects.order_by("pk").values()) == before


def test_load_plan_second_run_restores_an_edited_name_without_new_rows(plan):
    arrange_update(Area.objects.filter(fiscal_year=plan, number=1), name="changed")
    output = _load(year=2026)
    assert "area: 0 created, 1 updated, 6 unchanged" in output
    assert Area.objects.get(fiscal_year=plan, number=1).name == "自治体の海外における経済活動を支援"


def test_load_plan_keeps_figures_entered_by_staff(world, plan):
    kpi = KPI.objects.get(programme__code="5-4", code="forum")
    record_kpi_figure(by=world.people["hq_staff"], kpi=kpi, quarter=1, value=3)
    _load(year=2026)
    assert KPIEntry.objects.filter(kpi=kpi).count() == 1


def test_load_plan_refuses_a_query_kpi_without_key_and_changes_nothing(plan, tmp_path):
    path = _bad_copy(tmp_path, 'query_key = "events.sessions.economic_seminar"', 'query_key = ""')
    text = path.read_text(encoding="utf-8").replace("自治体の海外における経済活動を支援", "renamed", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        _load(file=path)
    assert "programme 1-1, KPI seminar-sessions: a KPI measured by query needs a query_key." in str(
        excinfo.value
    )
    assert Area.objects.get(fiscal_year=plan, number=1).name == "自治体の海外における経済活動を支援"


def test_load_plan_refuses_a_duplicate_programme_code(offices, tmp_path):
    path = _bad_copy(tmp_path, 'code = "1-2"', 'code = "1-1"')
    with pytest.raises(CommandError) as excinfo:
        _load(file=path)
    assert "plan: programme code '1-1' is used 2 times." in str(excinfo.value)
    assert Programme.objects.count() == 0


def test_load_plan_refuses_an_unknown_office(offices, tmp_path):
    path = _bad_copy(tmp_path, 'offices = ["nyc"]', 'offices = ["mars"]')
    with pytest.raises(CommandError) as excinfo:
        _load(file=path)
    assert "office 'mars' is not a CLAIR organisation" in str(excinfo.value)
    assert Area.objects.count() == 0


def test_load_plan_refuses_a_year_without_a_plan_file(offices):
    with pytest.raises(CommandError) as excinfo:
        _load(year=2027)
    assert "There is no plan file for FY2027" in str(excinfo.value)


def test_load_plan_refuses_a_year_that_does_not_match_the_file(offices):
    with pytest.raises(CommandError) as excinfo:
        _load(year=2027, file=REAL_FILE)
    assert "the file is for FY2026, not FY2027." in str(excinfo.value)


def test_load_plan_refuses_a_file_that_is_not_toml(offices, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("year = = 2026", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        _load(file=path)
    assert "is not valid TOML" in str(excinfo.value)


def test_load_plan_refuses_unknown_keys(offices, tmp_path):
    path = _bad_copy(tmp_path, 'aggregation = "sum"', 'agregation = "sum"')
    with pytest.raises(CommandError) as excinfo:
        _load(file=path)
    assert "unknown key 'agregation'." in str(excinfo.value)
