"""`kizuna seed_demo`: people for every role, idempotent, usable (passwords, TOTP), and records to look at."""

import os
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.test import Client

from kizuna.core import rules as core_rules
from kizuna.core.backup import _rows
from kizuna.core.demo import DEMO_DOMAIN, DEMO_PASSWORD, PEOPLE
from kizuna.core.enums import OrgKind, Role
from kizuna.core.models import Invitation, Membership, User


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _code(email: str) -> str:
    out = StringIO()
    call_command("totp_code", email, stdout=out, verbosity=0)
    return out.getvalue().strip()


def test_seed_demo_second_run_changes_nothing(reference_orgs):
    _seed()
    before = _rows("default")
    hashes = dict(User.objects.values_list("email", "password"))

    second = _seed()

    assert (second.strip(), _rows("default"), dict(User.objects.values_list("email", "password"))) == (
        "demo data: nothing changed",
        before,
        hashes,
    )


def test_seed_demo_second_run_keeps_what_people_changed(reference_orgs):
    _seed()
    person = User.objects.get(email=f"chiyoda-staff@{DEMO_DOMAIN}")
    person.set_password("a-password-she-chose-herself")
    person.save()
    Membership.objects.create(person=person, organisation=reference_orgs["tokyo"], role=Role.STAFF)

    _seed()

    person.refresh_from_db()
    assert (
        person.check_password("a-password-she-chose-herself"),
        Membership.objects.active().filter(person=person).count(),
    ) == (True, 2)


def test_seed_demo_has_a_person_for_every_role_and_kind(reference_orgs):
    _seed()

    active = Membership.objects.active().filter(person__email__endswith=f"@{DEMO_DOMAIN}")
    roles = set(active.values_list("role", flat=True))
    kinds = set(active.values_list("organisation__kind", flat=True))
    assert (
        roles,
        kinds,
        User.objects.filter(email=f"superuser@{DEMO_DOMAIN}", is_superuser=True).count(),
    ) == (
        set(Role.values),
        {
            OrgKind.HEADQUARTERS,
            OrgKind.BRANCH,
            OrgKind.OVERSEAS_OFFICE,
            OrgKind.PREFECTURE,
            OrgKind.MUNICIPALITY,
            OrgKind.ASSOCIATION,
            OrgKind.EXPERT_POOL,
            OrgKind.JETAA_CHAPTER,
        },
        1,
    )


def test_seed_demo_people_have_kana_and_verified_primary_email(reference_orgs):
    _seed()

    people = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
    assert (
        people.count(),
        people.exclude(full_name_kana="").count(),
        EmailAddress.objects.filter(user__in=people, verified=True, primary=True).count(),
    ) == (len(PEOPLE), len(PEOPLE), len(PEOPLE))


def test_seed_demo_gives_every_clair_staff_member_totp(reference_orgs):
    _seed()

    clair = [
        u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}") if core_rules.is_clair_staff(u)
    ]
    with_totp = set(
        Authenticator.objects.filter(type=Authenticator.Type.TOTP).values_list("user__email", flat=True)
    )
    assert sorted(u.email for u in clair if u.email not in with_totp) == []
    assert len(clair) == 5  # HQ admin, HQ staff, branch, office, superuser


def test_seed_demo_leaves_pending_invitations_and_one_removed_member(reference_orgs):
    _seed()

    removed = Membership.objects.filter(ended_at__isnull=False).values_list(
        "person__email", "organisation__code"
    )
    assert (Invitation.objects.pending().count(), list(removed)) == (
        3,
        [(f"former-member@{DEMO_DOMAIN}", "131016")],
    )


def test_seed_demo_without_reference_data_says_what_to_run(db):
    with pytest.raises(CommandError) as excinfo:
        _seed()

    assert "kizuna load_reference_data" in str(excinfo.value)


