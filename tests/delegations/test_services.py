from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kizuna.core.workflow import TransitionError
from kizuna.delegations import services
from kizuna.delegations.models import Delegation, Member
from tests.delegations.conftest import chinese, korean, programme

pytestmark = pytest.mark.django_db


def test_an_office_registers_a_delegation_it_handles_and_its_writes_are_audited(world, delegation):
    assert delegation.handled_by == world.nyc and delegation.status == "invited"
    assert delegation.members.count() == 2 and delegation.visits.count() == 1
    actions = set(LogEntry.objects.values_list("additional_data__action", flat=True))
    assert {"delegations.programme.create", "delegations.delegation.register", "delegations.member.add",
            "delegations.visit.add"} <= actions


def test_an_office_cannot_register_for_another_office(world):
    prog = programme(world)
    with pytest.raises(ValidationError) as error:
        services.register_delegation(by=world.people["office_staff"], programme=prog, handled_by=world.hq,
                                     name="x", name_en="x", country="CN", government=None, notes="")
    assert "handled_by" in error.value.message_dict


def test_local_government_staff_cannot_register(world):
    with pytest.raises(PermissionDenied):
        services.register_delegation(by=world.people["municipality_staff"], programme=programme(world),
                                     handled_by=world.nyc, name="x", name_en="x", country="CN", government=None,
                                     notes="")


def test_bad_delegation_input_is_refused_field_by_field(world):
    with pytest.raises(ValidationError) as error:
        services.register_delegation(by=world.people["hq_staff"], programme=programme(world), handled_by=world.hq,
                                     name="", name_en="", country="XX", government=world.nyc, notes="")
    assert {"name", "name_en", "country", "government"} <= set(error.value.message_dict)
    assert not Delegation.objects.exists()


def test_states_go_through_the_table(world, delegation):
    staff = world.people["office_staff"]
    with pytest.raises(TransitionError):
        services.record_arrival(by=staff, delegation=delegation)
    delegation = services.confirm_delegation(by=staff, delegation=delegation)
    delegation = services.record_arrival(by=staff, delegation=delegation)
    delegation = services.record_departure(by=staff, delegation=delegation)
    assert delegation.status == "departed"
    entries = LogEntry.objects.get_for_object(delegation).filter(additional_data__has_key="transition")
    assert [e.additional_data["transition"] for e in entries.order_by("timestamp")] == ["confirm", "arrive", "depart"]
    with pytest.raises(ValidationError):  # closed: no more members
        services.add_member(by=staff, delegation=delegation, name="李", name_latin="LI")


def test_confirming_needs_a_head(world):
    staff = world.people["hq_staff"]
    d = services.register_delegation(by=staff, programme=programme(world), handled_by=world.hq, name="Délégation",
                                     name_en="French delegation", country="FR", government=None, notes="")
    with pytest.raises(ValidationError) as error:
        services.confirm_delegation(by=staff, delegation=d)
    assert error.value.code == "no_head" and "団長" in error.value.messages[0]
    d.refresh_from_db()
    assert d.status == "invited"


def test_cancelling_needs_a_reason(world, delegation):
    with pytest.raises(ValidationError):
        services.cancel_delegation(by=world.people["office_staff"], delegation=delegation, reason="  ")
    d = services.cancel_delegation(by=world.people["office_staff"], delegation=delegation, reason="渡航中止")
    assert d.status == "cancelled" and d.cancel_reason == "渡航中止"


def test_only_the_handlers_manage(world, delegation):
    for role in ("branch_staff", "municipality_staff"):
        with pytest.raises(PermissionDenied):
            services.confirm_delegation(by=world.people[role], delegation=delegation)
    services.confirm_delegation(by=world.people["hq_staff"], delegation=delegation)


@pytest.mark.parametrize(("fields", "field"), [
    ({"name_latin": "王伟"}, "name_latin"),
    ({"name": "  "}, "name"),
    ({"role": "head"}, "role"),  # a second head
    ({"arrival_at": timezone.now(), "departure_at": timezone.now() - timedelta(days=1)}, "departure_at"),
    ({"arrival_flight": "CA927"}, "arrival_at"),
    ({"room": "12"}, "hotel"),
])
def test_bad_member_input_is_refused(world, delegation, fields, field):
    values = {"name": "李明", "name_latin": "LI Ming", **fields}
    before = Member.objects.count()
    with pytest.raises(ValidationError) as error:
        services.add_member(by=world.people["office_staff"], delegation=delegation, **values)
    assert field in error.value.message_dict
    assert Member.objects.count() == before


def test_latin_names_accept_accents():
    assert services.is_latin("NGUYỄN Văn An") and services.is_latin("O'Brien-Dupont, Jr.")
    assert not services.is_latin("김민수") and not services.is_latin("WANG 伟")


def test_needs_are_masked_in_the_history(world, delegation):
    head = delegation.members.get(role="head")
    entry = LogEntry.objects.get_for_object(head).order_by("timestamp").first()
    assert "素食" not in str(entry.changes)


def test_visits_take_members_of_the_delegation_only(world, delegation):
    other = korean(world).members.first()
    with pytest.raises(ValidationError) as error:
        services.add_visit(by=world.people["office_staff"], delegation=delegation, members=[other],
                           host=world.chiyoda, starts_at=timezone.now(), ends_at=None, place="x", purpose="y")
    assert "members" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.add_visit(by=world.people["office_staff"], delegation=delegation, host=world.nyc,
                           starts_at=timezone.now(), ends_at=timezone.now() - timedelta(hours=1), place="", purpose="")
    assert {"host", "ends_at", "place", "purpose"} <= set(error.value.message_dict)


def test_removing_a_member_takes_them_off_visits(world, delegation):
    head = delegation.members.get(role="head")
    visit = delegation.visits.get()
    services.edit_visit(by=world.people["office_staff"], visit=visit, members=[head])
    assert list(visit.members.all()) == [head]
    services.remove_member(by=world.people["office_staff"], member=head)
    assert visit.members.count() == 0


def test_a_programme_per_event(world):
    prog = programme(world)
    with pytest.raises(ValidationError):
        services.create_programme(by=world.people["hq_staff"], event=prog.event, kind="trilateral", co_host=None,
                                  notes="")
    with pytest.raises(PermissionDenied):
        services.create_programme(by=world.people["office_staff"], event=prog.event, kind="trilateral",
                                  co_host=None, notes="")


def test_the_chinese_fixture_reaches_every_state(world):
    assert chinese(world, "departed").status == "departed"
