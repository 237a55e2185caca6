"""Demo of the alumni network: six JETAA chapters in the states the FY2026 plan names — New York and the UK
active, Singapore and Korea active but small, Barbados being founded (supported by the New York office),
Ireland being re-founded (supported by London) — the United States' representative in JETAA International (Sarah
Kim), and about sixty alumni imported from an earlier list (with
their placements), a few of them in two chapters, with a spread of privacy choices. The demo's alumnus
(Daniel Brooks) and chapter officer (Sarah Kim) have records of their own; New York meets the JETAA rule.
Idempotent: nothing is added once a chapter exists."""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from kizuna.core.audit import SYSTEM, create_logged
from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.enums import OrgKind
from kizuna.core.models import Organisation, User
from kizuna.jet.enums import Position

from .enums import AlumnusStatus, ChapterStatus, Region, Source, Visibility
from .models import (
    Alumnus,
    Chapter,
    ChapterMember,
    CountryRepresentative,
    JobPosting,
    Mentor,
    Placement,
    search_key,
)
from .services import consent_wording

# slug or name, English name, country, region, status, founded, bylaws, supporting office, members, lat, lon
CHAPTERS = [
    ("jetaa_ny", "JETAA New York", "US", Region.NORTH_AMERICA, ChapterStatus.ACTIVE, date(1989, 5, 1), True, "nyc",
     24, 40.71, -74.01),
    ("JETAA 英国支部", "JETAA United Kingdom", "GB", Region.EUROPE, ChapterStatus.ACTIVE, date(1994, 3, 1), True,
     "lon", 21, 51.51, -0.13),
    ("JETAA シンガポール支部", "JETAA Singapore", "SG", Region.ASIA, ChapterStatus.ACTIVE, date(2001, 9, 1), True,
     "sin", 8, 1.29, 103.85),
    ("JETAA 韓国支部", "JETAA Korea", "KR", Region.ASIA, ChapterStatus.ACTIVE, date(1998, 11, 1), False, "sel", 6,
     37.57, 126.98),
    ("JETAA バルバドス支部", "JETAA Barbados", "BB", Region.LATIN_AMERICA, ChapterStatus.FOUNDING, None, False, "nyc",
     4, 13.10, -59.61),
    ("JETAA アイルランド支部", "JETAA Ireland", "IE", Region.EUROPE, ChapterStatus.REFOUNDING, date(1996, 6, 1), False,
     "lon", 5, 53.35, -6.26),
]
GIVEN = ["Alex", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery", "Quinn", "Rowan", "Sam", "Robin",
         "Charlie", "Drew", "Emerson", "Harper", "Kendall", "Logan", "Parker", "Reese"]
FAMILY = ["Smith", "Johnson", "Brown", "Lee", "Walker", "Hall", "Young", "King", "Wright", "Lopez", "Hill", "Scott",
          "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner"]
EMPLOYERS = ["Japan External Trade Organization", "A public school district", "Mitsubishi Corporation (US)",
             "The British Council", "A translation agency", "University of Washington", "Self-employed",
             "Ministry of Foreign Affairs", "A travel company", ""]
PLACES = ["041009", "040002", "130001", "131016"]


def _chapter_org(key: str, name_en: str) -> Organisation:
    if key == "jetaa_ny":
        return Organisation.objects.get(kind=OrgKind.JETAA_CHAPTER, name="JETAA ニューヨーク支部")
    return (Organisation.objects.filter(kind=OrgKind.JETAA_CHAPTER, name=key).first()
            or create_logged(Organisation, "core.organisation.seed", by=SYSTEM, kind=OrgKind.JETAA_CHAPTER, name=key,
                             name_en=name_en))


def _alumnus(rng, name, country, *, person=None, email="") -> Alumnus:
    visibility = [Visibility.CLAIR, Visibility.CHAPTER, Visibility.ALUMNI]
    start_year = rng.randint(1995, 2022)
    alumnus = create_logged(Alumnus, "alumni.alumnus.seed", by=SYSTEM,
        person=person, full_name=name, search_name=search_key(name), country=country,
        email=email or f"{name.lower().replace(' ', '.')}@alumni.{DEMO_DOMAIN}",
        city=rng.choice(["New York", "London", "Singapore", "Seoul", "Bridgetown", "Dublin", "Boston", ""]),
        employer=rng.choice(EMPLOYERS), email_visibility=rng.choice(visibility),
        city_visibility=rng.choice(visibility), employer_visibility=rng.choice(visibility),
        placements_visibility=rng.choice(visibility), status=AlumnusStatus.LISTED, source=Source.IMPORT,
        consent_wording=consent_wording(), consented_at=timezone.now() - timedelta(days=rng.randint(30, 900)))
    place = Organisation.objects.filter(code=rng.choice(PLACES)).first()
    if place is not None:
        years = rng.randint(1, 5)
        create_logged(Placement, "alumni.placement.seed", by=SYSTEM,
            alumnus=alumnus, organisation=place, organisation_name=place.name,
            prefecture_id=place.prefecture_id if place.kind != OrgKind.PREFECTURE else place.pk,
            position=rng.choice([Position.ALT, Position.ALT, Position.ALT, Position.CIR, Position.SEA]),
            started_on=date(start_year, 8, 1), ended_on=date(start_year + years, 7, 31))
    return alumnus


