"""bench/exchange.py's data: 2,000 sister-city affiliations of ~1,000 Japanese local governments with ~1,600
foreign partners in 40 countries (coordinates around each country's cities), some not meeting CLAIR's
conditions, some lapsed or dissolved; and a "looking for a partner" entry for every other local government
(one per government, ~870). Bulk-inserted under `audit.unlogged` (no services, no audit entries), from a fixed
seed, generated once and reused (`--new-data` makes it again)."""

import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

AFFILIATIONS = 2_000
# country, weight, (latitude, longitude) of a few places to scatter partners around
COUNTRIES = [
    ("US", 440, [(40.7, -74.0), (34.1, -118.2), (41.9, -87.6), (47.6, -122.3), (29.8, -95.4), (39.7, -105.0)]),
    ("CN", 370, [(39.9, 116.4), (31.2, 121.5), (23.1, 113.3), (30.6, 104.1), (41.8, 123.4)]),
    ("KR", 170, [(37.6, 127.0), (35.2, 129.1), (35.9, 128.6), (35.2, 126.9)]),
    ("AU", 105, [(-33.9, 151.2), (-37.8, 145.0), (-27.5, 153.0), (-31.9, 115.9)]),
    ("CA", 70, [(43.7, -79.4), (49.3, -123.1), (45.5, -73.6), (51.0, -114.1)]),
    ("BR", 60, [(-23.5, -46.6), (-22.9, -43.2), (-25.4, -49.3)]),
    ("NZ", 45, [(-36.8, 174.8), (-43.5, 172.6), (-41.3, 174.8)]),
    ("DE", 55, [(52.5, 13.4), (48.1, 11.6), (50.1, 8.7)]), ("FR", 50, [(48.9, 2.4), (43.3, 5.4), (45.8, 4.8)]),
    ("TW", 45, [(25.0, 121.6), (22.6, 120.3)]), ("RU", 40, [(55.8, 37.6), (43.1, 131.9), (48.5, 135.1)]),
    ("IT", 30, [(41.9, 12.5), (45.5, 9.2)]), ("GB", 25, [(51.5, -0.1), (53.5, -2.2)]),
    ("PH", 20, [(14.6, 121.0), (10.3, 123.9)]), ("MX", 18, [(19.4, -99.1), (20.7, -103.3)]),
    ("TH", 15, [(13.8, 100.5), (18.8, 99.0)]), ("VN", 15, [(21.0, 105.8), (10.8, 106.7)]),
    ("ID", 12, [(-6.2, 106.8)]), ("AT", 12, [(48.2, 16.4)]), ("NL", 10, [(52.4, 4.9)]),
    ("ES", 10, [(40.4, -3.7)]), ("IN", 8, [(28.6, 77.2)]), ("MY", 8, [(3.1, 101.7)]), ("MN", 6, [(47.9, 106.9)]),
    ("AR", 6, [(-34.6, -58.4)]), ("PE", 5, [(-12.0, -77.0)]), ("CH", 5, [(46.9, 7.4)]), ("SE", 5, [(59.3, 18.1)]),
    ("DK", 5, [(55.7, 12.6)]), ("NO", 4, [(59.9, 10.8)]), ("FI", 4, [(60.2, 24.9)]), ("BE", 4, [(50.8, 4.4)]),
    ("PL", 4, [(52.2, 21.0)]), ("HU", 3, [(47.5, 19.0)]), ("TR", 3, [(41.0, 29.0)]), ("EG", 2, [(30.0, 31.2)]),
    ("KE", 2, [(-1.3, 36.8)]), ("CL", 2, [(-33.4, -70.7)]), ("PW", 2, [(7.5, 134.6)]), ("FJ", 2, [(-18.1, 178.4)]),
]
FIELDS = ["education", "culture", "sports", "youth", "economy", "tourism", "administration", "environment"]
SYLLABLES = ["ka", "ri", "to", "na", "mo", "sel", "ber", "land", "ville", "ton", "burg", "port", "field", "ham",
             "wood", "la", "ro", "sa", "vi", "an", "dor", "chi", "ming", "zhou", "shan", "jeon", "gu", "won"]


