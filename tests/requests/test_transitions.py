"""Each transition: allowed for the right person, denied for another (and refused in a wrong state)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kizuna.core.workflow import TransitionError
from kizuna.requests import services
from kizuna.requests.enums import Status
from kizuna.requests.models import Pause

from .conftest import to_office


def test_endorse_by_branch_staff_sends_to_headquarters(world, research):
    assert services.endorse_request(by=world.people["branch_staff"], request=research).status == Status.AWAITING_HQ


def test_endorse_by_office_staff_is_denied(world, research):
    with pytest.raises(PermissionDenied):
        services.endorse_request(by=world.people["office_staff"], request=research)


def test_endorse_visit_is_refused_in_wrong_state(world, visit):
    with pytest.raises(TransitionError):
        services.endorse_request(by=world.people["superuser"], request=visit)


def test_accept_by_hq_assigns_office_and_starts_clock(world, research):
    research = services.endorse_request(by=world.people["branch_staff"], request=research)
    accepted = services.accept_request(by=world.people["hq_staff"], request=research, office=world.nyc,
                                       assignee=world.people["office_staff"])
    assert (accepted.status, accepted.office, accepted.assignee) == (Status.OPEN, world.nyc,
                                                                     world.people["office_staff"])
    assert accepted.routed_at is not None


def test_accept_by_branch_staff_is_denied(world, research):
    research = services.endorse_request(by=world.people["branch_staff"], request=research)
    with pytest.raises(PermissionDenied):
        services.accept_request(by=world.people["branch_staff"], request=research, office=world.nyc)


def test_accept_without_an_overseas_office_is_refused_and_nothing_saved(world, research):
    research = services.endorse_request(by=world.people["branch_staff"], request=research)
    with pytest.raises(ValidationError) as caught:
        services.accept_request(by=world.people["hq_staff"], request=research, office=world.hq)
    assert caught.value.code == "no_office"
    research.refresh_from_db()
    assert (research.status, research.office) == (Status.AWAITING_HQ, None)


def test_accept_assignee_from_elsewhere_is_refused(world, research):
    research = services.endorse_request(by=world.people["branch_staff"], request=research)
    with pytest.raises(ValidationError) as caught:
        services.accept_request(by=world.people["hq_staff"], request=research, office=world.nyc,
                                assignee=world.people["branch_staff"])
    assert caught.value.code == "bad_assignee"


def test_decline_by_branch_with_reason(world, research):
    declined = services.decline_request(by=world.people["branch_staff"], request=research, reason="対象外")
    assert (declined.status, declined.reason) == (Status.DECLINED, "対象外")


def test_decline_without_reason_is_refused(world, research):
    with pytest.raises(ValidationError) as caught:
        services.decline_request(by=world.people["branch_staff"], request=research, reason="  ")
    assert caught.value.code == "no_reason"


def test_decline_by_requester_is_denied(world, research):
    with pytest.raises(PermissionDenied):
        services.decline_request(by=world.people["municipality_staff"], request=research, reason="x")


def test_wait_by_office_stops_the_clock(world, visit):
    waiting = services.wait_for_requester(by=world.people["office_staff"], request=visit, question="人数は？")
    assert waiting.status == Status.WAITING
    assert Pause.objects.get(request=visit).ended_at is None
    assert waiting.first_response_at is not None


def test_wait_by_branch_staff_is_denied(world, visit):
    with pytest.raises(PermissionDenied):
        services.wait_for_requester(by=world.people["branch_staff"], request=visit, question="?")


def test_resume_by_office_ends_the_pause(world, visit):
    services.wait_for_requester(by=world.people["office_staff"], request=visit, question="人数は？")
    resumed = services.resume_request(by=world.people["office_staff"], request=visit)
    assert resumed.status == Status.OPEN
    assert Pause.objects.get(request=visit).ended_at is not None


def test_resume_by_another_municipality_is_denied(world, visit):
    from tests.factories import MembershipFactory, UserFactory

    services.wait_for_requester(by=world.people["office_staff"], request=visit, question="?")
    outsider = UserFactory()
    MembershipFactory(person=outsider, organisation=world.minato, role="staff")
    with pytest.raises(PermissionDenied):
        services.resume_request(by=outsider, request=visit)


def test_resume_when_open_is_refused(world, visit):
    with pytest.raises(TransitionError):
        services.resume_request(by=world.people["office_staff"], request=visit)


def test_hand_over_to_another_office_by_hq(world, visit):
    from tests.factories import OrganisationFactory

    london = OrganisationFactory(kind="office", slug="lon", name="ロンドン", timezone="Europe/London")
    moved = services.hand_over_request(by=world.people["hq_staff"], request=visit, office=london)
    assert (moved.status, moved.office) == (Status.OPEN, london)


def test_hand_over_to_a_colleague_by_office_staff(world, visit):
    moved = services.hand_over_request(by=world.people["office_staff"], request=visit,
                                       assignee=world.people["office_staff"])
    assert moved.assignee == world.people["office_staff"]


def test_hand_over_by_requester_is_denied(world, visit):
    with pytest.raises(PermissionDenied):
        services.hand_over_request(by=world.people["municipality_staff"], request=visit, office=world.nyc)


def test_answer_by_office_records_the_deliverable(world, visit):
    answered = services.answer_request(by=world.people["office_staff"], request=visit, deliverable="手配済み")
    assert (answered.status, answered.deliverable) == (Status.ANSWERED, "手配済み")
    assert answered.answered_at == answered.first_response_at


def test_answer_empty_is_refused(world, visit):
    with pytest.raises(ValidationError) as caught:
        services.answer_request(by=world.people["office_staff"], request=visit, deliverable=" ")
    assert caught.value.code == "no_deliverable"


def test_answer_by_hq_is_denied(world, visit):
    with pytest.raises(PermissionDenied):
        services.answer_request(by=world.people["hq_staff"], request=visit, deliverable="x")


def test_rate_by_requester_closes(world, answered):
    closed = services.rate_request(by=world.people["municipality_admin"], request=answered, rating=4)
    assert (closed.status, closed.rating) == (Status.CLOSED, 4)


def test_rate_out_of_range_is_refused(world, answered):
    with pytest.raises(ValidationError) as caught:
        services.rate_request(by=world.people["municipality_staff"], request=answered, rating=6)
    assert caught.value.code == "bad_rating"


def test_rate_by_office_staff_is_denied(world, answered):
    with pytest.raises(PermissionDenied):
        services.rate_request(by=world.people["office_staff"], request=answered, rating=5)


def test_withdraw_by_requester(world, visit):
    assert services.withdraw_request(by=world.people["municipality_staff"],
                                     request=visit).status == Status.WITHDRAWN


def test_withdraw_by_office_staff_is_denied(world, visit):
    with pytest.raises(PermissionDenied):
        services.withdraw_request(by=world.people["office_staff"], request=visit)


def test_withdraw_answered_is_refused(world, answered):
    with pytest.raises(TransitionError):
        services.withdraw_request(by=world.people["municipality_staff"], request=answered)


def test_transition_writes_one_audit_entry(world, research):
    from kizuna.core.workflow import history

    to_office(world, research)
    assert [e.additional_data["transition"] for e in history(research)] == ["endorse", "accept"]
