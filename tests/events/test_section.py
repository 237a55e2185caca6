"""The organisation page shows the event registrations of its people and its joint-booth applications, to those
who may see them, in a flat number of queries."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kizuna.events import services
from kizuna.events.models import Booth
from kizuna.events.services import booths

from .factories import EventFactory


def _page(world, role):
    return world.client_for(role).get(f"/organisations/{world.chiyoda.pk}/").content.decode()


def test_section_lists_registrations_and_booth_applications(world):
    seminar = EventFactory(organiser=world.hq, title="経済セミナー")
    services.register(by=world.people["municipality_staff"], event=seminar)
    fair = EventFactory(organiser=world.nyc, kind="trade_fair")
    booth = Booth.objects.create(event=fair, name="NY共同ブース", slots=2,
                                 applications_close=timezone.now() + timedelta(days=3))
    booths.apply_for_booth(by=world.people["municipality_staff"], booth=booth, organisation=world.chiyoda,
                           exhibits="和菓子")
    staff, hq, anonymous = (_page(world, r) for r in ("municipality_staff", "hq_staff", "anonymous"))
    assert ("経済セミナー" in staff, "NY共同ブース" in staff) == (True, True)
    assert ("経済セミナー" in hq, "NY共同ブース" in hq) == (True, True)
    assert ("経済セミナー" in anonymous, "NY共同ブース" in anonymous) == (False, False)


def test_section_hides_a_colleague_own_registration_from_other_members(world):
    services.register(by=world.people["jet"], event=EventFactory(organiser=world.hq, title="JET研修"))
    assert "JET研修" not in _page(world, "municipality_admin")


def test_section_query_count_is_flat(world):
    client = world.client_for("hq_staff")
    counts = []
    for n in (1, 3):
        for _ in range(n):
            services.register(by=world.people["municipality_staff"], event=EventFactory(organiser=world.hq))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/organisations/{world.chiyoda.pk}/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
