"""Fixtures shared by the whole suite: a small world of organisations and one person per role."""

import socket
from dataclasses import dataclass, field

import pytest
from django.test import Client

from kizuna.core.enums import MunicipalityType, OrgKind, Role

from .factories import MembershipFactory, OrganisationFactory, UserFactory, add_totp

# The roles every URL is walked with. CLAIR staff roles get a TOTP authenticator, as they must.
ROLES = [
    "anonymous", "municipality_staff", "municipality_admin", "association_staff", "hq_staff", "branch_staff",
    "office_staff", "reviewer", "expert", "jet", "alumnus", "superuser",
    # People who must see no more than their own: another municipality's staff (Minato), a prefecture's staff
    # (Tokyo), a former member of Chiyoda, and the roles of the JET and alumni capabilities.
    "other_municipality_staff", "prefecture_staff", "former_member", "pa", "counsellor", "chapter_officer",
    # Another prefecture's PA (Osaka), and a participant whose membership ended.
    "other_pa", "former_participant",
    # A counsellor who is not on the sample cases, and the counselling supervisor.
    "other_counsellor", "counselling_supervisor",
    # The officer of another JETAA chapter (the United Kingdom's) than the sample one (New York's).
    "other_chapter_officer",
]
CLAIR_ROLES = {"hq_staff", "branch_staff", "office_staff", "superuser"}


@dataclass
class World:
    tokyo: object
    chiyoda: object
    minato: object
    hq: object
    tokyo_branch: object
    nyc: object
    association: object
    experts: object
    jetaa: object
    people: dict = field(default_factory=dict)

    def client_for(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.people[role])
        return client