def test_seed_demo_refuses_when_it_looks_like_production(reference_orgs, settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delitem(os.environ, "KIZUNA_DEV", raising=False)

    with pytest.raises(CommandError):
        _seed()

    assert User.objects.count() == 0


def test_seed_demo_municipality_staff_logs_in_with_the_demo_password(reference_orgs):
    _seed()
    client = Client()

    response = client.post(
        "/accounts/login/", {"login": f"chiyoda-staff@{DEMO_DOMAIN}", "password": DEMO_PASSWORD}
    )

    assert (response.status_code, response["Location"]) == (302, "/")


def test_seed_demo_clair_staff_logs_in_with_password_and_totp_code(reference_orgs):
    _seed()
    client = Client()
    email = f"hq-staff@{DEMO_DOMAIN}"

    first = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
    second = client.post("/accounts/2fa/authenticate/", {"code": _code(email)})

    assert (first["Location"], second.status_code, second["Location"]) == (
        "/accounts/2fa/authenticate/",
        302,
        "/",
    )


def _plan_with_manual_kpis():
    from ..plan.factories import KPIFactory, ProgrammeFactory

    programme = ProgrammeFactory()
    return [KPIFactory(programme=programme, code=f"manual-{n}", target=100 * n, order=n) for n in (1, 2, 3)]


def test_seed_demo_enters_manual_figures_for_two_kpis_of_a_loaded_plan(reference_orgs):
    from kizuna.plan.models import KPIEntry

    kpis = _plan_with_manual_kpis()

    _seed()
    _seed()

    figures = sorted(KPIEntry.objects.values_list("kpi__code", "quarter", "value"))
    assert [(code, quarter, int(value)) for code, quarter, value in figures] == [
        ("manual-1", 1, 20),
        ("manual-1", 2, 25),
        ("manual-2", 1, 40),
        ("manual-2", 2, 50),
    ]
    assert kpis[2].entries.count() == 0


def test_seed_demo_without_a_plan_enters_no_figures(reference_orgs):
    from kizuna.plan.models import KPIEntry

    _seed()

    assert KPIEntry.objects.count() == 0


def test_seed_demo_has_jet_subsidy_claims_and_internships_in_their_states(reference_orgs):
    from django.utils import timezone

    from kizuna.grants.models import Application
    from kizuna.plan.kpis import get_query

    _seed()
    claims = {a.call.scheme.code: a for a in Application.objects.filter(beneficiary__isnull=False)
              .select_related("call__scheme", "beneficiary__person")}
    assert {code: a.status for code, a in claims.items()} == {
        "jet_jlpt": "draft", "jet_tefl": "submitted", "jet_counselling": "awarded"}
    assert claims["jet_jlpt"].beneficiary.person.email == f"jet@{DEMO_DOMAIN}"
    year = timezone.localdate().year if timezone.localdate().month >= 4 else timezone.localdate().year - 1
    assert get_query("grants.claims.jet_counselling")(year=year, quarter=None, organisation_id=None) == 1
    from kizuna.careers.models import Application as InternshipApplication
    from kizuna.careers.models import Offer

    assert sorted(Offer.objects.values_list("status", flat=True)) == ["open", "open"]
    assert list(InternshipApplication.objects.values_list("participant__person__email", "status")) == [
        (f"jet@{DEMO_DOMAIN}", "submitted")]
    from kizuna.events.models import Event, Exhibitor

    assert set(Event.objects.filter(kpi_series__in=["jet_career_fair", "jet_leavers"])
               .values_list("kpi_series", "registrations__person__email")) == {
        ("jet_career_fair", None), ("jet_leavers", f"jet@{DEMO_DOMAIN}")}
    assert Exhibitor.objects.get(booth__event__kind="career_fair").organisation.code == "041009"


def test_seed_demo_has_jetaa_chapters_in_their_states_and_the_demo_alumnus_in_new_york(reference_orgs):
    from kizuna.alumni.models import Alumnus, Chapter
    from kizuna.alumni.queries import chapters_with_health

    _seed()
    states = {c.organisation.name_en: c.status for c in Chapter.objects.select_related("organisation")}
    assert states == {"JETAA New York": "active", "JETAA United Kingdom": "active", "JETAA Singapore": "active",
                      "JETAA Korea": "active", "JETAA Barbados": "founding", "JETAA Ireland": "refounding"}
    health = {c.organisation.name_en: h for c, h in chapters_with_health()}
    assert health["JETAA New York"].meets_rule and not health["JETAA Barbados"].meets_rule
    daniel = Alumnus.objects.get(person__email=f"alumnus@{DEMO_DOMAIN}")
    assert daniel.chapter_memberships.get().chapter.organisation.name_en == "JETAA New York"
    assert daniel.placements.exists()


def test_seed_demo_has_mail_magazine_readers_and_issues_sent_through_the_sender(reference_orgs):
    from kizuna.newsletter.models import Campaign, MailingList, Subscription

    _seed()
    magazine = MailingList.objects.get(slug="clair-magazine")
    assert magazine.languages == ["ja", "en"] and magazine.topics.count() == 3
    states = dict(Campaign.objects.filter(mailing_list=magazine).values_list("number", "status"))
    assert states == {1: "sent", 2: "sent", 3: "draft"}
    first = Campaign.objects.get(mailing_list=magazine, number=1)
    assert first.recipients == first.deliveries.filter(state="sent").count() == 36
    assert first.archive_work is not None and first.unsubscriptions.count() == 1
    assert set(Subscription.objects.filter(mailing_list=magazine).values_list("status", flat=True)) == {
        "active", "pending", "unsubscribed", "bounced"}
    assert Campaign.objects.get(mailing_list__slug="jlgc-newsletter").status == "sent"
