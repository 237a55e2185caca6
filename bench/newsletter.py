#!/usr/bin/env python
"""Benchmark of the mail magazine's sender (issue #16): a 50,000-reader bilingual issue into a local SMTP server,
the sender stopped (SIGTERM) and killed (SIGKILL) on the way and resumed, in <= 15 minutes on this machine.

    .venv/bin/python bench/newsletter.py                  # SQLite: bench/data/newsletter.sqlite3
    .venv/bin/python bench/newsletter.py --readme         # and write the table into bench/README.md
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_newsletter_bench .venv/bin/python bench/newsletter.py --readme
    ... --rate 0 (mails a second, 0: unthrottled; the target needs >= 56)  --lease 5  --readers 50000  --new-data

1. **Data** (BENCH DATA, bulk-inserted under `audit.unlogged`, made once and reused; `--new-data` to make it
   again): headquarters, a public bilingual (ja + en) magazine that counts opens and clicks, 50,000 active readers
   (25,000 Japanese, 24,000 English, 1,000 in other languages, who get the English part) and 2,000 who are not
   active (pending, unsubscribed, bounced: they must get nothing). Each run adds a new issue with a Japanese and an
   English part (headings, paragraphs, a list, links), scheduled now.
2. **The send-out list**: `sending.start(issue)` in this process, timed (one `Delivery` per active reader).
3. **The sending**: an SMTP server (aiosmtpd) in a process of its own writes each message's RCPT TO, Message-ID and
   Subject to a file. `kizuna send_newsletters --campaign N --rate R` runs as a subprocess (EMAIL_HOST/PORT at that
   server, KIZUNA_NEWSLETTER_LEASE_SECONDS=5): it is stopped with SIGTERM at 20 % of the mails, started again and
   killed with SIGKILL at 50 %, the bench waits for the dead sender's lease to run out, and senders run until the
   issue is `sent`. Each sender's peak resident memory (ru_maxrss, from wait4) and CPU time are recorded.
4. **Checks**: every active reader got the issue exactly once (missing 0); a duplicate is allowed only for the mail
   the killed sender had in flight, with the same Message-ID both times; nobody inactive got it; each row's
   recorded Message-ID is the one the server received; each reader got their language's part.

Exits with 1 when the issue took more than 15 minutes (excluding nothing), or a check fails.
"""

import argparse
import email.header
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path.insert(0, str(PROJECT_DIR))

from bench.generate import ensure_postgres_database  # noqa: E402
from bench.run import bench_env, free_port, machine, replace_in_readme  # noqa: E402

README = BENCH_DIR / "README.md"
START, END = "<!-- newsletter-bench:{database}:start -->", "<!-- newsletter-bench:{database}:end -->"
SECTION_END = "<!-- newsletter-bench:results-end -->"
READERS = 50_000
INACTIVE = 2_000
TARGET_SECONDS = 15 * 60
LIST_SLUG = "bench-magazine"
DOMAINS = ("example.org", "example.jp", "example.com")
OTHER_LANGUAGES = ["ko", "zh-hans", "pt", "vi", "es", "fr", "id", "th"]


