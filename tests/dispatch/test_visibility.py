"""Who sees a dispatch: the host's working members, the expert named on it and CLAIR staff — in the lists and on
its page alike. Having filed a dispatch gives nothing once the person has left the host."""

from django.urls import reverse
from django.utils import timezone

from kizuna.core.models import Membership
from kizuna.core.rules import forget_memberships
from kizuna.dispatch import queries
from kizuna.dispatch.models import Dispatch
from tests.factories import arrange_update


def _leave(world, role):
    arrange_update(Membership.objects.filter(person=world.people[role]), ended_at=timezone.now())
    forget_memberships(world.people[role])  # read once per request; this test's person object read them before


def test_former_member_who_filed_a_dispatch_neither_lists_nor_opens_it(world, requested):
    _leave(world, "municipality_staff")
    client = world.client_for("municipality_staff")
    assert (
        list(Dispatch.objects.visible_to(world.people["municipality_staff"])),
        client.get("/api/v1/dispatch/mine").json(),
        client.get(requested.get_absolute_url()).status_code,
        client.get(reverse("core:organisation", args=[world.chiyoda.pk])).context["sections"],
    ) == ([], [], 404, [])


def test_former_member_of_the_world_sees_nothing_of_chiyodas_dispatch(world, requested):
    client = world.client_for("former_member")
    assert (queries.own_dispatches(world.people["former_member"]).count(),
            client.get(requested.get_absolute_url()).status_code) == (0, 404)


def test_expert_named_on_a_dispatch_lists_and_opens_it(world, offered):
    client = world.client_for("expert")
    assert ([d.pk for d in queries.own_dispatches(world.people["expert"])],
            client.get(offered.get_absolute_url()).status_code) == ([offered.pk], 200)


def test_another_municipalitys_staff_neither_list_nor_open_it(world, requested):
    client = world.client_for("other_municipality_staff")
    assert (client.get("/api/v1/dispatch/mine").json(), client.get(requested.get_absolute_url()).status_code) == (
        [], 404)


def test_office_staff_list_the_dispatch_they_filed_for_a_foreign_government(world):
    from tests.factories import OrganisationFactory

    from .conftest import ask

    foreign = OrganisationFactory(kind="foreign_gov", name="Springfield", name_en="Springfield")
    dispatch = ask(world, programme="cooperation", by="office_staff", host=foreign)
    assert [d.pk for d in queries.own_dispatches(world.people["office_staff"])] == [dispatch.pk]