@pytest.fixture(autouse=True)
def _default_language(settings):
    """Each test starts in the default language: a page requested in English leaves English active in the
    thread (LocaleMiddleware activates, nothing deactivates), and services called afterwards would speak it."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and lock-outs live in the cache: each test starts with none."""
    from django.core.cache import cache

    from kizuna.core.cache import clear_render_caches
    from kizuna.core.search import forget_indexes

    clear_render_caches()
    forget_indexes()
    try:
        cache.clear()
    except Exception:  # noqa: BLE001 - no database in this test, so no cache table either
        pass
    yield


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    from django.utils import timezone

    from kizuna.core.audit import unlogged
    from kizuna.core.models import CoveredCountry, Membership

    tokyo = OrganisationFactory(kind=OrgKind.PREFECTURE, municipality_type=MunicipalityType.PREFECTURE,
                                code="130001", name="東京都", name_kana="とうきょうと", name_en="Tokyo")
    tokyo.prefecture = tokyo
    tokyo.save()
    chiyoda = OrganisationFactory(kind=OrgKind.MUNICIPALITY, municipality_type=MunicipalityType.SPECIAL_WARD,
                                  code="131016", name="千代田区", name_kana="ちよだく", name_en="Chiyoda, Tokyo",
                                  prefecture=tokyo, parent=tokyo)
    minato = OrganisationFactory(kind=OrgKind.MUNICIPALITY, municipality_type=MunicipalityType.SPECIAL_WARD,
                                 code="131032", name="港区", name_kana="みなとく", name_en="Minato, Tokyo",
                                 prefecture=tokyo, parent=tokyo)
    hq = OrganisationFactory(kind=OrgKind.HEADQUARTERS, slug="hq", name="自治体国際化協会（本部）",
                             name_en="CLAIR Headquarters")
    tokyo_branch = OrganisationFactory(kind=OrgKind.BRANCH, slug="branch-130001", name="クレア東京都支部",
                                       name_en="CLAIR Tokyo Branch", local_government=tokyo, prefecture=tokyo)
    nyc = OrganisationFactory(kind=OrgKind.OVERSEAS_OFFICE, slug="nyc", name="クレア ニューヨーク事務所",
                              name_en="CLAIR New York", timezone="America/New_York", city="New York")
    CoveredCountry.objects.create(office=nyc, country="US")
    association = OrganisationFactory(kind=OrgKind.ASSOCIATION, name="東京都国際交流委員会",
                                      name_en="Tokyo International Communication Committee", prefecture=tokyo)
    experts = OrganisationFactory(kind=OrgKind.EXPERT_POOL, name="アドバイザー人材バンク", name_en="Adviser pool")
    jetaa = OrganisationFactory(kind=OrgKind.JETAA_CHAPTER, name="JETAA New York", name_en="JETAA New York")
    w = World(tokyo, chiyoda, minato, hq, tokyo_branch, nyc, association, experts, jetaa)

    def person(role_name, org, role, clair=False, **extra):
        user = UserFactory(email=f"{role_name}@example.jp", full_name=role_name.replace("_", " ").title(), **extra)
        if org is not None:
            MembershipFactory(person=user, organisation=org, role=role)
        if clair:
            add_totp(user)
        w.people[role_name] = user

    person("municipality_staff", chiyoda, Role.STAFF)
    person("municipality_admin", chiyoda, Role.ADMIN)
    person("association_staff", association, Role.STAFF)
    person("hq_staff", hq, Role.STAFF, clair=True)
    person("branch_staff", tokyo_branch, Role.STAFF, clair=True)
    person("office_staff", nyc, Role.STAFF, clair=True)
    person("reviewer", hq, Role.REVIEWER)
    person("expert", experts, Role.EXPERT)
    person("jet", chiyoda, Role.JET)
    person("alumnus", jetaa, Role.ALUMNUS)
    person("superuser", None, None, clair=True, is_superuser=True, is_staff=True)
    person("other_municipality_staff", minato, Role.STAFF)
    person("prefecture_staff", tokyo, Role.STAFF)
    person("former_member", chiyoda, Role.STAFF)
    with unlogged("arranging the test world"):
        Membership.objects.filter(person=w.people["former_member"]).update(ended_at=timezone.now())
    person("pa", tokyo, Role.PA)
    person("counsellor", hq, Role.COUNSELLOR)
    person("chapter_officer", jetaa, Role.CHAPTER_OFFICER)
    w.osaka = OrganisationFactory(kind=OrgKind.PREFECTURE, municipality_type=MunicipalityType.PREFECTURE,
                                  code="270008", name="大阪府", name_kana="おおさかふ", name_en="Osaka")
    person("other_pa", w.osaka, Role.PA)
    person("former_participant", chiyoda, Role.JET)
    person("other_counsellor", hq, Role.COUNSELLOR)
    person("counselling_supervisor", hq, Role.COUNSELLING_SUPERVISOR)
    w.other_jetaa = OrganisationFactory(kind=OrgKind.JETAA_CHAPTER, name="JETAA United Kingdom",
                                        name_en="JETAA United Kingdom")
    person("other_chapter_officer", w.other_jetaa, Role.CHAPTER_OFFICER)
    with unlogged("arranging the test world"):
        Membership.objects.filter(person=w.people["former_participant"]).update(ended_at=timezone.now())
    return w


@pytest.fixture
def client_for(world):
    return world.client_for


def module_world(arrange=None):
    """A `world` fixture for a module of many tests that each arrange and look but keep nothing (the URL × role
    walk, the leak probes, the API fuzzing): the world (and what `arrange(world)` adds) is written once per
    module inside a transaction that stays open; each test runs in its own savepoint within it (pytest-django's
    `db`, as Django's TestCase does with setUpTestData), so its writes are undone as usual, and gets its own copy
    of the Python objects, so that what a test sets on them does not reach the next one.

        _kept_world, world = module_world(lambda w: [make(w) for make in MIXED])
    """
    @pytest.fixture(scope="module", name="_kept_world")
    def kept(django_db_setup, django_db_blocker):
        from django.db import transaction

        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                built = build_world()
                if arrange is not None:
                    arrange(built)
                yield built
            finally:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)

    @pytest.fixture(name="world")
    def world(_kept_world, db) -> World:
        import copy

        return copy.deepcopy(_kept_world)

    return kept, world


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Collector:
    """Keeps every message it accepts; refuses for good (550) the addresses put in `refused`."""

    def __init__(self):
        self.messages = []
        self.refused = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos), "message": message})
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on localhost; Django sends to it through its SMTP backend."""
    from aiosmtpd.controller import Controller

    handler = _Collector()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    try:
        yield handler
    finally:
        controller.stop()