@transaction.atomic
def seed_alumni_demo() -> dict:
    if Chapter.objects.exists() or not Organisation.objects.filter(kind=OrgKind.JETAA_CHAPTER).exists():
        return {"chapters": Chapter.objects.count()}
    rng = random.Random(1987)
    today = timezone.localdate()
    chapters = []
    for key, name_en, country, region, status, founded, bylaws, office, members, lat, lon in CHAPTERS:
        org = _chapter_org(key, name_en)
        chapter = create_logged(Chapter, "alumni.chapter.seed", by=SYSTEM,
            organisation=org, country=country, region=region, status=status, founded_on=founded,
            bylaws_adopted_on=founded if bylaws and founded else None,
            supported_by=Organisation.objects.filter(slug=office).first(), latitude=lat, longitude=lon)
        chapters.append((chapter, members))
    people = {
        "Daniel Brooks": User.objects.filter(email=f"alumnus@{DEMO_DOMAIN}").first(),
        "Sarah Kim": User.objects.filter(email=f"jetaa-officer@{DEMO_DOMAIN}").first(),
    }
    new_york = chapters[0][0]
    for name, person in people.items():
        alumnus = _alumnus(rng, name, "US", person=person, email=person.email if person else "")
        create_logged(ChapterMember, "alumni.chaptermember.seed", by=SYSTEM, chapter=new_york, alumnus=alumnus,
                      joined_on=today - timedelta(days=400))
        if name == "Sarah Kim":  # the United States' representative in JETAA International
            create_logged(CountryRepresentative, "alumni.countryrepresentative.seed", by=SYSTEM, alumnus=alumnus,
                          country="US", since=today - timedelta(days=200))
    made = 0
    for chapter, members in chapters:
        for _n in range(members - (2 if chapter == new_york else 0)):
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            alumnus = _alumnus(rng, name, chapter.country)
            create_logged(ChapterMember, "alumni.chaptermember.seed", by=SYSTEM, chapter=chapter, alumnus=alumnus,
                                         joined_on=today - timedelta(days=rng.randint(0, 2000)))
            made += 1
            if rng.random() < 0.1 and chapter != new_york:  # a few belong to New York too
                create_logged(ChapterMember, "alumni.chaptermember.seed", by=SYSTEM, chapter=new_york,
                              alumnus=alumnus, joined_on=today - timedelta(days=10))
    _board(people, today)
    return {"chapters": len(chapters), "alumni": made + len(people)}


def _board(people, today) -> None:
    """Daniel offers to mentor participants; Sendai posts a job and New York's chapter an internship."""
    daniel = people["Daniel Brooks"]
    record = Alumnus.objects.filter(person=daniel).first() if daniel else None
    if record is not None:
        create_logged(Mentor, "alumni.mentor.seed", by=SYSTEM, alumnus=record,
                      topics="Careers in Japan after JET, working for a Japanese company, JLPT N2",
                      languages="English, 日本語")
    sendai = Organisation.objects.filter(code="041009").first()
    staff = User.objects.filter(email=f"sendai-staff@{DEMO_DOMAIN}").first()
    if sendai is not None and staff is not None:
        create_logged(JobPosting, "alumni.jobposting.seed", by=SYSTEM, organisation=sendai, created_by=staff,
                      kind="job", title="仙台市 国際交流員（会計年度任用職員）",
                      description="Translate the city's information, support residents from abroad and the city's "
                                  "sister-city exchanges. Japanese N2 or above.",
                      place="仙台市", apply_url="https://www.city.sendai.jp/", contact_email="",
                      expires_on=today + timedelta(days=45))
    officer = people["Sarah Kim"]
    new_york = Organisation.objects.filter(kind=OrgKind.JETAA_CHAPTER, name="JETAA ニューヨーク支部").first()
    if officer is not None and new_york is not None:
        create_logged(JobPosting, "alumni.jobposting.seed", by=SYSTEM, organisation=new_york, created_by=officer,
                      kind="internship", title="JETAA New York events internship",
                      description="Help run the chapter's events for the programme's 40th year.",
                      place="New York / online", apply_url="", contact_email="officers@jetaany.example.org",
                      expires_on=today + timedelta(days=60))
