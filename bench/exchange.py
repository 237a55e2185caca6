#!/usr/bin/env python
"""Benchmark of the sister-city registry and the networks' directories (issue #17, item 8): public registry
pages, the map data and the directories' pages, searches and API at 8 clients, and the open-data export of the
whole registry.

    .venv/bin/python bench/exchange.py                  # SQLite: bench/data/exchange.sqlite3
    .venv/bin/python bench/exchange.py --readme         # and write the table into bench/README.md
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_exchange .venv/bin/python bench/exchange.py --readme
    ... --duration 15 --warmup 3 --clients 8 --wait-for-idle 60 --new-data
    .venv/bin/python bench/exchange.py --scale 0.1 --duration 2 --warmup 1   # a try: bench/data/exchange-0.1.sqlite3

1. **Data** (bench/exchange_data.py): 2,000 affiliations of 1,000 local governments with 1,600 partners in 40
   countries, and the "looking for a partner" entries of the other local governments (one each); and
   (bench/networks_data.py) the 10,000 listed directory entries of the networks app: 7,000 managers, 67
   associations, 2,933 NGOs (5 % more managers and NGOs not listed), their name searches built.
2. **Public pages** (HTTP, gunicorn 2 workers × 4 threads, 8 keep-alive clients, anonymous): the registry with
   filters and a search, by prefecture, by country, a local government's page, the counts over time; target p95
   < 100 ms.
3. **Map data**: `/exchange/map/data.json`, the map page and `GET /api/v1/exchange/map`; target p95 < 100 ms.
4. **Directories**: the managers', associations' and NGOs' lists with filters, their name search in kanji and
   kana, and `GET /api/v1/networks/…`; each answer first checked against the tables; target p95 < 100 ms.
5. **Open data**: the whole registry as CSV (streamed) and as JSON, one client, 5 downloads each: the median
   time, the size and the rows.
"""

import argparse
import http.client
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote, unquote

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.exchange_data import facts, make_data  # noqa: E402
from bench.generate import ensure_postgres_database  # noqa: E402
from bench.jet import Server, measure  # noqa: E402
from bench.library import commit, yes  # noqa: E402
from bench.networks_data import facts as directory_facts  # noqa: E402
from bench.networks_data import index, make_directories  # noqa: E402
from bench.run import Target, fetch, machine, replace_in_readme, wait_for_idle  # noqa: E402

README = BENCH_DIR / "README.md"
START, END = "<!-- exchange-bench:{database}:start -->", "<!-- exchange-bench:{database}:end -->"
SECTION_END = "<!-- exchange-bench:results-end -->"
P95_MS = 100.0
HEADERS = {"Accept-Language": "ja"}


def log(message: str) -> None:
    print(f"[exchange] {message}", file=sys.stderr, flush=True)


