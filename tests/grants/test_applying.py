from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kizuna.grants import services
from kizuna.grants.enums import Status
from kizuna.grants.models import ApplicationRound
from tests.factories import OrganisationFactory

from .factories import CostLineFactory, QuestionFactory


def _messages(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def test_start_application_by_eligible_staff_creates_a_draft(world, call):
    app = services.start_application(by=world.people["municipality_staff"], call=call, applicant=world.chiyoda,
                                     title="やさしい日本語")
    assert (app.status, app.applicant, app.person) == (Status.DRAFT, world.chiyoda, None)


def test_start_application_refused_to_clair_staff(world, call):
    with pytest.raises(PermissionDenied):
        services.start_application(by=world.people["hq_staff"], call=call, applicant=world.hq, title="x")


def test_start_application_for_another_organisation_is_refused(world, call):
    with pytest.raises(PermissionDenied):
        services.start_application(by=world.people["municipality_staff"], call=call, applicant=world.minato,
                                   title="x")


def test_start_application_after_closing_is_refused(world, call):
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.save()
    with pytest.raises(ValidationError) as excinfo:
        services.start_application(by=world.people["municipality_staff"], call=call, applicant=world.chiyoda,
                                   title="x")
    assert excinfo.value.code == "closed"


def test_update_application_by_a_colleague_of_the_same_organisation(world, draft):
    updated = services.update_application(by=world.people["municipality_admin"], application=draft,
                                          title="共同編集")
    assert updated.title == "共同編集"


def test_update_application_by_another_organisation_is_refused(world, draft):
    with pytest.raises(PermissionDenied):
        services.update_application(by=world.people["association_staff"], application=draft, title="x")


def test_add_cost_line_negative_amount_is_refused(world, draft):
    with pytest.raises(ValidationError) as excinfo:
        services.add_cost_line(by=world.people["municipality_staff"], application=draft, category="謝金",
                               description="x", amount=-1)
    assert excinfo.value.code == "negative"
    assert draft.lines.count() == 1


def test_submit_application_allowed_locks_it_and_keeps_the_round(world, draft):
    app = services.submit_application(by=world.people["municipality_staff"], application=draft)
    rounds = list(ApplicationRound.objects.filter(application=app).values_list("number", flat=True))
    assert (app.status, app.round_number, rounds) == (Status.SUBMITTED, 1, [1])
    with pytest.raises(ValidationError) as excinfo:
        services.add_cost_line(by=world.people["municipality_staff"], application=app, category="謝金",
                               description="x", amount=1)
    assert excinfo.value.code == "locked"


def test_submit_application_denied_to_another_organisation(world, draft):
    with pytest.raises(PermissionDenied):
        services.submit_application(by=world.people["association_staff"], application=draft)


def test_submit_application_after_closing_names_the_jst_time(world, draft):
    call = draft.call
    call.opens_at = datetime(2025, 7, 14, 0, 0, tzinfo=UTC)
    call.closes_at = datetime(2025, 9, 30, 8, 0, tzinfo=UTC)  # 17:00 JST
    call.save()
    with pytest.raises(ValidationError) as excinfo:
        services.submit_application(by=world.people["municipality_staff"], application=draft)
    assert "2025年9月30日17:00" in _messages(excinfo)  # the locale's style, in JST
    draft.refresh_from_db()
    assert (draft.status, draft.round_number) == (Status.DRAFT, 0)


def test_submit_application_over_the_rate_names_the_rule(world, draft):
    scheme = draft.call.scheme
    scheme.rate_percent = 50
    scheme.save()
    with pytest.raises(ValidationError) as excinfo:
        services.submit_application(by=world.people["municipality_staff"], application=draft)
    assert "Rate" in _messages(excinfo) or "補助率" in _messages(excinfo)
    assert "¥500,000" in _messages(excinfo)


def test_submit_application_over_the_ceiling_names_the_ceiling(world, draft):
    CostLineFactory(application=draft, amount=3_000_000)
    draft.requested_amount = 3_500_000
    draft.save()
    with pytest.raises(ValidationError) as excinfo:
        services.submit_application(by=world.people["municipality_staff"], application=draft)
    assert "¥3,000,000" in _messages(excinfo)


def test_joint_application_uses_the_joint_ceiling(world, draft):
    npo = OrganisationFactory(kind="ngo", name="NPO法人たぶんか")
    CostLineFactory(application=draft, amount=3_000_000)
    services.update_application(by=world.people["municipality_staff"], application=draft,
                                requested_amount=3_500_000, partners=[npo])
    app = services.submit_application(by=world.people["municipality_staff"], application=draft)
    assert app.status == Status.SUBMITTED


def test_partner_of_a_kind_not_allowed_is_refused(world, draft):
    with pytest.raises(ValidationError):
        services.update_application(by=world.people["municipality_staff"], application=draft,
                                    partners=[world.hq])


def test_submit_application_below_the_floor_is_refused(world, draft):
    draft.requested_amount = 100_000
    draft.save()
    with pytest.raises(ValidationError) as excinfo:
        services.submit_application(by=world.people["municipality_staff"], application=draft)
    assert "¥500,000" in _messages(excinfo)


def test_excluded_category_cannot_be_eligible(world, draft):
    scheme = draft.call.scheme
    scheme.excluded_categories = ["食糧費"]
    scheme.save()
    CostLineFactory(application=draft, category="食糧費", amount=10_000)
    with pytest.raises(ValidationError) as excinfo:
        services.submit_application(by=world.people["municipality_staff"], application=draft)
    assert "食糧費" in _messages(excinfo)


def test_missing_required_answer_is_refused_and_hidden_question_is_not_required(world, draft):
    QuestionFactory(call=draft.call, key="scope", label="実施場所", kind="choice", choices=["overseas", "domestic"],
                    required=True)
    QuestionFactory(call=draft.call, key="country", label="相手国", required=True, show_if_key="scope",
                    show_if_value="overseas")
    with pytest.raises(ValidationError) as excinfo:
        services.submit_application(by=world.people["municipality_staff"], application=draft)
    assert "実施場所" in _messages(excinfo) and "相手国" not in _messages(excinfo)
    services.update_application(by=world.people["municipality_staff"], application=draft,
                                answers={"scope": "domestic"})
    assert services.submit_application(by=world.people["municipality_staff"], application=draft).status == "submitted"


def test_return_application_allowed_keeps_every_round(world, submitted):
    staff = world.people["municipality_staff"]
    returned = services.return_application(by=world.people["hq_staff"], application=submitted,
                                           comment="見積書を添付してください")
    assert returned.status == Status.RETURNED
    services.update_application(by=staff, application=returned, summary="見積書あり")
    again = services.submit_application(by=staff, application=returned)
    rounds = list(again.rounds.values_list("number", "comment"))
    assert (again.round_number, rounds) == (2, [(1, "見積書を添付してください"), (2, "")])


def test_return_application_denied_to_branch_staff(world, submitted):
    with pytest.raises(PermissionDenied):
        services.return_application(by=world.people["branch_staff"], application=submitted, comment="x")


def test_withdraw_application_allowed(world, draft):
    assert services.withdraw_application(by=world.people["municipality_staff"], application=draft).status == \
        Status.WITHDRAWN


def test_withdraw_application_denied_to_hq(world, draft):
    with pytest.raises(PermissionDenied):
        services.withdraw_application(by=world.people["hq_staff"], application=draft)


def test_a_person_applies_when_the_scheme_takes_individual_claims(world, scheme):
    from .factories import CallFactory

    scheme.persons_may_apply = True
    scheme.save()
    call = CallFactory(scheme=scheme)
    app = services.start_application(by=world.people["jet"], call=call, title="JLPT受験料")
    assert (app.person, app.applicant) == (world.people["jet"], None)
    assert services.update_application(by=world.people["jet"], application=app, title="JLPT N2").title == "JLPT N2"
