"""bench/plan.py's data: one busy fiscal year (FY2026, April 2026 to the data's day, 2026-12-05) of the records the
plan's live KPIs count, on the reference data and the FY2026 plan (`kizuna load_plan --year 2026`):

- 2,000 published events spread over the event series the plan counts (`Event.kpi_series`: the series of its
  `events.sessions.*` and `events.participants.*` keys), organised by headquarters and the overseas offices (the
  offices' own series by the offices named in their keys), 5 % of them not public; 40 drafts besides (never
  counted); 60,000 registrations of a pool of 20,000 people, 45,000 of them checked in;
- 6,000 grant applications to the four schemes' FY2026 calls, 3,000 of them decided (with a decided amount),
  2,500 payments approved (and 200 prepared, not yet approved: not paid);
- 3,000 requests answered by the seven overseas offices (support of every kind and research), half of them rated
  1–5 (and 300 still open: not counted);
- 1,500 dispatches carried out (reported or completed) in the four dispatch programmes (and 200 not yet).

Bulk-inserted under `audit.unlogged` (no services, no audit entries) from a fixed seed, generated once and reused
(`--new-data` makes it again). `facts()` counts what the plan's figures must be straight from the rows, in Python,
not through the apps' KPI queries.
"""

import random
import sys
import time
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.casework import _person  # noqa: E402
from bench.claims import stamped_as_given  # noqa: E402

YEAR = 2026
JST = ZoneInfo("Asia/Tokyo")
START = datetime(YEAR, 4, 1, tzinfo=JST)
END = datetime(YEAR, 12, 5, tzinfo=JST)  # the data's day: every record is dated before it
EVENTS, DRAFTS, REGISTRATIONS, CHECKED_IN, PEOPLE = 2_000, 40, 60_000, 45_000, 20_000
APPLICATIONS, DECIDED, PAID, PREPARED = 6_000, 3_000, 2_500, 200
ANSWERED, OPEN_REQUESTS = 3_000, 300
DISPATCHES, NOT_DONE = 1_500, 200
SCHEMES = {"tabunka": 30, "kokusai_koryu": 30, "kokusai_kyoryoku": 20, "keizai": 20}
OFFICES = {"nyc": ("US", 30), "lon": ("GB", 15), "par": ("FR", 10), "sin": ("SG", 12), "sel": ("KR", 12),
           "syd": ("AU", 11), "bej": ("CN", 10)}
# Series whose events are the offices' own (the plan counts some per office: events.sessions.overseas_seminar.lon).
OFFICE_SERIES = {"overseas_seminar": ("lon", "nyc", "par", "sel", "sin", "syd"), "jet_career_fair": ("nyc", "lon"),
                 "cooking_class": tuple(OFFICES)}
# More events of some series, and more people at some (the staff trainings are the biggest: the deep pages).
EVENT_WEIGHT = {"overseas_seminar": 6, "economic_seminar": 4, "staff_training": 4, "cooking_class": 3,
                "plaza_seminar": 3, "lg_webinar": 3, "disaster_training": 2, "tabunka_training": 2}
PEOPLE_WEIGHT = {"staff_training": 12, "jet_career_fair": 4, "economic_seminar": 2, "tabunka_training": 2,
                 "jet_leavers": 2, "lg_webinar": 2}
# The registrations' states beside the checked-in ones (all confirmed): no-shows, cancelled, on a waiting list.
OTHER_REGISTRATIONS = {"confirmed": 9_000, "cancelled": 4_000, "waiting": 2_000}
SUPPORT_KINDS = ("visit", "attend", "briefing", "event", "remote")
DISPATCH_PROGRAMMES = {"promotion": 35, "regional": 40, "pa_lecturer": 10, "cooperation": 15}
HQ_EMAIL = "bench-plan-hq@example.jp"  # headquarters staff: sees every record (MFA set up)
APPROVER_EMAIL = "bench-plan-approver@example.jp"
APPLICANT_EMAIL = "bench-plan-applicant@example.jp"
PEOPLE_EMAIL = "bench-plan-{n:05d}@example.jp"
# kizuna/events/kpis.py: the inter-regional exchange conferences count their four sub-programmes too.
INCLUDED_EVENTS = {"exchange_conference": ("exchange_conference", "cjk_conference", "fr_conference", "kr_seminar",
                                           "cn_seminar")}