def setup(database_url: str) -> None:
    if database_url.startswith("postgres"):
        ensure_postgres_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("KIZUNA_DEV", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def targets() -> list[tuple[str, Target, bytes | None]]:
    from kizuna.exchange.models import Affiliation

    codes = list(Affiliation.objects.order_by("local_government__code").values_list(
        "local_government__code", flat=True).distinct()[:400:50])
    registry = ["/exchange/", "/exchange/?prefecture=130001", "/exchange/?country=US",
                "/exchange/?country=KR&type=sister", "/exchange/?status=active&counted=1",
                "/exchange/?page=20", f"/exchange/?q={quote('市')}",
                "/exchange/?q=burg"]
    groups = ["/exchange/prefectures/", "/exchange/countries/", "/exchange/counts/",
              *[f"/exchange/local-governments/{c}/" for c in codes]]
    maps = ["/exchange/map/data.json", "/api/v1/exchange/map"]
    return [
        ("registry", Target("registry", f"registry `/exchange/`, {len(registry)} URLs (filters, page 20, search)",
                            registry, HEADERS), None),
        ("groups", Target("groups", f"by prefecture, by country, counts over time and {len(codes)} local "
                          "governments' pages", groups, HEADERS), None),
        ("map_data", Target("map_data", "map data `/exchange/map/data.json` and `GET /api/v1/exchange/map`", maps,
                            HEADERS), b'"partners"'),
        ("map_page", Target("map_page", "the map page `/exchange/map/` (SVG points and tables)", ["/exchange/map/"],
                            HEADERS), None),
    ]


# -- the networks app's directories --------------------------------------------------------------------------------

PAGE = 50  # a page of the directories (views.PAGE) and of their API


def _expected() -> dict:
    """What the public may see, counted here from the tables (not through the app's queries): the listed
    entries' prefecture, fields, regions and languages."""
    from kizuna.library.enums import PREFECTURE_REGIONS
    from kizuna.networks.models import AssociationProfile, Manager, NgoProfile

    managers = list(Manager.objects.filter(is_listed=True).values_list("prefecture__code", "fields"))
    ngos = list(NgoProfile.objects.filter(is_listed=True).values_list("organisation__prefecture__code", "regions",
                                                                         "fields", "languages"))
    areas = list(AssociationProfile.objects.filter(is_listed=True).values_list("area__code", flat=True))

    def ngos_of(pref: str, field: str = "", language: str = "") -> int:
        region = str(PREFECTURE_REGIONS[int(pref)])
        return sum(1 for code, regions, fields, languages in ngos
                   if (code[:2] == pref or "nationwide" in regions or region in regions)
                   and (not field or field in fields) and (not language or language in languages))

    return {
        "managers": len(managers),
        "managers_13": sum(1 for code, _f in managers if code[:2] == "13"),
        "managers_27_disaster": sum(1 for code, f in managers if code[:2] == "27" and "disaster" in f),
        "managers_13_disaster": sum(1 for code, f in managers if code[:2] == "13" and "disaster" in f),
        "associations": len(areas), "associations_14": sum(1 for c in areas if c[:2] == "14"),
        "ngos": len(ngos), "ngos_23": ngos_of("23"), "ngos_23_japanese": ngos_of("23", "japanese"),
        "ngos_pt": sum(1 for *_r, languages in ngos if "pt" in languages),
    }


def _sample_manager():
    """A listed manager with a Japanese name whose surname others share (the searches' kanji and kana)."""
    from kizuna.networks.models import Manager

    return (Manager.objects.filter(is_listed=True, name_kana__regex=r"^[ぁ-ん]+ [ぁ-ん]+$")
            .order_by("pk").first())


def directory_targets() -> list[tuple[str, Target, dict]]:
    """The directories' public pages and API, each URL with what its answer must hold: `rows` (table rows or
    API items on the page), `count` (the API's total), `has` (texts the answer shows)."""
    from kizuna.networks.models import Manager

    n = _expected()
    page = max(1, min(20, n["managers"] // PAGE))
    m = _sample_manager()
    family, family_kana = m.name.split(" ")[0], m.name_kana.split(" ")[0]
    same_family = Manager.objects.filter(is_listed=True, name__startswith=f"{family} ").count()

    def rows(total: int, page_no: int = 1) -> int:
        return max(0, min(PAGE, total - PAGE * (page_no - 1)))

    lists = {
        "/networks/managers/": {"rows": rows(n["managers"])},
        "/networks/managers/?prefecture=13": {"rows": rows(n["managers_13"]), "prefecture": "東京都"},
        "/networks/managers/?prefecture=27&field=disaster": {"rows": rows(n["managers_27_disaster"]),
                                                              "prefecture": "大阪府"},
        f"/networks/managers/?page={page}": {"rows": rows(n["managers"], page)},
        "/networks/associations/": {"rows": rows(n["associations"])},
        "/networks/associations/?prefecture=14": {"rows": rows(n["associations_14"])},
        "/networks/ngos/": {"rows": rows(n["ngos"])},
        "/networks/ngos/?prefecture=23&field=japanese": {"rows": rows(n["ngos_23_japanese"])},
        "/networks/ngos/?language=pt": {"rows": rows(n["ngos_pt"])},
    }
    searches = {
        f"/networks/managers/?q={quote(family)}": {"rows": min(PAGE, same_family), "has": [family]},
        f"/networks/managers/?q={quote(family_kana)}": {"min_rows": min(PAGE, same_family), "has": [family_kana]},
        f"/networks/managers/?q={quote(m.name)}": {"min_rows": 1, "has": [m.name, m.name_kana]},
        f"/networks/managers/?q={quote(m.name_kana)}": {"min_rows": 1, "has": [m.name, m.name_kana]},
        f"/networks/ngos/?q={quote('日本語')}": {"min_rows": 1, "has": ["日本語"]},
        f"/networks/ngos/?q={quote('にほんご')}": {"min_rows": 1, "has": ["日本語"]},
        f"/networks/ngos/?q={quote('医療通訳')}&prefecture=13": {"min_rows": 1, "has": ["医療通訳"]},
        f"/networks/associations/?q={quote('かながわ')}": {"min_rows": 1, "has": ["神奈川県国際交流協会"]},
    }
    api = {
        "/api/v1/networks/managers": {"count": n["managers"], "rows": rows(n["managers"])},
        "/api/v1/networks/managers?prefecture=13&field=disaster": {"count": n["managers_13_disaster"],
                                                                   "rows": rows(n["managers_13_disaster"])},
        f"/api/v1/networks/managers?q={quote(family_kana)}": {"min_rows": min(PAGE, same_family),
                                                                "has": [family_kana]},
        "/api/v1/networks/associations": {"count": n["associations"], "rows": rows(n["associations"])},
        "/api/v1/networks/ngos?prefecture=23": {"count": n["ngos_23"], "rows": rows(n["ngos_23"])},
        f"/api/v1/networks/ngos?q={quote('日本語')}": {"min_rows": 1, "has": ["日本語"]},
    }
    return [
        ("directories", Target("directories", f"the networks' directories `/networks/…/`, {len(lists)} URLs "
                               "(managers, associations, NGOs: by prefecture, field, language, page "
                               f"{page})", list(lists), HEADERS), lists),
        ("directory_search", Target("directory_search", f"the directories' name search, {len(searches)} URLs "
                                    "(kanji and kana: a surname, a full name; NGOs by a word, one with a "
                                    "prefecture)", list(searches), HEADERS), searches),
        ("directory_api", Target("directory_api", f"`GET /api/v1/networks/…`, {len(api)} URLs (managers, "
                                 "associations, NGOs; filters and a search)", list(api), HEADERS), api),
    ]


def check(port: int, path: str, want: dict) -> None:
    """The answer holds what the tables say the public may see: the rows of the page, the API's total, only
    listed entries, and the names searched for."""
    status, body = fetch(port, path, HEADERS)
    text = body.decode("utf-8", "replace")
    problems = [] if status == 200 else [f"status {status}"]
    if path.startswith("/api/"):
        data = json.loads(body) if status == 200 else {"items": [], "count": -1}
        found, shown = len(data["items"]), json.dumps(data["items"], ensure_ascii=False)
        if "count" in want and data["count"] != want["count"]:
            problems.append(f"count {data['count']}, the tables say {want['count']}")
        if not all(item["is_listed"] for item in data["items"]):
            problems.append("an unlisted entry")
    else:
        found, shown = text.count('<th scope="row">'), text
        prefectures = re.findall(r"</th>\s*<td>[^<]*</td><td>([^<]*)</td>", text)  # a manager's row
        if "prefecture" in want and (len(prefectures) != found or set(prefectures) - {want["prefecture"]}):
            problems.append(f"not every row is of {want['prefecture']}")
    if "rows" in want and found != want["rows"]:
        problems.append(f"{found} rows, the tables say {want['rows']}")
    if found < want.get("min_rows", 0):
        problems.append(f"{found} rows, at least {want['min_rows']} expected")
    problems += [f"{h!r} not shown" for h in want.get("has", []) if h not in shown]
    if problems:
        raise SystemExit(f"{path}: {'; '.join(problems)}")


def pages(database_url: str, clients: int, duration: float, warmup: float, idle: float,
          index_s: float = 0.0, *, registry: bool = True) -> list[dict]:
    """The targets in turn. A directory target that searches is warmed up longer, by twice the time this process
    took to build the directories' name searches (`index_s`): each server process builds its own on its first
    search, and the measured seconds must not hold a build."""
    server = Server(database_url)
    out = []
    try:
        for name, target, marker in targets() if registry else []:
            wait_for_idle(idle)
            out.append({**measure(server, target, clients, duration, warmup, marker=marker), "name": name})
        for name, target, wants in directory_targets():
            for path, want in wants.items():
                check(server.port, path, want)
            log(f"{name}: {len(wants)} answers checked")
            wait_for_idle(idle)
            warm = warmup + (2 * index_s if any("q=" in path for path in wants) else 0)
            out.append({**measure(server, target, clients, duration, warm), "name": name})
    finally:
        server.stop()
    return out


def _download(port: int, path: str) -> tuple[float, int, bytes]:
    t0 = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    connection.request("GET", path, headers=HEADERS)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"{path}: {response.status}")
    return time.perf_counter() - t0, len(body), body


def export(database_url: str, idle: float, rounds: int = 5) -> list[dict]:
    server = Server(database_url)
    out = []
    try:
        wait_for_idle(idle)
        for label, path in (("CSV (streamed)", "/exchange/open-data/sister-cities.csv"),
                            ("JSON", "/exchange/open-data/sister-cities.json")):
            _download(server.port, path)  # warm
            times, size, body = [], 0, b""
            for _ in range(rounds):
                seconds, size, body = _download(server.port, path)
                times.append(seconds)
            rows = (body.decode("utf-8-sig").count("\r\n") - 1 if path.endswith(".csv")
                    else len(json.loads(body)["affiliations"]))
            out.append({"label": label, "path": path, "median_s": round(statistics.median(times), 3),
                        "max_s": round(max(times), 3), "kb": round(size / 1024), "rows": rows})
            log(f"export {out[-1]}")
    finally:
        server.stop()
    return out


def markdown(report: dict) -> str:
    d = report["data"]
    n = d["directories"]
    start, end = (m.format(database=report["database"]) for m in (START, END))
    lines = [start, "", f"### {report['database']}", "",
             f"Run {report['when']} on {report['database']}, commit {report['commit']} "
             f"({report['machine'].get('cpu', '?')}, {report['machine'].get('cores', '?')} cores shared with other "
             f"sessions' work; load average before: {report['loadavg']}). Data: {d['affiliations']:,} affiliations "
             f"({', '.join(f'{k} {v:,}' for k, v in sorted(d['statuses'].items()))}) of {d['governments']:,} local "
             f"governments with {d['partners']:,} partners in {d['countries']} countries; {d['wanted']:,} \"looking "
             f"for a partner\" entries; directories (networks app), listed: {n['managers']:,} managers in "
             f"{n['manager_prefectures']} prefectures, {n['associations']} associations, {n['ngos']:,} NGOs "
             f"({n['entries']:,} entries; {n['unlisted']:,} more not listed). Reproduce: `{report['command']}`.", "",
             "| measure | how | requests | p50 ms | p95 ms | target | met |", "|---|---|---:|---:|---:|---|:-:|"]
    for r in report.get("pages", []):
        lines.append(f"| {r['label']} | HTTP, {report['clients']} clients, gunicorn 2 × 4, {r['rps']} req/s, "
                     f"{r['errors']} errors, {r['kb']} KB, {r['server_ms']} ms of server CPU a request; cores busy: "
                     f"server {r['server_cpu']}, client {r['client_cpu']}, other {r['other_cpu']} | "
                     f"{r['requests']:,} | {r['p50_ms']} | {r['p95_ms']} | p95 < 100 ms | "
                     f"{yes(r['p95_ms'] < P95_MS and not r['errors'])} |")
    per = "; ".join(f"{r['name']}: " + ", ".join(f"`{unquote(p)}` {v}" for p, v in r["per_path"].items())
                    for r in report.get("pages", []))
    lines += ["", f"p95 per URL (ms): {per}.", ""]
    if report.get("export"):
        lines += ["| open data, whole registry (one client, median of 5) | rows | size | median s | slowest s |",
                  "|---|---:|---:|---:|---:|"]
        for e in report["export"]:
            lines.append(f"| {e['label']} `{e['path']}` | {e['rows']:,} | {e['kb']:,} KB | **{e['median_s']}** | "
                         f"{e['max_s']} |")
        lines.append("")
    lines += [end, ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--readme", action="store_true")
    parser.add_argument("--new-data", action="store_true")
    parser.add_argument("--only", choices=["pages", "directories", "export"],
                        help="pages: the registry's and the directories'; directories: only the directories'")
    parser.add_argument("--wait-for-idle", type=float, default=0, metavar="SECONDS")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="a share of the issue's data (1: 2,000 affiliations and 10,000 directory entries), "
                             "for trying the benchmark; SQLite: in its own file bench/data/exchange-<scale>.sqlite3")
    args = parser.parse_args(argv)
    (BENCH_DIR / "data").mkdir(exist_ok=True)
    (BENCH_DIR / "results").mkdir(exist_ok=True)
    name = "exchange" if args.scale == 1 else f"exchange-{args.scale:g}"
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'data' / f'{name}.sqlite3'}"
    if args.readme and args.scale != 1:
        parser.error("--readme takes the issue's data (--scale 1)")
    os.environ.setdefault("CONN_MAX_AGE", "60")
    setup(database_url)
    from django.utils import timezone

    made = make_data(random.Random(17), fresh=args.new_data, scale=args.scale)
    made["directories"] = make_directories(random.Random(8), fresh=args.new_data, scale=args.scale)
    made["directories"].update(index())
    report = {"when": timezone.now().strftime("%Y-%m-%d %H:%M UTC"), "database": database_url.split(":", 1)[0],
              "machine": machine(), "clients": args.clients, "data": {**facts(), "directories": directory_facts()},
              "made": made, "commit": commit(),
              "loadavg": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
              "command": ("DATABASE_URL=... " if database_url.startswith("postgres") else "")
              + ".venv/bin/python bench/exchange.py " + " ".join(argv if argv is not None else sys.argv[1:])}
    log(f"data: {report['data']}")
    if args.only in (None, "pages", "directories"):
        built = sum(v for k, v in made["directories"].items() if k.endswith("_index_s"))
        report["pages"] = pages(database_url, args.clients, args.duration, args.warmup, args.wait_for_idle, built,
                                registry=args.only != "directories")
    if args.only in (None, "export"):
        report["export"] = export(database_url, args.wait_for_idle)
    text = markdown(report)
    print(text)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / "results" / f"exchange-{stamp}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    if args.readme:
        replace_in_readme(README, text, START.format(database=report["database"]),
                          END.format(database=report["database"]), SECTION_END)
    ok = all(r["p95_ms"] < P95_MS and not r["errors"] for r in report.get("pages", []))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
