from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from kizuna.core.enums import OrgKind, Role
from kizuna.core.fiscal import current_fiscal_year
from kizuna.plan.kpis import get_query
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

TOKYO = ZoneInfo("Asia/Tokyo")
on_kizuna = get_query("core.local_governments_on_kizuna")
THIS_YEAR = current_fiscal_year()


def _government(code, name, prefecture="tokyo"):
    """A municipality without members (of the world's Tokyo unless `prefecture` is None)."""
    from kizuna.core.models import Organisation

    tokyo = Organisation.objects.get(code="130001")
    return OrganisationFactory(kind=OrgKind.MUNICIPALITY, code=code, name=name,
                               prefecture=tokyo if prefecture else None, parent=tokyo if prefecture else None)


def _member(org, role=Role.STAFF, started=None, ended=None, **person):
    membership = MembershipFactory(organisation=org, role=role, person=UserFactory(**person))
    if started or ended:
        membership.started_at = started or membership.started_at
        membership.ended_at = ended
        membership.save()
    return membership


def test_local_governments_on_kizuna_counts_governments_with_an_active_working_member(world):
    # The world: Chiyoda (staff and an administrator), Minato (staff) and Tokyo (staff) have working members.
    assert on_kizuna(year=THIS_YEAR, quarter=None, organisation_id=None) == 3


def test_local_governments_on_kizuna_ignores_jet_participants_ended_memberships_and_other_kinds(world):
    shinjuku = _government("131041", "新宿区")
    _member(shinjuku, role=Role.JET)
    _member(shinjuku, started=timezone.now() - timedelta(days=10), ended=timezone.now() - timedelta(days=1))
    _member(shinjuku, is_active=False)
    _member(world.hq)
    assert on_kizuna(year=THIS_YEAR, quarter=None, organisation_id=None) == 3


def test_local_governments_on_kizuna_counts_a_new_government(world):
    _member(_government("131041", "新宿区"))
    assert on_kizuna(year=THIS_YEAR, quarter=None, organisation_id=None) == 4


def test_local_governments_on_kizuna_counts_at_the_end_of_each_quarter(world):
    _member(world.tokyo, started=datetime(2025, 5, 1, tzinfo=TOKYO))
    _member(
        world.minato, started=datetime(2025, 11, 1, tzinfo=TOKYO), ended=datetime(2026, 2, 1, tzinfo=TOKYO)
    )
    counts = [on_kizuna(year=2025, quarter=q, organisation_id=None) for q in (1, 2, 3, 4, None)]
    assert counts == [1, 1, 2, 1, 1]


def test_local_governments_on_kizuna_for_a_branch_counts_its_prefecture(world):
    _member(_government("271004", "大阪市", prefecture=None))  # outside Tokyo: not the Tokyo branch's
    assert (on_kizuna(year=THIS_YEAR, quarter=None, organisation_id=world.tokyo_branch.pk),
            on_kizuna(year=THIS_YEAR, quarter=None, organisation_id=None)) == (3, 4)


def test_local_governments_on_kizuna_is_not_broken_down_for_an_overseas_office(world):
    assert on_kizuna(year=THIS_YEAR, quarter=None, organisation_id=world.nyc.pk) is None


def test_local_governments_on_kizuna_has_no_figure_for_a_year_not_begun(world):
    assert on_kizuna(year=2099, quarter=None, organisation_id=None) is None