def log(message: str) -> None:
    print(f"[exchange] {message}", file=sys.stderr, flush=True)


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def make_data(rng: random.Random, *, fresh: bool = False, scale: float = 1.0) -> dict:
    """Makes the data unless it is all there; returns what was done. `scale`: fewer affiliations, partners and
    holders (1: the issue's 2,000), for trying the benchmark."""
    from django.core.management import call_command
    from django.db import transaction

    from kizuna.core.audit import unlogged
    from kizuna.core.enums import LOCAL_GOVERNMENT_KINDS
    from kizuna.core.models import Organisation
    from kizuna.exchange.models import Affiliation, ForeignPartner, PartnerWanted, Proposal

    n_affiliations = round(AFFILIATIONS * scale)
    if not fresh and Affiliation.objects.count() == n_affiliations and PartnerWanted.objects.exists():
        return {"generated": False}
    if Organisation.objects.count() < 1000:
        log("loading the reference data")
        call_command("load_reference_data", verbosity=0)
    t0 = time.monotonic()
    governments = list(Organisation.objects.filter(kind__in=LOCAL_GOVERNMENT_KINDS).order_by("code"))
    holders = rng.sample(governments, min(round(1000 * scale), len(governments)))
    weights = [c[1] for c in COUNTRIES]
    with unlogged("exchange benchmark data"), transaction.atomic():
        for model in (Proposal, Affiliation, ForeignPartner, PartnerWanted):
            model.objects.all().delete()
        partners, seen = [], set()
        while len(partners) < round(1_600 * scale):
            country, _w, places = rng.choices(COUNTRIES, weights)[0]
            name = _name(rng)
            if (country, name) in seen:
                continue
            seen.add((country, name))
            lat, lon = rng.choice(places)
            partners.append(ForeignPartner(
                country=country, name=name, name_en=name, region=rng.choice(["", "North", "South", "East"]),
                latitude=Decimal(f"{lat + rng.uniform(-2, 2):.6f}"),
                longitude=Decimal(f"{lon + rng.uniform(-2, 2):.6f}")))
        ForeignPartner.objects.bulk_create(partners, batch_size=500)
        partners = list(ForeignPartner.objects.all())
        rows, pairs = [], set()
        while len(rows) < n_affiliations:
            government, partner = rng.choice(holders), rng.choice(partners)
            if (government.pk, partner.pk) in pairs:
                continue
            pairs.add((government.pk, partner.pk))
            signed = date(1955, 12, 7) + timedelta(days=rng.randint(0, 68 * 365))
            status, dissolved = "active", None
            roll = rng.random()
            if roll < 0.03:
                status, dissolved = "dissolved", signed + timedelta(days=rng.randint(400, 6000))
                dissolved = min(dissolved, date(2025, 3, 31))
            elif roll < 0.05:
                status = "lapsed"
            rows.append(Affiliation(
                local_government=government, partner=partner,
                affiliation_type=rng.choices(["sister", "friendship", "partner", "other"], [70, 20, 8, 2])[0],
                signed_on=signed, signatories="両首長", assembly_approved_on=signed - timedelta(days=30),
                exchange_fields=rng.sample(FIELDS, rng.randint(1, 4)), status=status, dissolved_on=dissolved,
                heads_signed=rng.random() > 0.02, several_fields=rng.random() > 0.05,
                assembly_approved=rng.random() > 0.04, note="bench"))
        Affiliation.objects.bulk_create(rows, batch_size=500)
        wanted = [PartnerWanted(local_government=g, wished_countries=[rng.choice(COUNTRIES)[0]],
                                wished_regions="沿岸の都市", population=rng.randint(1_000, 900_000),
                                population_on=date(2025, 10, 1), outline="ベンチマークの団体", url="",
                                wished_traits="教育交流", pr_notes="", is_published=rng.random() > 0.1)
                  for g in governments if g not in set(holders)]
        PartnerWanted.objects.bulk_create(wanted, batch_size=500)
    return {"generated": True, "generate_s": round(time.monotonic() - t0, 1)}


def facts() -> dict:
    from django.db.models import Count

    from kizuna.exchange.models import Affiliation, ForeignPartner, PartnerWanted

    return {"affiliations": Affiliation.objects.count(), "partners": ForeignPartner.objects.count(),
            "countries": ForeignPartner.objects.values("country").distinct().count(),
            "governments": Affiliation.objects.values("local_government").distinct().count(),
            "statuses": dict(Affiliation.objects.values_list("status").annotate(n=Count("pk"))),
            "wanted": PartnerWanted.objects.count()}