def log(message: str) -> None:
    print(f"[plan] {message}", file=sys.stderr, flush=True)


def scaled(n: int, scale: float) -> int:
    return max(1, round(n * scale))


def _moment(rng: random.Random, start: datetime = START, end: datetime = END) -> datetime:
    return start + timedelta(seconds=rng.uniform(0, (end - start).total_seconds()))


def plan_series() -> list[str]:
    """The event series the FY2026 plan counts through its `events.sessions.*` and `events.participants.*` KPIs
    (other apps' KPIs that count events, the JET orientation's for one, are not this benchmark's)."""
    from kizuna.plan.queries import series_in_plan

    return sorted(series for series, kpis in series_in_plan("event", YEAR).items()
                  if any(k.query_key.startswith(("events.sessions.", "events.participants.")) for k in kpis))


def _reference() -> None:
    from django.core.management import call_command

    from kizuna.core.models import Organisation
    from kizuna.grants.models import Scheme
    from kizuna.plan.models import FiscalYear

    if Organisation.objects.count() < 1000:
        log("loading the reference data")
        call_command("load_reference_data", verbosity=0)
    if not FiscalYear.objects.filter(year=YEAR).exists():
        log("loading the FY2026 plan")
        call_command("load_plan", year=YEAR, verbosity=0)
    if not Scheme.objects.filter(code__in=list(SCHEMES)).count() == len(SCHEMES):
        log("loading the grant schemes")
        call_command("load_grant_schemes", verbosity=0)


def _people():
    from kizuna.core.enums import OrgKind, Role
    from kizuna.core.models import Organisation

    hq = Organisation.objects.get(kind=OrgKind.HEADQUARTERS)
    staff = _person(HQ_EMAIL, "ベンチ 本部 計画", hq, Role.STAFF, mfa=True)
    approver = _person(APPROVER_EMAIL, "ベンチ 本部 承認", hq, Role.STAFF, mfa=True)
    town = Organisation.objects.filter(kind=OrgKind.MUNICIPALITY).order_by("code").first()
    applicant = _person(APPLICANT_EMAIL, "ベンチ 申請", town, Role.STAFF)
    return hq, staff, approver, applicant


def make_data(rng: random.Random, *, fresh: bool = False, scale: float = 1.0) -> dict:
    """Makes the data unless it is all there; returns what was done. `scale`: a share of every count (1: the
    issue's), for trying the benchmark."""
    from django.db import transaction

    from kizuna.core.audit import unlogged
    from kizuna.events.models import Event

    _reference()
    n_events = scaled(EVENTS, scale)
    if not fresh and Event.objects.filter(title__startswith="ベンチ計画").count() == n_events + scaled(DRAFTS, scale):
        _people()
        return {"generated": False}
    t0 = time.monotonic()
    hq, staff, approver, applicant = _people()
    with transaction.atomic(), unlogged("plan benchmark data"):
        _clear()
        made = {"events": _events(rng, scale, hq, staff)}
        log(f"events and registrations ({time.monotonic() - t0:.0f} s)")
        made["grants"] = _grants(rng, scale, staff, approver, applicant)
        made["requests"] = _requests(rng, scale, applicant)
        made["dispatches"] = _dispatches(rng, scale, staff)
    analyze()
    log(f"generated in {time.monotonic() - t0:.1f} s: {made}")
    return {"generated": True, "generate_s": round(time.monotonic() - t0, 1), **made}


def _clear() -> None:
    """The bench's own rows (the database is the bench's own): the next generation starts from nothing."""
    from kizuna.core.models import User
    from kizuna.dispatch.models import Dispatch, Expert
    from kizuna.events.models import Event, Registration
    from kizuna.grants.models import Application, Call, Payment
    from kizuna.requests.models import Request

    Registration.objects.filter(event__title__startswith="ベンチ計画").delete()
    Event.objects.filter(title__startswith="ベンチ計画").delete()
    Payment.objects.filter(application__title__startswith="ベンチ計画").delete()
    Application.objects.filter(title__startswith="ベンチ計画").delete()
    Call.objects.filter(title__startswith="ベンチ計画").delete()
    Request.objects.filter(title__startswith="ベンチ計画").delete()
    Dispatch.objects.filter(theme__startswith="ベンチ計画").delete()
    Expert.objects.filter(name__startswith="ベンチ計画").delete()
    User.objects.filter(email__startswith="bench-plan-0").delete()
    User.objects.filter(email__startswith="bench-plan-1").delete()


