"""JET subsidies claimed through the contracting organisation, on the grants engine: the participant prepares the
claim, the organisation files it, headquarters decide and pay it; the schemes' rules (data in schemes.toml) are
held when the claim is filed and again when it is decided; the KPIs count the claims paid."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kizuna.core.audit import save_logged
from kizuna.grants import services
from kizuna.grants.loading import load_schemes, read_schemes
from kizuna.grants.models import Application, Scheme
from kizuna.plan.kpis import get_query
from tests.jet.access import _arrived, _participant
from tests.jet.conftest import place

from .factories import CallFactory, QuestionFactory

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english():
    """The rules' messages are matched in English (the Japanese ones are checked by the translation tests)."""
    from django.utils import translation

    translation.activate("en")
    yield


@pytest.fixture
def schemes(db):
    load_schemes(read_schemes())
    return {s.code: s for s in Scheme.objects.filter(claims_for_participants=True)}


@pytest.fixture
def calls(schemes):
    calls = {code: CallFactory(scheme=scheme, fiscal_year=2026) for code, scheme in schemes.items()}
    QuestionFactory(call=calls["jet_jlpt"], key="level", label="合格したレベル", kind="choice", required=True,
                    choices=["N1", "N2", "N3", "N4", "N5"])
    QuestionFactory(call=calls["jet_tefl"], key="hours", label="講座の時間数", kind="number", required=True)
    return calls


@pytest.fixture
def jet(world):
    return _arrived(world, _participant(world))


def _prepare(world, call, *, cost: int, requested: int | None = None, answers=None, by=None):
    """The participant's claim with one cost line, the amount asked and the scheme's documents attached."""
    by = by or world.people["jet"]
    claim = services.start_claim(by=by, call=call)
    scheme = call.scheme
    services.add_cost_line(by=by, application=claim, category=scheme.eligible_categories[0], description="領収書の通り",
                           amount=cost)
    requested = cost * scheme.rate_percent // 100 if requested is None else requested
    services.update_application(by=by, application=claim, requested_amount=requested, answers=answers or {})
    for name in scheme.required_documents:
        services.attach_file(by=by, application=claim, document_type=name,
                             upload=SimpleUploadedFile(f"{name}.pdf", PDF))
    return Application.objects.get(pk=claim.pk)


def _file(world, claim):
    return services.submit_application(by=world.people["municipality_staff"], application=claim)


def _kpi(key, organisation_id=None):
    year = 2026 if timezone.localdate().month >= 4 else 2025
    return get_query(key)(year=year, quarter=None, organisation_id=organisation_id)


def _second_hq(world):
    from kizuna.core.enums import Role
    from tests.factories import MembershipFactory, UserFactory, add_totp

    approver = UserFactory(email="hq_approver@example.jp")
    MembershipFactory(person=approver, organisation=world.hq, role=Role.STAFF)
    add_totp(approver)
    return approver


def test_the_participant_prepares_a_jlpt_claim_their_organisation_files_and_hq_pays(world, calls, jet, client_for):
    before = _kpi("grants.claims.jet_self_development")
    claim = _prepare(world, calls["jet_jlpt"], cost=7_500, answers={"level": "N2"})
    assert (claim.applicant, claim.beneficiary, claim.person) == (world.chiyoda, jet, None)
    with pytest.raises(PermissionDenied):  # the organisation files it, not the participant
        services.submit_application(by=world.people["jet"], application=claim)
    claim = _file(world, claim)
    assert claim.status == "submitted"
    hq = world.people["hq_staff"]
    [claim] = services.decide_applications(by=hq, call=claim.call, awards={claim.pk: 7_500})
    assert (claim.status, claim.decided_amount) == ("awarded", 7_500)
    payment = services.prepare_payment(by=hq, application=claim, kind="settlement", amount=7_500)
    assert _kpi("grants.claims.jet_self_development") == before  # prepared is not paid
    services.approve_payment(by=_second_hq(world), payment=payment)
    assert _kpi("grants.claims.jet_self_development") == before + 1
    assert _kpi("grants.claims.jet_self_development", world.tokyo_branch.pk) == 1  # Chiyoda is Tokyo's
    assert _kpi("grants.claims.jet_counselling") == 0
    with pytest.raises(ValidationError, match="above"):
        services.prepare_payment(by=hq, application=claim, kind="settlement", amount=1)
    page = client_for("jet").get(claim.get_absolute_url()).content.decode()
    assert "<dt>合格したレベル</dt><dd>N2</dd>" in page  # the question's words, not its key