def log(message: str) -> None:
    print(f"[newsletter] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------------ SMTP server


def smtp_server(port: int, path: str) -> None:
    """The mail server (its own process): one line per recipient: RCPT TO, Message-ID, Subject (raw)."""
    from aiosmtpd.controller import Controller

    message_id = re.compile(rb"^Message-ID:[ \t]*(\S+)", re.I | re.M)
    subject = re.compile(rb"^Subject:[ \t]*([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)", re.I | re.M)
    out = open(path, "ab", buffering=0)  # noqa: SIM115 (open for the life of the process)

    class Recorder:
        async def handle_DATA(self, server, session, envelope):
            head = envelope.content.split(b"\r\n\r\n", 1)[0]
            mid = message_id.search(head)
            subj = subject.search(head)
            line = b"".join(
                rcpt.encode() + b"\t" + (mid.group(1) if mid else b"-") + b"\t"
                + (re.sub(rb"\r?\n[ \t]", b" ", subj.group(1)) if subj else b"-") + b"\t"
                + envelope.mail_from.encode() + b"\n" for rcpt in envelope.rcpt_tos)
            out.write(line)
            return "250 OK"

    controller = Controller(Recorder(), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    while not stopping:
        time.sleep(0.2)
    controller.stop()
    out.close()


class Received:
    """Counts the lines the SMTP server has written, reading only what is new."""

    def __init__(self, path: Path):
        self.path = path
        self.count = 0
        self.offset = 0

    def poll(self) -> int:
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            chunk = f.read()
        cut = chunk.rfind(b"\n") + 1
        self.count += chunk.count(b"\n", 0, cut)
        self.offset += cut
        return self.count


# ------------------------------------------------------------------------------------------------------- data

JA_BODY = """## 今月のお知らせ

自治体国際化協会（クレア）の今月号をお届けします。今号では、多文化共生の地域づくり、海外事務所からの報告、
JETプログラムの最新情報をまとめました。詳しくは [クレアのウェブサイト](https://www.clair.or.jp/) をご覧ください。

### 多文化共生の地域づくり

外国人住民が地域で安心して暮らせるよう、各地の自治体が相談窓口の多言語化や、やさしい日本語による情報発信に
取り組んでいます。**先進事例集**を公開しました： https://www.clair.or.jp/j/multiculture/

- 相談窓口の多言語対応（20言語）
- 災害時の外国人支援ガイドライン
- 日本語教室の立ち上げ支援

### 海外事務所から

ロンドン事務所からは英国の地方自治体の財政改革について、シンガポール事務所からは東南アジアの観光振興の動向に
ついて報告が届いています。各報告書は [ライブラリー](https://www.clair.or.jp/j/forum/) から読むことができます。

### JETプログラム

2026年度の任用者の受け入れが始まりました。受け入れ自治体の皆さまには、着任オリエンテーションの資料を
https://jetprogramme.org/ja/ に掲載しています。ご不明な点は担当までお問い合わせください。
"""

EN_BODY = """## This month at CLAIR

Welcome to this month's issue from the Council of Local Authorities for International Relations. This issue covers
multicultural community building, reports from our overseas offices and the latest on the JET Programme. More on
[CLAIR's website](https://www.clair.or.jp/en/).

### Multicultural communities

Local governments across Japan are making their consultation desks multilingual and publishing in easy Japanese so
that foreign residents can live safely and with confidence. **A collection of good practices** is now online:
https://www.clair.or.jp/en/multiculture/

- Consultation desks in 20 languages
- Guidelines on supporting foreign residents in a disaster
- Help to start a Japanese class

### From our overseas offices

The London office reports on the reform of local government finance in the United Kingdom, and the Singapore office
on tourism promotion in South-East Asia. Read the reports in [the library](https://www.clair.or.jp/en/library/).

### The JET Programme

This year's participants are arriving. Host organisations will find the arrival orientation material at
https://jetprogramme.org/en/; write to us with any question.
"""


def make_data(readers: int) -> dict:
    """The list and its readers (once), then a new issue scheduled now; returns its figures."""
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from kizuna.core.audit import unlogged
    from kizuna.core.enums import OrgKind
    from kizuna.core.models import Organisation
    from kizuna.newsletter.enums import CampaignStatus, Source, SubscriptionStatus
    from kizuna.newsletter.models import Campaign, MailingList, Part, Subscription

    now = timezone.now()
    with transaction.atomic(), unlogged("bench data: the newsletter benchmark's list, readers and issue"):
        hq = Organisation.objects.filter(kind=OrgKind.HEADQUARTERS).first() or Organisation.objects.create(
            kind=OrgKind.HEADQUARTERS, slug="hq", name="一般財団法人自治体国際化協会",
            name_en="Council of Local Authorities for International Relations")
        mailing_list = MailingList.objects.filter(slug=LIST_SLUG).first()
        if mailing_list is None:
            mailing_list = MailingList.objects.create(
                kind="magazine", slug=LIST_SLUG, name="クレアメールマガジン", name_en="CLAIR Mail Magazine",
                owner=hq, languages=["ja", "en"], from_name="CLAIR", is_public=True, track_engagement=True,
                reply_to="magazine-reply@kizuna.example.jp")
            t0 = time.monotonic()
            rows = []
            others = len(OTHER_LANGUAGES)
            for i in range(readers + INACTIVE):
                if i < readers:
                    n = i % 50  # per 50: 25 ja, 24 en, 1 in another language
                    language = "ja" if n < 25 else "en" if n < 49 else OTHER_LANGUAGES[(i // 50) % others]
                    status = SubscriptionStatus.ACTIVE
                else:
                    language = ("ja", "en")[i % 2]
                    status = (SubscriptionStatus.PENDING, SubscriptionStatus.UNSUBSCRIBED,
                              SubscriptionStatus.BOUNCED)[i % 3]
                rows.append(Subscription(
                    mailing_list=mailing_list, email=f"reader{i:06}@{DOMAINS[i % 3]}",
                    name=f"読者 {i}" if language == "ja" else f"Reader {i}", language=language, status=status,
                    source=Source.IMPORT, consent_at=now,
                    confirmed_at=now if status != SubscriptionStatus.PENDING else None,
                    unsubscribed_at=now if status == SubscriptionStatus.UNSUBSCRIBED else None))
                if len(rows) >= 5000:
                    Subscription.objects.bulk_create(rows)
                    rows = []
            if rows:
                Subscription.objects.bulk_create(rows)
            log(f"{readers + INACTIVE:,} subscriptions in {time.monotonic() - t0:.1f} s")
        number = (Campaign.objects.filter(mailing_list=mailing_list).order_by("-number")
                  .values_list("number", flat=True).first() or 0) + 1
        campaign = Campaign.objects.create(mailing_list=mailing_list, number=number, status=CampaignStatus.SCHEDULED,
                                           scheduled_at=now)
        Part.objects.create(campaign=campaign, language="ja",
                            subject=f"クレアメールマガジン 第{number}号：多文化共生の地域づくり",
                            preheader="今月のお知らせ、海外事務所から、JETプログラム", body=JA_BODY)
        Part.objects.create(campaign=campaign, language="en",
                            subject=f"CLAIR Mail Magazine No. {number}: multicultural communities",
                            preheader="This month, from our overseas offices, the JET Programme", body=EN_BODY)
    active = Subscription.objects.filter(mailing_list=mailing_list, status=SubscriptionStatus.ACTIVE)
    languages = dict(active.values_list("language").annotate(n=Count("pk")).order_by())
    return {"campaign": campaign.pk, "number": number, "active": active.count(), "languages": languages,
            "inactive": Subscription.objects.filter(mailing_list=mailing_list).exclude(
                status=SubscriptionStatus.ACTIVE).count(),
            "subjects": {p.language: p.subject for p in campaign.parts.all()}}


def start_sending(campaign_id: int) -> dict:
    """`sending.start`, timed: the send-out list written in the issue's `start` step."""
    from django.db import connection
    from django.db.models import Count

    from kizuna.newsletter import sending
    from kizuna.newsletter.models import Campaign, Delivery

    campaign = Campaign.objects.get(pk=campaign_id)
    t0 = time.perf_counter()
    campaign = sending.start(campaign)
    seconds = time.perf_counter() - t0
    deliveries = dict(Delivery.objects.filter(campaign_id=campaign_id).values_list("language")
                      .annotate(n=Count("pk")).order_by())
    connection.close()  # the senders have the database to themselves
    return {"seconds": round(seconds, 2), "recipients": campaign.recipients, "by_language": deliveries}


# ---------------------------------------------------------------------------------------------------- senders


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_sender(env: dict, campaign_id: int, rate: float, received: Received, total: int, *, stop_at=None,
               how=None, output: Path) -> dict:
    """One `kizuna send_newsletters` process: to its end, or signalled (`how`) once `stop_at` mails are in."""
    before = received.poll()
    with open(output, "ab") as out:
        out.write(f"\n--- sender ({how or 'to the end'}) ---\n".encode())
        out.flush()
        t0 = time.monotonic()
        process = subprocess.Popen([sys.executable, "-m", "kizuna", "send_newsletters", "--campaign",
                                    str(campaign_id), "--rate", f"{rate:g}"],
                                   cwd=PROJECT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)
    first_at = signalled_at = None
    samples = []  # (mails received, VmRSS KB) each second
    next_sample = t0
    while True:
        count = received.poll()
        now = time.monotonic()
        if first_at is None and count > before:
            first_at = now
        if now >= next_sample:
            samples.append((count, rss_kb(process.pid)))
            next_sample = now + 1
        if how and signalled_at is None and count >= stop_at:
            process.send_signal(signal.SIGTERM if how == "SIGTERM" else signal.SIGKILL)
            signalled_at = now
            at_signal = count
        # wait4 with WNOHANG gets the rusage of this child alone
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            break
        time.sleep(0.02)
    ended = time.monotonic()
    time.sleep(0.3)  # the SMTP server's last line
    after = received.poll()
    text = output.read_text(encoding="utf-8", errors="replace").rsplit("--- sender", 1)[-1]
    return {
        "how": how or "ran to the end", "seconds": round(ended - t0, 2), "exit": process.returncode,
        "first_mail_after_s": round(first_at - t0, 2) if first_at else None,
        "stop_latency_s": round(ended - signalled_at, 2) if signalled_at else None,
        "received_at_signal": at_signal - before if signalled_at else None,
        "mails": after - before, "maxrss_mb": round(usage.ru_maxrss / 1024, 1) if usage else None,
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1) if usage else None,
        "rss_samples": samples, "output": text.strip().splitlines()[-3:],
    }


def lease_until(campaign_id: int):
    from django.db import connection

    from kizuna.newsletter.models import Campaign

    value = Campaign.objects.filter(pk=campaign_id).values_list("lease_until", flat=True).first()
    connection.close()
    return value


def status_of(campaign_id: int) -> str:
    from django.db import connection

    from kizuna.newsletter.models import Campaign

    value = Campaign.objects.get(pk=campaign_id).status
    connection.close()
    return value


# ------------------------------------------------------------------------------------------------------ checks


def check(campaign_id: int, received_path: Path, subjects: dict) -> dict:
    from kizuna.newsletter.enums import DeliveryState, SubscriptionStatus
    from kizuna.newsletter.models import Delivery, Subscription

    lines = [line.split(b"\t") for line in received_path.read_bytes().split(b"\n") if line]
    got = Counter(line[0].decode() for line in lines)
    ids: dict[str, set] = {}
    for line in lines:
        ids.setdefault(line[0].decode(), set()).add(line[1].decode())
    rows = list(Delivery.objects.filter(campaign_id=campaign_id)
                .values_list("subscription__email", "state", "message_id", "language", "subscription__status"))
    expected = {r[0] for r in rows}
    wanted_language = {r[0]: r[3] for r in rows}
    active = set(Subscription.objects.filter(mailing_list__campaigns=campaign_id, status=SubscriptionStatus.ACTIVE)
                 .values_list("email", flat=True))
    duplicates = {a: n for a, n in got.items() if n > 1}
    decoded = {}
    subject_of = {v: k for k, v in subjects.items()}
    wrong_language = 0
    for line in lines:
        raw = line[2]
        if raw not in decoded:
            decoded[raw] = str(email.header.make_header(email.header.decode_header(raw.decode("ascii", "replace"))))
        if subject_of.get(decoded[raw]) != wanted_language.get(line[0].decode()):
            wrong_language += 1
    states = Counter(r[1] for r in rows)
    id_mismatch = sum(1 for r in rows if r[1] == DeliveryState.SENT and r[2] not in ids.get(r[0], ()))
    return {
        "lines": len(lines), "distinct": len(got), "expected": len(expected), "active": len(active),
        "missing": len(expected - set(got)), "unexpected": len(set(got) - expected),
        "inactive_mailed": len(set(got) - active),
        "duplicates": len(duplicates), "duplicate_extra_mails": sum(n - 1 for n in duplicates.values()),
        "duplicates_same_message_id": all(len(ids[a]) == 1 for a in duplicates),
        "duplicate_addresses": sorted(duplicates)[:5],
        "states": dict(states), "message_id_mismatch": id_mismatch, "wrong_language": wrong_language,
        "subjects_seen": len(decoded),
    }


# ------------------------------------------------------------------------------------------------------ report


def fmt_mb(value) -> str:
    return f"{value:,.0f} MB" if value is not None else "?"


def markdown(r: dict) -> str:
    c, d, s = r["checks"], r["data"], r["start"]
    start, end = (m.format(database=r["database"]) for m in (START, END))
    met = r["met"]
    lines = [start, "", f"### {r['database']}", "",
             f"Run {r['when']} on {r['database']} ({r['machine'].get('cpu', '?')}, {r['machine'].get('cores', '?')} "
             f"cores shared with other sessions' work; load average before: {r['loadavg']}), commit {r['commit']}. "
             f"Issue No. {d['number']} to {d['active']:,} active readers (" + ", ".join(
                 f"{k} {v:,}" for k, v in sorted(d["languages"].items(), key=lambda kv: -kv[1])) +
             f") and {d['inactive']:,} inactive ones on the list; rate **{r['rate_label']}** (the target needs "
             f"≥ {READERS / TARGET_SECONDS:.1f} mails a second); lease {r['lease']} s. Reproduce: `{r['command']}`.",
             "",
             "| phase | how it ended | seconds | first mail after | mails received | mails/s | peak RSS (ru_maxrss) "
             "| CPU s |", "|---|---|---:|---:|---:|---:|---:|---:|",
             f"| `sending.start`: the send-out list (in the bench's process) | {s['recipients']:,} rows ("
             + ", ".join(f"{k} {v:,}" for k, v in sorted(s["by_language"].items())) + f") | **{s['seconds']}** | | | "
             f"{s['recipients'] / max(s['seconds'], 0.001):,.0f} rows/s | | |"]
    for i, p in enumerate(r["phases"], 1):
        if p.get("wait"):
            lines.append(f"| wait for the killed sender's lease to run out | | {p['seconds']} | | | | | |")
            continue
        if p["how"] == "SIGTERM":
            how = (f"SIGTERM after {p['received_at_signal']:,} mails; stopped in {p['stop_latency_s']} s, "
                   f"exit {p['exit']}")
        elif p["how"] == "SIGKILL":
            how = f"SIGKILL after {p['received_at_signal']:,} mails (exit {p['exit']})"
        else:
            how = f"ran to the end: {' / '.join(p['output'][-1:])} (exit {p['exit']})"
        rate = p["mails"] / max(p["seconds"] - (p["first_mail_after_s"] or 0), 0.001)
        lines.append(f"| sender {i - sum(1 for q in r['phases'][:i] if q.get('wait'))}: `kizuna send_newsletters` "
                     f"| {how} | {p['seconds']} | {p['first_mail_after_s']} s | {p['mails']:,} | {rate:,.0f} | "
                     f"{fmt_mb(p['maxrss_mb'])} | {p['cpu_s']} |")
    dup = (f"{c['duplicates']} ({', '.join(c['duplicate_addresses'])}; same Message-ID both times: "
           f"{'yes' if c['duplicates_same_message_id'] else '**no**'})" if c["duplicates"] else "0")
    lines += ["", "| measure | value | target | met |", "|---|---|---|:-:|",
              f"| wall time, first sender started → issue `sent` (senders' start-ups and the lease wait included) | "
              f"**{r['wall_s']:,.0f} s** ({r['wall_s'] / 60:.1f} min) | ≤ 900 s | {yes(met['time'])} |",
              f"| the same without the wait for the lease ({r['wait_s']} s) | {r['busy_s']:,.0f} s: "
              f"**{READERS_SENT(r) / max(r['busy_s'], 0.001):,.0f} mails/s** | ≥ 56 mails/s | "
              f"{yes(READERS_SENT(r) / max(r['busy_s'], 0.001) >= READERS / TARGET_SECONDS)} |",
              f"| distinct recipients received (of {c['expected']:,} on the send-out list) | {c['distinct']:,} "
              f"({c['lines']:,} mails) | {c['expected']:,} | {yes(c['distinct'] == c['expected'])} |",
              f"| missing | {c['missing']} | 0 | {yes(met['missing'])} |",
              f"| duplicates | {dup} | at most the killed sender's mail in flight, same Message-ID | "
              f"{yes(met['duplicates'])} |",
              f"| mailed though not active / not on the list | {c['inactive_mailed']} / {c['unexpected']} | 0 | "
              f"{yes(not c['inactive_mailed'] and not c['unexpected'])} |",
              f"| rows `sent` whose Message-ID the server did not receive; mails in the wrong language | "
              f"{c['message_id_mismatch']}; {c['wrong_language']} | 0 | "
              f"{yes(not c['message_id_mismatch'] and not c['wrong_language'])} |",
              f"| peak RSS of a sender (largest ru_maxrss); the last sender's RSS (sampled each second) from its "
              f"first mail to its last before the finish step | "
              f"**{fmt_mb(r['peak_rss_mb'])}**; {r['rss_trend']} | stated | — |",
              f"| the SMTP server (aiosmtpd, its own process) | {r['smtp_cpu_s']} s CPU, peak "
              f"{fmt_mb(r['smtp_rss_mb'])} | | — |",
              "", "Delivery rows at the end: " + ", ".join(f"{k} {v:,}" for k, v in sorted(c["states"].items()))
              + f"; the issue `{r['status']}`.", "", end, ""]
    return "\n".join(lines)


def READERS_SENT(r: dict) -> int:  # noqa: N802
    return r["checks"]["expected"]


def yes(value: bool) -> str:
    return "yes" if value else "**no**"


def commit() -> str:
    try:
        rev = subprocess.run(["git", "-C", str(PROJECT_DIR), "rev-parse", "--short", "HEAD"], check=True,
                             stdout=subprocess.PIPE, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(PROJECT_DIR), "status", "--porcelain", "--", "kizuna"],
                               check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
        return rev + (" with uncommitted changes in kizuna/" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


# -------------------------------------------------------------------------------------------------------- main


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=0, help="mails a second for the senders (0: unthrottled)")
    parser.add_argument("--lease", type=int, default=5, help="KIZUNA_NEWSLETTER_LEASE_SECONDS for the senders")
    parser.add_argument("--readers", type=int, default=READERS, help="active readers (not 50,000: its own file)")
    parser.add_argument("--stop-at", type=float, default=0.2, help="SIGTERM at this share of the mails")
    parser.add_argument("--kill-at", type=float, default=0.5, help="SIGKILL at this share of the mails")
    parser.add_argument("--new-data", action="store_true", help="make the database again")
    parser.add_argument("--readme", action="store_true", help="write the table into bench/README.md")
    parser.add_argument("--smtp", nargs=2, help=argparse.SUPPRESS)  # PORT FILE: the SMTP server's own process
    args = parser.parse_args(argv)
    if args.smtp:
        smtp_server(int(args.smtp[0]), args.smtp[1])
        return 0
    (BENCH_DIR / "data").mkdir(exist_ok=True)
    (BENCH_DIR / "results").mkdir(exist_ok=True)
    name = "newsletter.sqlite3" if args.readers == READERS else f"newsletter-{args.readers}.sqlite3"
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'data' / name}"
    if database_url.startswith("postgres"):
        ensure_postgres_database(database_url, fresh=args.new_data)
    elif args.new_data:
        for suffix in ("", "-wal", "-shm"):
            Path(str(BENCH_DIR / "data" / name) + suffix).unlink(missing_ok=True)
    env = bench_env(database_url)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")})
    os.environ.setdefault("KIZUNA_DEV", "1")
    os.environ["KIZUNA_TASK_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"  # no worker sends here
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    t0 = time.monotonic()
    call_command("migrate", verbosity=0)
    data = make_data(args.readers)
    log(f"data ({time.monotonic() - t0:.0f} s): {data}")
    loadavg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    started = start_sending(data["campaign"])
    log(f"sending.start: {started}")
    total = started["recipients"]

    received_path = BENCH_DIR / "results" / f"newsletter-{time.strftime('%Y%m%d-%H%M%S')}-received.tsv"
    received_path.write_bytes(b"")
    output = received_path.with_suffix(".log")
    port = free_port()
    smtp = subprocess.Popen([sys.executable, __file__, "--smtp", str(port), str(received_path)],
                            stdout=subprocess.PIPE, cwd=PROJECT_DIR)
    if smtp.stdout.readline().strip() != b"ready":
        raise SystemExit("the SMTP server did not start")
    sender_env = {**env, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port), "EMAIL_USE_TLS": "0",
                  "KIZUNA_NEWSLETTER_LEASE_SECONDS": str(args.lease), "KIZUNA_DEV": "1", "DEBUG": "0",
                  "KIZUNA_TASK_BACKEND": "django_tasks.backends.dummy.DummyBackend",
                  "LOG_LEVEL": "WARNING"}
    received = Received(received_path)
    phases = []
    first_start = time.monotonic()
    try:
        phases.append(run_sender(sender_env, data["campaign"], args.rate, received, total,
                                 stop_at=int(total * args.stop_at), how="SIGTERM", output=output))
        log(f"sender 1: {phases[-1]['how']} {phases[-1]['mails']} mails in {phases[-1]['seconds']} s")
        phases.append(run_sender(sender_env, data["campaign"], args.rate, received, total,
                                 stop_at=int(total * args.kill_at), how="SIGKILL", output=output))
        log(f"sender 2: {phases[-1]['how']} {phases[-1]['mails']} mails in {phases[-1]['seconds']} s")
        for _attempt in range(10):
            until = lease_until(data["campaign"])
            if until is not None and until > timezone.now():
                wait = (until - timezone.now()).total_seconds() + 0.2
                log(f"waiting {wait:.1f} s for the dead sender's lease")
                time.sleep(wait)
                phases.append({"wait": True, "seconds": round(wait, 1)})
            phases.append(run_sender(sender_env, data["campaign"], args.rate, received, total, output=output))
            log(f"sender: {phases[-1]['output']} {phases[-1]['mails']} mails in {phases[-1]['seconds']} s")
            if status_of(data["campaign"]) == "sent":
                break
        finished = time.monotonic()
    finally:
        smtp.send_signal(signal.SIGTERM)
        _pid, _status, smtp_usage = os.wait4(smtp.pid, 0)
        smtp.returncode = 0
    wall = finished - first_start
    wait_s = sum(p["seconds"] for p in phases if p.get("wait"))
    checks = check(data["campaign"], received_path, data["subjects"])
    log(f"checks: {checks}")
    senders = [p for p in phases if not p.get("wait")]
    last = senders[-1]["rss_samples"]
    end_count = senders[-1]["mails"] + last[0][0]
    # while mails flow: after Django's start-up, before the finish step (which files the issue in the library)
    warm = [kb for n, kb in last if kb and last[0][0] < n < end_count]
    trend = f"{warm[0] / 1024:,.0f} → {warm[-1] / 1024:,.0f} MB" if len(warm) >= 2 else "?"
    duplicates_ok = checks["duplicate_extra_mails"] <= 1 and checks["duplicates_same_message_id"]
    met = {"time": wall <= TARGET_SECONDS and status_of(data["campaign"]) == "sent",
           "missing": checks["missing"] == 0 and checks["distinct"] == checks["expected"],
           "duplicates": duplicates_ok,
           "clean": not checks["unexpected"] and not checks["inactive_mailed"] and not checks["message_id_mismatch"]
           and not checks["wrong_language"]}
    report = {
        "when": timezone.now().strftime("%Y-%m-%d %H:%M UTC"), "database": database_url.split(":", 1)[0],
        "machine": machine(), "loadavg": loadavg, "commit": commit(), "data": data, "start": started,
        "rate": args.rate, "rate_label": f"{args.rate:g} mails/s" if args.rate else "unthrottled (`--rate 0`)",
        "lease": args.lease, "phases": phases, "wall_s": round(wall, 1), "wait_s": round(wait_s, 1),
        "busy_s": round(wall - wait_s, 1), "checks": checks, "status": status_of(data["campaign"]),
        "peak_rss_mb": max((p["maxrss_mb"] or 0) for p in senders), "rss_trend": trend,
        "smtp_cpu_s": round(smtp_usage.ru_utime + smtp_usage.ru_stime, 1),
        "smtp_rss_mb": round(smtp_usage.ru_maxrss / 1024, 1), "met": met,
        "command": ("DATABASE_URL=... " if database_url.startswith("postgres") else "")
        + ".venv/bin/python bench/newsletter.py " + " ".join(argv if argv is not None else sys.argv[1:]),
    }
    text = markdown(report)
    print(text)
    (received_path.with_suffix(".json")).write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str),
                                                    encoding="utf-8")
    if args.readme and args.readers == READERS:
        database = report["database"]
        replace_in_readme(README, text, START.format(database=database), END.format(database=database), SECTION_END)
    return 0 if all(met.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
