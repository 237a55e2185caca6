"""Lead capture at a joint booth: a selected co-exhibitor's staff scan visitors' codes on a phone page (or the
API), one lead per visitor, a clear answer for every code, their own leads only, a CSV to follow up, and the
report after the fair starting from the count."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kizuna.events import services
from kizuna.events.models import Booth, Exhibitor, Lead
from kizuna.events.services import booths, leads
from tests.factories import UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair(world):
    """New York's food fair: Chiyoda selected for the joint booth, two visitors registered (one confirmed)."""
    event = EventFactory(organiser=world.nyc, kind="trade_fair", capacity=1, title="食品展",
                         starts_at=timezone.now() + timedelta(days=20))
    booth = booths.save_booth(by=world.people["hq_staff"], event=event, name="共同ブース", slots=2,
                              applications_close=timezone.now() + timedelta(days=5))
    chiyoda = booths.apply_for_booth(by=world.people["municipality_staff"], booth=booth,
                                     organisation=world.chiyoda, exhibits="和菓子")
    booths.select_exhibitor(by=world.people["hq_staff"], exhibitor=chiyoda)
    buyer, late = UserFactory(full_name="Buyer One"), UserFactory(full_name="Late Comer")
    confirmed = services.register(by=buyer, event=event)
    waiting = services.register(by=late, event=event)
    return {"event": event, "booth": booth, "chiyoda": Exhibitor.objects.get(pk=chiyoda.pk),
            "confirmed": confirmed, "waiting": waiting}


def test_every_code_gets_one_clear_answer_and_one_lead_per_visitor(world, fair):
    staff, chiyoda = world.people["municipality_staff"], fair["chiyoda"]
    code = fair["confirmed"].code
    first = leads.capture_lead(by=staff, exhibitor=chiyoda, code=f" {code.lower()} ", interest="high",
                               note="羊羹に関心")
    again = leads.capture_lead(by=world.people["municipality_admin"], exhibitor=chiyoda, code=code,
                               interest="low", note="価格表を送る")
    unknown = leads.capture_lead(by=staff, exhibitor=chiyoda, code="ZZZZ")
    waiting = leads.capture_lead(by=staff, exhibitor=chiyoda, code=fair["waiting"].code)
    assert [c.outcome for c in (first, again, unknown, waiting)] == ["captured", "updated", "unknown",
                                                                      "not_confirmed"]
    lead = Lead.objects.get()
    assert (lead.interest, lead.note, lead.scanned_by) == ("low", "羊羹に関心\n価格表を送る", staff)


def test_a_code_of_another_event_is_unknown_here(world, fair):
    other = EventFactory(organiser=world.hq)
    registration = services.register(by=world.people["jet"], event=other)
    found = leads.capture_lead(by=world.people["municipality_staff"], exhibitor=fair["chiyoda"],
                               code=registration.code)
    assert (found.outcome, Lead.objects.count()) == ("unknown", 0)


def test_the_phone_page_scans_and_lists_and_the_csv_follows_up(world, fair):
    chiyoda, client = fair["chiyoda"], world.client_for("municipality_staff")
    page = client.get(f"/events/exhibitors/{chiyoda.pk}/leads/").content.decode()
    assert 'id="lead-form"' in page and 'id="scanner"' in page
    done = client.post(f"/events/exhibitors/{chiyoda.pk}/leads/", {"code": fair["confirmed"].code,
                                                                   "interest": "high", "note": "商談希望"})
    body = done.content.decode()
    assert 'data-outcome="captured"' in body and "Buyer One" in body
    refused = client.post(f"/events/exhibitors/{chiyoda.pk}/leads/", {"code": "", "interest": "high"})
    assert refused.status_code == 400 and 'class="field-error"' in refused.content.decode()
    csv = b"".join(client.get(f"/events/exhibitors/{chiyoda.pk}/leads.csv").streaming_content).decode("utf-8-sig")
    assert "Buyer One" in csv and "商談希望" in csv and fair["confirmed"].person.email in csv
    exhibitor_page = client.get(chiyoda.get_absolute_url()).content.decode()
    assert 'id="id_leads" value="1"' in exhibitor_page  # the report starts from the count


def test_leads_are_the_co_exhibitors_own(world, fair):
    other = Exhibitor.objects.create(booth=Booth.objects.create(
        event=fair["event"], name="別ブース", slots=1, slots_taken=1,
        applications_close=fair["booth"].applications_close), organisation=world.minato, exhibits="x",
        status="selected", created_by=world.people["hq_staff"])
    leads.capture_lead(by=world.people["municipality_staff"], exhibitor=fair["chiyoda"], code=fair["confirmed"].code)
    for role in ("other_municipality_staff", "office_staff", "prefecture_staff"):
        client = world.client_for(role)
        assert client.get(f"/events/exhibitors/{fair['chiyoda'].pk}/leads/").status_code in (403, 404)
        assert client.get(f"/events/exhibitors/{fair['chiyoda'].pk}/leads.csv").status_code in (403, 404)
    assert Lead.objects.visible_to(world.people["other_municipality_staff"]).count() == 0
    assert other.captured_leads.count() == 0


def test_scanning_stops_once_the_report_is_in(world, fair):
    chiyoda = fair["chiyoda"]
    booths.report_fair(by=world.people["municipality_staff"], exhibitor=chiyoda, visitors=10, leads=0, deals=0,
                       report="")
    client = world.client_for("municipality_staff")
    assert client.get(f"/events/exhibitors/{chiyoda.pk}/leads/").status_code == 200  # the list stays
    assert client.post(f"/events/exhibitors/{chiyoda.pk}/leads/", {"code": fair["confirmed"].code,
                                                                   "interest": "high"}).status_code == 403
    assert Lead.objects.count() == 0


def test_the_api_scans_and_lists(world, fair):
    client = world.client_for("municipality_staff")
    url = f"/api/v1/events/exhibitors/{fair['chiyoda'].pk}/leads"
    scanned = client.post(url, {"code": fair["confirmed"].code, "interest": "high"}, content_type="application/json")
    bad = client.post(url, {"code": fair["confirmed"].code, "interest": "hot"}, content_type="application/json")
    assert (scanned.json()["outcome"], bad.status_code) == ("captured", 422)
    rows = client.get(url).json()["items"]
    assert [(r["name"], r["interest"]) for r in rows] == [("Buyer One", "high")]