def test_the_jlpt_fee_is_paid_for_n1_to_n3_in_years_one_to_three_once_per_person(world, calls, jet):
    low = _prepare(world, calls["jet_jlpt"], cost=7_500, answers={"level": "N4"})
    with pytest.raises(ValidationError, match="N1, N2, N3"):
        _file(world, low)
    assert Application.objects.get(pk=low.pk).status == "draft"
    services.update_application(by=world.people["jet"], application=low, answers={"level": "N3"})
    _file(world, low)
    again = _prepare(world, calls["jet_jlpt"], cost=7_500, answers={"level": "N1"})
    with pytest.raises(ValidationError, match="once per person"):
        _file(world, again)
    services.withdraw_application(by=world.people["jet"], application=low)  # a withdrawn claim does not count
    _file(world, again)

    fourth_year = _arrived(world, place(world, jet_number="20260000077",
                                        person=world.people["other_municipality_staff"]))
    fourth_year.contract_year = 4
    save_logged(fourth_year, "jet.participant.update", by=world.people["hq_staff"], fields=["contract_year"])
    claim = _prepare(world, calls["jet_jlpt"], cost=7_500, answers={"level": "N1"},
                     by=world.people["other_municipality_staff"])
    with pytest.raises(ValidationError, match="appointment years 1, 2, 3"):
        _file(world, claim)


def test_tefl_needs_100_hours_and_is_held_to_15000_yen(world, calls, jet):
    short = _prepare(world, calls["jet_tefl"], cost=20_000, requested=15_000, answers={"hours": 80})
    with pytest.raises(ValidationError, match="at least 100"):
        _file(world, short)
    with pytest.raises(ValidationError, match="ceiling"):
        services.update_application(by=world.people["jet"], application=short, requested_amount=20_000)
    services.update_application(by=world.people["jet"], application=short, answers={"hours": 120})
    assert _file(world, short).status == "submitted"


def test_tefl_grants_a_limited_number_a_year_counted_at_the_decision(world, calls, jet, schemes):
    tefl = schemes["jet_tefl"]
    tefl.claim_rules = {**tefl.claim_rules, "per_year_limit": 1}
    save_logged(tefl, "grants.scheme.update", by=world.people["hq_staff"], fields=["claim_rules"])
    first = _file(world, _prepare(world, calls["jet_tefl"], cost=15_000, answers={"hours": 100}))
    other = _arrived(world, place(world, jet_number="20260000078", person=world.people["prefecture_staff"],
                                  position="cir"))
    second = _file(world, _prepare(world, calls["jet_tefl"], cost=15_000, answers={"hours": 100},
                                   by=world.people["prefecture_staff"]))
    assert second.beneficiary == other
    hq = world.people["hq_staff"]
    with pytest.raises(ValidationError, match="all granted"):
        services.decide_applications(by=hq, call=calls["jet_tefl"], awards={first.pk: 15_000, second.pk: 15_000})
    assert Application.objects.filter(status="awarded").count() == 0  # all or nothing
    services.decide_applications(by=hq, call=calls["jet_tefl"], awards={first.pk: 15_000}, rejections=[second.pk])


def test_sea_training_is_for_sea_participants(world, calls, jet):
    claim = _prepare(world, calls["jet_sea"], cost=10_000)
    with pytest.raises(ValidationError, match="positions may claim this subsidy: SEA"):
        _file(world, claim)
    _arrived(world, place(world, jet_number="20260000079", person=world.people["prefecture_staff"], position="sea"))
    sea = _prepare(world, calls["jet_sea"], cost=10_000, by=world.people["prefecture_staff"])
    assert _file(world, sea).status == "submitted"