def _events(rng: random.Random, scale: float, hq, staff) -> dict:
    from kizuna.core.enums import OrgKind
    from kizuna.core.models import Organisation, User
    from kizuna.events.models import Event, Registration

    series = plan_series()
    offices = {o.slug: o for o in Organisation.objects.filter(kind=OrgKind.OVERSEAS_OFFICE)}
    n_events, n_people = scaled(EVENTS, scale), scaled(PEOPLE, scale)
    users = User.objects.bulk_create([
        User(email=PEOPLE_EMAIL.format(n=n), full_name=f"ベンチ 参加者{n:05d}", password="!")
        for n in range(n_people)], batch_size=2000)
    kinds = {"conference": "conference", "training": "training", "fair": "career_fair", "meeting": "conference"}
    weights = [EVENT_WEIGHT.get(s, 1) * rng.uniform(0.6, 1.4) for s in series]
    events = []
    for i in range(n_events + scaled(DRAFTS, scale)):
        s = rng.choices(series, weights)[0]
        draft = i >= n_events
        own = OFFICE_SERIES.get(s)
        if own:
            organiser = offices[rng.choice(own)]
        else:
            organiser = hq if rng.random() < 0.8 else offices[rng.choice(sorted(offices))]
        country = "JP" if organiser.pk == hq.pk else OFFICES[organiser.slug][0]
        starts = _moment(rng).replace(minute=0, second=0, microsecond=0)
        kind = next((k for word, k in kinds.items() if word in s), "seminar")
        events.append(Event(
            organiser=organiser, kpi_series=s, kind=kind, format=rng.choice(["online", "on_site", "hybrid"]),
            title=f"ベンチ計画 {s} {i + 1:04d}", title_en=f"Bench plan {s} {i + 1:04d}", country=country,
            starts_at=starts, ends_at=starts + timedelta(hours=rng.choice([2, 3, 6])), is_published=not draft,
            is_public=draft or rng.random() >= 0.05, created_by=staff, created_at=starts - timedelta(days=45)))
    with stamped_as_given(Event._meta.get_field("created_at")):
        Event.objects.bulk_create(events, batch_size=1000)
    published = [e for e in events if e.is_published]
    # The registrations: events drawn by their series' pull, people from the pool, each pair once.
    pull = [PEOPLE_WEIGHT.get(e.kpi_series, 1) * rng.uniform(0.3, 1.7) for e in published]
    n_regs, n_in = scaled(REGISTRATIONS, scale), scaled(CHECKED_IN, scale)
    states = ["in"] * n_in
    for status, n in OTHER_REGISTRATIONS.items():
        states += [status] * round(n * (n_regs - n_in) / sum(OTHER_REGISTRATIONS.values()))
    states = (states + ["confirmed"] * n_regs)[:n_regs]
    rng.shuffle(states)
    taken, rows = set(), []
    chosen = rng.choices(published, pull, k=n_regs * 2)
    k = 0
    for state in states:
        while True:
            event, person = chosen[k % len(chosen)], users[rng.randrange(n_people)]
            k += 1
            if (event.pk, person.pk) not in taken:
                break
        taken.add((event.pk, person.pk))
        registered = event.starts_at - timedelta(days=rng.uniform(1, 40))
        rows.append(Registration(
            event=event, person=person, registered_by=person, status="confirmed" if state == "in" else state,
            code=f"PL{len(rows):010d}", created_at=registered,
            cancelled_at=registered + timedelta(days=1) if state == "cancelled" else None,
            checked_in_at=event.starts_at + timedelta(minutes=rng.randint(-20, 30)) if state == "in" else None,
            checked_in_by=staff if state == "in" else None))
    with stamped_as_given(Registration._meta.get_field("created_at")):
        Registration.objects.bulk_create(rows, batch_size=5000)
    seats = Counter(r.event_id for r in rows if r.status == "confirmed")
    for e in published:
        e.seats_taken = seats.get(e.pk, 0)
    Event.objects.bulk_update(published, ["seats_taken"], batch_size=1000)
    return {"events": len(published), "drafts": len(events) - len(published), "people": n_people,
            "registrations": len(rows)}


