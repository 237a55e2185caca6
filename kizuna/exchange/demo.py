"""Demo of the sister-city registry: real well-known affiliations (the first, Nagasaki and Saint Paul,
1955-12-07) and plausible others of many local governments and countries — demo data, each noted as such —,
one not meeting CLAIR's conditions (kept, not counted), one lapsed and one dissolved; proposals in every state
(Chiyoda's waiting, Sendai's returned, one approved, one rejected); and "looking for a partner" entries.
Written through the audit helpers as the system; idempotent (nothing is added once an affiliation exists)."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from kizuna.core.audit import SYSTEM, create_logged
from kizuna.core.codes import with_check_digit
from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.models import Organisation, User

from .enums import AffiliationStatus, ProposalKind, ProposalStatus
from .models import Affiliation, ForeignPartner, PartnerWanted, Proposal

NOTE = "デモデータ (demo data)"
ALL_FIELDS = ["education", "culture", "sports", "youth", "economy"]
# first five digits of the code, partner (local), English, Japanese, country, region, signed, lat, lon, type
AFFILIATIONS = [
    ("42201", "Saint Paul", "Saint Paul", "セントポール市", "US", "Minnesota", "1955-12-07", 44.9537, -93.0900,
     "sister"),
    ("14100", "San Diego", "San Diego", "サンディエゴ市", "US", "California", "1957-10-29", 32.7157, -117.1611,
     "sister"),
    ("04100", "Riverside", "Riverside", "リバーサイド市", "US", "California", "1957-03-19", 33.9533, -117.3962,
     "sister"),
    ("28100", "Seattle", "Seattle", "シアトル市", "US", "Washington", "1957-10-21", 47.6062, -122.3321, "sister"),
    ("26100", "Paris", "Paris", "パリ市", "FR", "Île-de-France", "1958-06-15", 48.8566, 2.3522, "friendship"),
    ("23100", "Los Angeles", "Los Angeles", "ロサンゼルス市", "US", "California", "1959-04-01", 34.0522, -118.2437,
     "sister"),
    ("01100", "Portland", "Portland", "ポートランド市", "US", "Oregon", "1959-11-17", 45.5152, -122.6784, "sister"),
    ("13000", "New York City", "New York City", "ニューヨーク市", "US", "New York", "1960-02-29", 40.7128, -74.0060,
     "sister"),
    ("46201", "Napoli", "Naples", "ナポリ市", "IT", "Campania", "1960-05-03", 40.8518, 14.2681, "sister"),
    ("17201", "Buffalo", "Buffalo", "バッファロー市", "US", "New York", "1962-12-11", 42.8864, -78.8784, "sister"),
    ("15100", "Хабаровск", "Khabarovsk", "ハバロフスク市", "RU", "Khabarovsk Krai", "1965-04-26", 48.4802, 135.0719,
     "sister"),
    ("04100", "Rennes", "Rennes", "レンヌ市", "FR", "Bretagne", "1967-05-08", 48.1173, -1.6778, "sister"),
    ("27100", "上海市", "Shanghai", "上海市", "CN", "", "1974-04-18", 31.2304, 121.4737, "friendship"),
    ("13000", "北京市", "Beijing", "北京市", "CN", "", "1979-03-14", 39.9042, 116.4074, "friendship"),
    ("01000", "Alberta", "Alberta", "アルバータ州", "CA", "", "1980-10-10", 53.9333, -116.5765, "sister"),
    ("28000", "Western Australia", "Western Australia", "西オーストラリア州", "AU", "", "1981-06-05", -31.9505,
     115.8605, "sister"),
    ("47000", "Hawaiʻi", "Hawaii", "ハワイ州", "US", "", "1985-09-17", 21.3069, -157.8583, "sister"),
    ("43100", "San Antonio", "San Antonio", "サンアントニオ市", "US", "Texas", "1987-09-23", 29.4241, -98.4936,
     "sister"),
    ("22100", "Cannes", "Cannes", "カンヌ市", "FR", "Provence-Alpes-Côte d'Azur", "1991-12-17", 43.5528, 7.0174,
     "sister"),
    ("34100", "Montréal", "Montreal", "モントリオール市", "CA", "Québec", "1998-05-20", 45.5017, -73.5673, "sister"),
    ("40130", "부산광역시", "Busan", "釜山広域市", "KR", "", "2007-02-02", 35.1796, 129.0756, "partner"),
    ("11100", "Toledo", "Toledo", "トレド市", "US", "Ohio", "2002-08-01", 41.6528, -83.5379, "sister"),
    ("12100", "Houston", "Houston", "ヒューストン市", "US", "Texas", "1972-10-24", 29.7604, -95.3698, "sister"),
    ("33100", "San José", "San Jose", "サンノゼ市", "US", "California", "1957-05-26", 37.3382, -121.8863, "sister"),
    ("37201", "St. Petersburg", "St. Petersburg", "セントピーターズバーグ市", "US", "Florida", "1961-06-01", 27.7676,
     -82.6403, "sister"),
    ("38201", "Freiburg im Breisgau", "Freiburg", "フライブルク市", "DE", "Baden-Württemberg", "1970-04-20", 47.9990,
     7.8421, "sister"),
    ("10201", "Rotorua", "Rotorua", "ロトルア市", "NZ", "Bay of Plenty", "1985-06-25", -38.1368, 176.2497, "sister"),
    ("44201", "Austin", "Austin", "オースティン市", "US", "Texas", "1990-05-22", 30.2672, -97.7431, "sister"),
    ("31201", "Hilo", "Hilo", "ヒロ市", "US", "Hawaii", "1962-05-02", 19.7070, -155.0885, "sister"),
    ("36201", "Saginaw", "Saginaw", "サギノー市", "US", "Michigan", "1961-11-26", 43.4195, -83.9508, "sister"),
    ("13101", "San Francisco", "San Francisco", "サンフランシスコ市", "US", "California", "2010-04-01", 37.7749,
     -122.4194, "friendship"),
    ("08201", "Anaheim", "Anaheim", "アナハイム市", "US", "California", "1976-04-30", 33.8366, -117.9143, "sister"),
    ("24201", "Kaohsiung", "Kaohsiung", "高雄市", "TW", "", "2015-10-01", 22.6273, 120.3014, "friendship"),
    ("05201", "Kenai", "Kenai", "ケナイ市", "US", "Alaska", "1992-06-01", 60.5544, -151.2583, "sister"),
    ("39201", "Suzhou", "Suzhou", "蘇州市", "CN", "Jiangsu", "1985-11-01", 31.2989, 120.5853, "friendship"),
    ("25201", "Lansing", "Lansing", "ランシング市", "US", "Michigan", "1969-05-01", 42.7325, -84.5555, "sister"),
]


def _code(first_five: str) -> str:
    return with_check_digit(first_five)


@transaction.atomic
def seed_exchange_demo() -> dict:
    if Affiliation.objects.exists():
        return {"affiliations": Affiliation.objects.count()}
    codes = {_code(a[0]) for a in AFFILIATIONS} | {"041009", "131016"}
    governments = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    if not governments:
        return {"affiliations": 0}
    partners, made = {}, []
    for n, (five, name, name_en, name_ja, country, region, signed, lat, lon, kind) in enumerate(AFFILIATIONS):
        government = governments.get(_code(five))
        if government is None:
            continue
        partner = partners.get((country, name))
        if partner is None:
            partner = create_logged(ForeignPartner, "exchange.foreignpartner.seed", by=SYSTEM, country=country,
                                    name=name, name_en=name_en, name_ja=name_ja, region=region, latitude=lat,
                                    longitude=lon, wikidata_id="Q28848" if name == "Saint Paul" else "")
            partners[(country, name)] = partner
        values = {"local_government": government, "partner": partner, "affiliation_type": kind,
                  "signed_on": date.fromisoformat(signed), "signatories": "双方の首長 (heads of both sides)",
                  "assembly_approved_on": date.fromisoformat(signed) - timedelta(days=30),
                  "exchange_fields": ALL_FIELDS[: 2 + n % 4], "note": NOTE}
        if n % 11 == 7:  # kept but not counted: no assembly approval
            values.update(assembly_approved=False, assembly_approved_on=None)
        if n == 33:
            values.update(status=AffiliationStatus.DISSOLVED, dissolved_on=date(2012, 3, 31))
        if n == 32:
            values.update(ends_on=date(2020, 9, 30), status=AffiliationStatus.LAPSED)
        made.append(create_logged(Affiliation, "exchange.affiliation.seed", by=SYSTEM, **values))
    _proposals(governments, partners)
    _wanted(governments)
    return {"affiliations": len(made), "partners": len(partners)}


def _user(local_part):
    return User.objects.filter(email=f"{local_part}@{DEMO_DOMAIN}").first()


def _proposals(governments, partners):
    hq = _user("hq-staff")
    chiyoda, sendai = governments.get("131016"), governments.get("041009")
    now = timezone.now()
    if chiyoda is not None and _user("chiyoda-staff") is not None:
        create_logged(Proposal, "exchange.proposal.seed", by=SYSTEM, kind=ProposalKind.ADD, local_government=chiyoda,
                      partner_country="GB", partner_name="City of Westminster", partner_name_en="Westminster",
                      partner_region="London", affiliation_type="friendship", signed_on=date(2025, 10, 1),
                      signatories="区長・Lord Mayor", exchange_fields=["culture", "tourism", "youth"],
                      proposed_by=_user("chiyoda-staff"), note=NOTE)
        create_logged(Proposal, "exchange.proposal.seed", by=SYSTEM, kind=ProposalKind.ADD, local_government=chiyoda,
                      partner_country="KR", partner_name="중구", partner_name_en="Jung-gu, Seoul",
                      affiliation_type="friendship", signed_on=date(2024, 5, 1), exchange_fields=["culture"],
                      several_fields=False, proposed_by=_user("chiyoda-staff"), status=ProposalStatus.REJECTED,
                      reason="協定書の写しが確認できません (no copy of the agreement).", decided_by=hq,
                      decided_at=now, note=NOTE)
    if sendai is not None and _user("sendai-staff") is not None:
        create_logged(Proposal, "exchange.proposal.seed", by=SYSTEM, kind=ProposalKind.ADD, local_government=sendai,
                      partner_country="US", partner_name="Dallas", partner_name_en="Dallas", partner_region="Texas",
                      affiliation_type="partner", signed_on=date(2025, 4, 1), exchange_fields=["economy", "education"],
                      proposed_by=_user("sendai-staff"), status=ProposalStatus.RETURNED,
                      reason="議会の承認日を記入してください (give the assembly's approval date).", decided_by=hq,
                      decided_at=now, assembly_approved=False, note=NOTE)
        rennes = partners.get(("FR", "Rennes"))
        current = Affiliation.objects.filter(local_government=sendai, partner=rennes).first() if rennes else None
        if current is not None:
            create_logged(Proposal, "exchange.proposal.seed", by=SYSTEM, kind=ProposalKind.CHANGE,
                          local_government=sendai, affiliation=current, partner=rennes,
                          affiliation_type=current.affiliation_type, signed_on=current.signed_on,
                          signatories=current.signatories, exchange_fields=current.exchange_fields,
                          renewed_on=date(2017, 5, 8), proposed_by=_user("sendai-staff"),
                          status=ProposalStatus.APPROVED, decided_by=hq, decided_at=now, note=NOTE)


WANTED = [
    ("041009", ["FR", "DE", "IT"], "ヨーロッパの学術都市", 1096704, "2025-10-01", 786.35,
     "東北最大の都市。杜の都として知られ、大学が多い。", "https://www.city.sendai.jp/",
     "大学が多く、若者の交流ができる都市", "七夕まつり、ずんだ、牛たん"),
    ("131016", ["GB", "SG"], "金融・ビジネスの中心地", 68835, "2025-10-01", 11.66, "日本の首都の中心。皇居と官庁街。",
     "https://www.city.chiyoda.lg.jp/", "歴史ある都心の区", "神田祭、古書店街"),
    ("422011", ["VN", "PH"], "東南アジアの港湾都市", 393268, "2025-10-01", 405.86, "港町。日本の近代化の窓口。",
     "https://www.city.nagasaki.lg.jp/", "港と歴史をもつ都市", "平和、世界遺産"),
]


def _wanted(governments):
    for code, countries, regions, population, on, area, outline, url, traits, pr in WANTED:
        government = governments.get(code) or Organisation.objects.filter(code=code).first()
        if government is None or PartnerWanted.objects.filter(local_government=government).exists():
            continue
        create_logged(PartnerWanted, "exchange.partnerwanted.seed", by=SYSTEM, local_government=government,
                      wished_countries=countries, wished_regions=regions, population=population,
                      population_on=date.fromisoformat(on), area_km2=area, outline=outline, url=url,
                      wished_traits=traits, pr_notes=f"{pr} ({NOTE})")