def test_staff_set_a_schemes_claim_rules_in_its_page(world, schemes, client_for):
    scheme = schemes["jet_tefl"]
    client = client_for("hq_staff")
    page = client.get(reverse("grants:scheme_edit", args=[scheme.pk])).content.decode()
    assert "hours &gt;= 100" in page
    data = {"code": scheme.code, "name": scheme.name, "name_en": scheme.name_en, "applicant_kinds": ["municipality"],
            "claims_for_participants": "on", "rate_percent": "100", "eligible_categories": "受講料",
            "is_active": "on", "claim_answer_at_least": "hours >= 120", "claim_per_year_limit": "80",
            "claim_positions": ["alt", "cir"], "claim_contract_years": ["1", "2"]}
    response = client.post(reverse("grants:scheme_edit", args=[scheme.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    scheme.refresh_from_db()
    assert scheme.claim_rules == {"answer_at_least": {"hours": 120}, "per_year_limit": 80,
                                  "positions": ["alt", "cir"], "contract_years": [1, 2]}
    bad = client.post(reverse("grants:scheme_edit", args=[scheme.pk]), {**data, "claim_answer_at_least": "hours"})
    assert bad.status_code == 400 and "この形ではありません: hours" in bad.content.decode()  # beside the field
    scheme.refresh_from_db()
    assert scheme.claim_rules["answer_at_least"] == {"hours": 120}


def test_counselling_costs_are_half_paid_up_to_30000_yen_a_year_across_claims(world, calls, jet):
    with pytest.raises(ValidationError, match="Rate"):
        _file(world, _prepare(world, calls["jet_counselling"], cost=40_000, requested=20_001))
    first = _prepare(world, calls["jet_counselling"], cost=40_000)
    assert first.requested_amount == 20_000
    _file(world, first)
    second = _prepare(world, calls["jet_counselling"], cost=30_000)  # 15,000 asked: 35,000 in the year
    with pytest.raises(ValidationError, match="at most ¥10,000 more"):
        _file(world, second)
    services.update_application(by=world.people["jet"], application=second, requested_amount=10_000)
    _file(world, second)
    hq = world.people["hq_staff"]
    services.decide_applications(by=hq, call=calls["jet_counselling"], awards={first.pk: 20_000})
    # A claim of the next fiscal year has a cap of its own.
    next_year = CallFactory(scheme=calls["jet_counselling"].scheme, fiscal_year=2027)
    assert _file(world, _prepare(world, next_year, cost=60_000)).requested_amount == 30_000


def test_a_counselling_claim_shows_the_organisation_the_amount_and_the_receipt_only(world, calls, jet, client_for):
    claim = _file(world, _prepare(world, calls["jet_counselling"], cost=12_000))
    page = client_for("municipality_staff").get(claim.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "¥6,000" in html and "領収書.pdf" in html
    fields = {f.name for f in Application._meta.get_fields()}
    assert not {"case", "counselling_case"} & fields  # no link to the case by construction
    assert "/counselling/" not in html


@pytest.mark.parametrize("role,sees", [
    ("jet", True), ("municipality_staff", True), ("hq_staff", True), ("branch_staff", True),
    ("other_municipality_staff", False), ("pa", False), ("counsellor", False), ("former_participant", False),
    ("prefecture_staff", False), ("reviewer", False),
])
def test_who_sees_a_claim(world, calls, jet, client_for, role, sees):
    claim = _prepare(world, calls["jet_counselling"], cost=12_000)
    assert Application.objects.visible_to(world.people[role]).filter(pk=claim.pk).exists() is sees
    assert client_for(role).get(claim.get_absolute_url()).status_code == (200 if sees else 404)  # nor that it exists


def test_only_a_participant_in_the_programme_starts_a_claim_and_only_for_themself(world, calls):
    placed = _participant(world)  # not arrived yet
    for person in ("jet", "municipality_staff", "hq_staff"):
        with pytest.raises(PermissionDenied):
            services.start_claim(by=world.people[person], call=calls["jet_jlpt"])
    assert placed.status == "placed"
    _arrived(world, placed)
    claim = services.start_claim(by=world.people["jet"], call=calls["jet_jlpt"])
    assert claim.beneficiary == placed
    with pytest.raises(PermissionDenied):  # an organisation's staff apply to a claim scheme only through one
        services.start_application(by=world.people["municipality_staff"], call=calls["jet_jlpt"],
                                   applicant=world.chiyoda, title="x")


def test_the_participant_starts_a_claim_from_their_page(world, calls, jet, client_for):
    client = client_for("jet")
    page = client.get(reverse("jet:participant", args=[jet.pk])).content.decode()
    url = reverse("grants:apply", args=[calls["jet_jlpt"].pk])
    assert url in page
    confirm = client.get(url)
    assert confirm.status_code == 200 and "千代田区" in confirm.content.decode()  # filed and paid to
    response = client.post(url)
    claim = Application.objects.get(beneficiary=jet)
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    page = client.get(reverse("jet:participant", args=[jet.pk])).content.decode()
    assert claim.get_absolute_url() in page
    staff_page = client_for("municipality_staff").get(reverse("grants:applications")).content.decode()
    assert claim.get_absolute_url() in staff_page  # the organisation finds it among its applications


def test_a_closed_round_takes_no_claim(world, calls, jet):
    call = calls["jet_jlpt"]
    call.closes_at = timezone.now() - timedelta(days=1)
    call.opens_at = call.closes_at - timedelta(days=30)
    call.save()
    with pytest.raises(ValidationError, match="closed"):
        services.start_claim(by=world.people["jet"], call=call)


def test_the_api_starts_a_participants_claim_and_lists_it_for_them_and_their_organisation(world, calls, jet,
                                                                                          client_for):
    api = "/api/v1/grants"
    response = client_for("jet").post(f"{api}/calls/{calls['jet_counselling'].pk}/applications",
                                      {"title": "ignored"}, content_type="application/json")
    assert response.status_code == 200, response.content
    claim = response.json()
    assert (claim["claimed_for"], claim["applicant"]) == ("SMITH Alex", "千代田区")
    for role in ("jet", "municipality_staff"):
        listed = client_for(role).get(f"{api}/applications").json()
        assert [(a["id"], a["claimed_for"]) for a in listed] == [(claim["id"], "SMITH Alex")]
    assert client_for("other_municipality_staff").get(f"{api}/applications").json() == []
    assert client_for("pa").get(f"{api}/applications/{claim['id']}").status_code == 404
    refused = client_for("municipality_staff").post(f"{api}/calls/{calls['jet_counselling'].pk}/applications",
                                                    {"title": "x", "applicant_id": world.chiyoda.pk},
                                                    content_type="application/json")
    assert refused.status_code == 404  # the organisation applies to a claim scheme only through a claim
    assert Application.objects.count() == 1