def _grants(rng: random.Random, scale: float, staff, approver, applicant) -> dict:
    from kizuna.core.enums import OrgKind
    from kizuna.core.models import Organisation
    from kizuna.grants.models import Application, Call, Payment, Scheme

    schemes = {s.code: s for s in Scheme.objects.filter(code__in=list(SCHEMES))}
    calls = {code: Call.objects.create(
        scheme=schemes[code], fiscal_year=YEAR, title=f"ベンチ計画 {code} 令和8年度公募",
        opens_at=datetime(YEAR, 4, 1, 9, tzinfo=JST), closes_at=datetime(YEAR, 6, 30, 17, tzinfo=JST),
        envelope=2_000_000_000, is_published=True) for code in SCHEMES}
    places = list(Organisation.objects.filter(kind__in=[OrgKind.PREFECTURE, OrgKind.MUNICIPALITY])
                  .order_by("code").values_list("pk", flat=True))
    n, n_decided = scaled(APPLICATIONS, scale), scaled(DECIDED, scale)
    decided_states = ["awarded"] * (n_decided * 6 // 10) + ["reported"] * (n_decided * 2 // 10)
    decided_states += ["fixed"] * (n_decided - len(decided_states))
    others = ["submitted", "submitted", "submitted", "rejected", "rejected", "returned", "draft", "withdrawn"]
    states = decided_states + [others[i % len(others)] for i in range(n - n_decided)]
    rng.shuffle(states)
    codes = rng.choices(list(SCHEMES), list(SCHEMES.values()), k=n)
    apps = []
    for i, (status, code) in enumerate(zip(states, codes, strict=True)):
        requested = rng.randrange(500_000, 6_000_000, 10_000)
        submitted = None if status == "draft" else _moment(rng, START, END - timedelta(days=30))
        decided = status in ("awarded", "reported", "fixed")
        decided_at = _moment(rng, submitted + timedelta(days=7), END) if decided or status == "rejected" else None
        amount = requested * rng.choice([6, 8, 9, 10]) // 10 if decided else None
        apps.append(Application(
            call=calls[code], applicant_id=rng.choice(places), title=f"ベンチ計画 {code} 事業 {i + 1:05d}",
            summary="地域の国際化のための事業。", requested_amount=requested, decided_amount=amount,
            final_amount=amount * 9 // 10 if status == "fixed" else None, status=status,
            round_number=0 if status == "draft" else 1, created_by=applicant, submitted_at=submitted,
            decided_at=decided_at, decided_by=staff if decided_at else None,
            reported_at=decided_at + timedelta(days=20) if status in ("reported", "fixed") and decided_at + timedelta(
                days=20) < END else None))
    Application.objects.bulk_create(apps, batch_size=1000)
    decided_apps = [a for a in apps if a.decided_amount is not None]
    rng.shuffle(decided_apps)
    n_paid = scaled(PAID, scale)
    payments = []
    for k, a in enumerate(decided_apps[:n_paid + scaled(PREPARED, scale)]):
        paid = k < n_paid
        approved = _moment(rng, a.decided_at, END) if paid else None
        payments.append(Payment(
            application=a, kind="advance", amount=max(1, a.decided_amount * rng.choice([5, 8, 10]) // 10),
            status="approved" if paid else "prepared", prepared_by=staff, approved_by=approver if paid else None,
            approved_at=approved, prepared_at=(approved or END) - timedelta(days=2)))
    with stamped_as_given(Payment._meta.get_field("prepared_at")):
        Payment.objects.bulk_create(payments, batch_size=1000)
    return {"applications": len(apps), "decided": len(decided_apps), "payments_approved": n_paid,
            "payments_prepared": len(payments) - n_paid}


def _requests(rng: random.Random, scale: float, applicant) -> dict:
    from kizuna.core.enums import OrgKind
    from kizuna.core.models import Organisation
    from kizuna.requests.models import Request

    offices = {o.slug: o for o in Organisation.objects.filter(kind=OrgKind.OVERSEAS_OFFICE)}
    slugs = sorted(OFFICES)
    towns = list(Organisation.objects.filter(kind=OrgKind.MUNICIPALITY).order_by("code")
                 .values_list("pk", "prefecture_id"))
    branches = dict(Organisation.objects.filter(kind=OrgKind.BRANCH).values_list("local_government_id", "pk"))
    n, n_open = scaled(ANSWERED, scale), scaled(OPEN_REQUESTS, scale)
    rated = set(rng.sample(range(n), n // 2))
    rows = []
    for i in range(n + n_open):
        done = i < n
        slug = rng.choices(slugs, [OFFICES[s][1] for s in slugs])[0]
        kind = "research" if rng.random() < 0.2 else rng.choice(SUPPORT_KINDS)
        town, prefecture = rng.choice(towns)
        answered = _moment(rng, START + timedelta(days=10), END) if done else None
        routed = (answered or END) - timedelta(days=rng.randint(5, 60))
        rows.append(Request(
            kind=kind, status=rng.choice(["answered", "closed", "closed"]) if done else "open",
            title=f"ベンチ計画 依頼 {i + 1:05d}", description="ベンチマークの依頼", requester_id=town,
            created_by=applicant, office=offices[slug], country=OFFICES[slug][0], theme="観光",
            branch_id=branches.get(prefecture) if kind == "research" else None,
            for_promotion=kind == "remote" and rng.random() < 0.4, submitted_at=routed - timedelta(days=2),
            routed_at=routed, first_response_at=routed + timedelta(hours=rng.randint(2, 48)),
            answered_at=answered, deliverable="回答" if done else "",
            rating=rng.randint(1, 5) if i in rated else None,
            is_public=kind == "research" and done and rng.random() < 0.4))
    with stamped_as_given(Request._meta.get_field("submitted_at")):
        Request.objects.bulk_create(rows, batch_size=1000)
    return {"answered": n, "open": n_open, "rated": len(rated)}


def _dispatches(rng: random.Random, scale: float, staff) -> dict:
    from kizuna.core.enums import OrgKind
    from kizuna.core.models import Organisation
    from kizuna.dispatch.models import Dispatch, Expert

    experts = {p: Expert.objects.bulk_create([
        Expert(name=f"ベンチ計画 専門家 {p} {k:03d}", programme=p, fields=["観光"], languages=["ja"])
        for k in range(60)]) for p in DISPATCH_PROGRAMMES}
    hosts = list(Organisation.objects.filter(kind__in=[OrgKind.PREFECTURE, OrgKind.MUNICIPALITY])
                 .order_by("code").values_list("pk", flat=True))
    n, n_not = scaled(DISPATCHES, scale), scaled(NOT_DONE, scale)
    last = END.date() - timedelta(days=1)
    rows = []
    for i in range(n + n_not):
        done = i < n
        programme = rng.choices(list(DISPATCH_PROGRAMMES), list(DISPATCH_PROGRAMMES.values()))[0]
        status = rng.choice(["reported", "completed", "completed"]) if done else rng.choice(["requested",
                                                                                            "confirmed"])
        starts = START.date() + timedelta(days=rng.randint(0, (last - START.date()).days)) if done else \
            END.date() + timedelta(days=rng.randint(1, 90))
        rows.append(Dispatch(
            host_id=rng.choice(hosts), created_by=staff, programme=programme, status=status,
            theme=f"ベンチ計画 派遣 {i + 1:05d}", starts_on=starts, ends_on=starts + timedelta(days=rng.randint(0, 2)),
            fiscal_year=YEAR if starts < date(YEAR + 1, 4, 1) else YEAR + 1,
            expert=rng.choice(experts[programme]) if status != "requested" else None,
            report="実施" if done else "", report_hours=3 if done else None,
            cost_clair=rng.randrange(20_000, 400_000, 1_000) if done else 0,
            rating=rng.randint(2, 5) if status == "completed" and rng.random() < 0.8 else None))
    Dispatch.objects.bulk_create(rows, batch_size=1000)
    return {"carried_out": n, "not_yet": n_not}


def analyze() -> None:
    """Fresh planner statistics after the bulk inserts (what autovacuum would soon do in production)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# -- what the figures must be, counted from the rows here -----------------------------------------------------------

def quarter_of(moment: datetime | date) -> int:
    """The fiscal quarter (April-based) of a moment in JST or of a date."""
    month = moment.astimezone(JST).month if isinstance(moment, datetime) else moment.month
    return (month - 4) % 12 // 3 + 1


def _expected_figures(now: datetime) -> dict:
    """{(query key, quarter or None, office slug or None): value} for the plan's live KPIs of events, grants,
    requests and dispatch, for the whole year and each quarter, for all of CLAIR, headquarters (the same) and each
    overseas office; "none" where the KPI has no figure (not broken down by that office, or nothing rated). The
    events' sessions keys have a twin, "public:<key>": how many of those events anyone may see."""
    from kizuna.core.models import Organisation
    from kizuna.dispatch.models import Dispatch
    from kizuna.events.models import Event, Registration
    from kizuna.grants.models import Application, Payment
    from kizuna.plan.models import KPI
    from kizuna.requests.models import Request

    keys = sorted(set(KPI.objects.filter(programme__area__fiscal_year__year=YEAR, source="query").values_list(
        "query_key", flat=True)))
    slug_of = dict(Organisation.objects.filter(slug__in=["hq", *OFFICES]).values_list("pk", "slug"))
    events = [(pk, series, slug_of.get(org), starts, public) for pk, series, org, starts, public in
              Event.objects.filter(is_published=True).values_list("pk", "kpi_series", "organiser_id", "starts_at",
                                                                  "is_public")]
    attended = Counter(Registration.objects.filter(checked_in_at__isnull=False).values_list("event_id", flat=True))
    apps = list(Application.objects.values_list("pk", "call__scheme__code", "status", "submitted_at", "decided_at",
                                                "decided_amount"))
    scheme_of = {app[0]: app[1] for app in apps}
    payments = list(Payment.objects.filter(approved_at__isnull=False).values_list("application_id", "approved_at",
                                                                                  "amount"))
    requests = list(Request.objects.filter(status__in=["answered", "closed"]).values_list(
        "kind", "for_promotion", "is_public", "rating", "office__slug", "answered_at"))
    dispatches = list(Dispatch.objects.filter(status__in=["reported", "completed"]).values_list(
        "programme", "starts_on", "host_id", "rating", "cost_clair"))
    decided_states = {"awarded", "reported", "report_returned", "fixed"}
    programme = {"promotion_adviser": "promotion", "regional_adviser": "regional", "pa_training": "pa_lecturer",
                 "cooperation_expert": "cooperation"}
    requests_of = {"support.completed": lambda r: r[0] != "research", "support.remote": lambda r: r[0] == "remote",
                   "support.remote_promotion": lambda r: r[0] == "remote" and r[1],
                   "research.answered": lambda r: r[0] == "research",
                   "research.published": lambda r: r[0] == "research" and r[2],
                   "support.satisfaction": lambda r: r[0] != "research" and r[3] is not None}

    def share(part: int, whole: int, places: str):
        return (Decimal(part) / whole).quantize(Decimal(places)) if whole else "none"

    def figure(key: str, quarter: int | None, office: str | None):
        """The figure of `key`, or None when the data does not cover the KPI."""
        def within(moment) -> bool:  # a moment (or a date) in the period, by now
            if moment is None:
                return False
            if isinstance(moment, datetime):
                return START <= moment <= now and (quarter is None or quarter_of(moment) == quarter)
            return START.date() <= moment <= now.date() and (quarter is None or quarter_of(moment) == quarter)

        app, what, name, *own = (key.split(".") + ["", ""])[:3] if key.count(".") < 2 else key.split(".")
        abroad = office not in (None, "hq")  # an overseas office: hq and "all of CLAIR" are the same
        if app == "events" and what in ("sessions", "participants"):
            held = [e for e in events if e[1] in INCLUDED_EVENTS.get(name, (name,)) and within(e[3])
                    and (not abroad or e[2] == office) and (not own or e[2] == own[0])]
            if what == "sessions":
                out["public:" + key, quarter, office] = sum(1 for e in held if e[4])
                return len(held)
            return sum(attended[e[0]] for e in held)
        if app == "grants" and name in SCHEMES:
            if abroad:
                return "none"  # broken down by branch (the local governments it serves), not by office
            if what == "applications":
                return sum(1 for a in apps if a[1] == name and a[2] not in ("draft", "withdrawn") and within(a[3]))
            decided = [a[5] for a in apps if a[1] == name and a[2] in decided_states and within(a[4])]
            if what in ("decisions", "amount_decided"):
                return len(decided) if what == "decisions" else sum(decided)
            if what == "amount_paid":
                return sum(amount for pk, at, amount in payments if scheme_of[pk] == name and within(at))
        if app == "requests" and f"{what}.{name}" in requests_of:
            chosen = [r for r in requests if requests_of[f"{what}.{name}"](r) and within(r[5])
                      and (not abroad or r[4] == office)]
            if name == "satisfaction":
                return share(100 * sum(1 for r in chosen if r[3] >= 4), len(chosen), "0.1")
            return len(chosen)
        if app == "dispatch" and name in programme:
            if abroad:
                return "none"  # headquarters runs dispatch: no other breakdown
            chosen = [d for d in dispatches if d[0] == programme[name] and within(d[1])]
            ratings = [d[3] for d in chosen if d[3] is not None]
            return {"dispatches": len(chosen), "costs": sum(d[4] for d in chosen),
                    "local_governments": len({d[2] for d in chosen}),
                    "satisfaction": share(sum(ratings), len(ratings), "0.01")}.get(what)
        return None

    out = {}
    for key in keys:
        for quarter in (None, 1, 2, 3, 4):
            for office in (None, "hq", *OFFICES):
                value = figure(key, quarter, office)
                if value is not None:
                    out[key, quarter, office] = value
    return out


def facts() -> dict:
    """The data as counted here, and the figures the plan's live KPIs must show (`figures`, keyed
    "key|quarter|office")."""
    from django.db.models import Count
    from django.utils import timezone

    from kizuna.dispatch.models import Dispatch
    from kizuna.events.models import Event, Registration
    from kizuna.grants.models import Application, Payment
    from kizuna.requests.models import Request

    now = timezone.now()
    events = Event.objects.filter(title__startswith="ベンチ計画")
    series = Counter(events.filter(is_published=True).values_list("kpi_series", flat=True))
    checked_in = Counter(Registration.objects.filter(checked_in_at__isnull=False).values_list(
        "event__kpi_series", flat=True))
    figures = _expected_figures(now)
    by_scheme = defaultdict(dict)
    for code, status, n in (Application.objects.values_list("call__scheme__code", "status")
                            .annotate(n=Count("pk")).order_by()):
        by_scheme[code][status] = n
    return {
        "events": events.filter(is_published=True).count(), "drafts": events.filter(is_published=False).count(),
        "not_public": events.filter(is_published=True, is_public=False).count(),
        "series": len(series), "biggest_series": series.most_common(3),
        "registrations": Registration.objects.count(),
        "checked_in": Registration.objects.filter(checked_in_at__isnull=False).count(),
        "people": Registration.objects.values("person").distinct().count(),
        "biggest_attended": checked_in.most_common(3),
        "applications": Application.objects.count(),
        "decided": Application.objects.filter(decided_amount__isnull=False).count(),
        "schemes": {k: dict(sorted(v.items())) for k, v in sorted(by_scheme.items())},
        "payments_approved": Payment.objects.filter(status="approved").count(),
        "payments_prepared": Payment.objects.filter(status="prepared").count(),
        "requests_answered": Request.objects.filter(status__in=["answered", "closed"]).count(),
        "requests_rated": Request.objects.filter(status__in=["answered", "closed"], rating__isnull=False).count(),
        "requests_by_kind": dict(sorted(Counter(Request.objects.filter(status__in=["answered", "closed"])
                                                .values_list("kind", flat=True)).items())),
        "dispatches": Dispatch.objects.filter(status__in=["reported", "completed"]).count(),
        "dispatches_by_programme": dict(sorted(Counter(Dispatch.objects.filter(
            status__in=["reported", "completed"]).values_list("programme", flat=True)).items())),
        "figures": {f"{k}|{q or ''}|{o or ''}": (str(v) if isinstance(v, Decimal) else v)
                    for (k, q, o), v in sorted(figures.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0,
                                                                                   kv[0][2] or ""))},
    }
