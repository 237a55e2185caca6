"""The plan's `signage.sheets.created` is live: every sign, pointing board and registration card made as a PDF
(pages and API) and every sign of a finished shelter pack is recorded, for the maker's organisation; refused
requests make nothing. The records are CLAIR's to see."""

from django.urls import reverse

from kizuna.core.fiscal import current_fiscal_year
from kizuna.plan.kpis import get_query
from kizuna.signage import services
from kizuna.signage.models import SheetMade

API = "/api/v1/signage"


def _made(world, organisation=None):
    return get_query("signage.sheets.created")(year=current_fiscal_year(), quarter=None,
                                               organisation_id=organisation.pk if organisation else None)


def test_each_pdf_made_counts_for_the_makers_organisation(world, bank):
    toilet = bank["toilet"]
    anonymous = world.client_for("anonymous").get(reverse("signage:sign_pdf"),
                                                  {"m": toilet.pk, "lang": ["ja", "en"]})
    staff = world.client_for("municipality_staff")
    card = staff.get(reverse("signage:card"), {"lang": ["ja", "en"], "format": "pdf"})
    api = staff.get(f"{API}/messages/{toilet.pk}/sign.pdf", {"lang": ["ja", "th"]})
    assert (anonymous.status_code, card["Content-Type"], api.status_code) == (200, "application/pdf", 200)
    assert sorted(SheetMade.objects.values_list("kind", "organisation"), key=str) == sorted([
        ("card", world.chiyoda.pk), ("sign", None), ("sign", world.chiyoda.pk)], key=str)
    assert (_made(world), _made(world, world.tokyo_branch), _made(world, world.hq)) == (3, 2, 3)
    assert _made(world, world.nyc) is None  # an overseas office serves no local government here


def test_a_refused_sign_makes_nothing(world, bank):
    response = world.client_for("anonymous").get(reverse("signage:sign_pdf"), {"m": bank["toilet"].pk,
                                                                              "lang": ["xx"]})
    assert response.status_code == 400 and not SheetMade.objects.exists()
    page = world.client_for("anonymous").get(reverse("signage:card"))
    assert page.status_code == 200 and not SheetMade.objects.exists()  # the page itself prints nothing


def test_a_finished_pack_counts_its_signs(world, bank, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pack = services.request_pack(by=world.people["municipality_staff"], organisation=world.chiyoda,
                                 languages=["ja", "en"], size="A4", orientation="portrait")
    pack = services.make_pack(pack)
    record = SheetMade.objects.get()
    assert (record.kind, record.sheets, record.organisation) == ("pack", pack.done, world.chiyoda)
    assert _made(world) == pack.done > 0


def test_the_records_are_clairs_to_see_in_the_kpis_drill_down(world, bank):
    from kizuna.plan.models import KPI
    from tests.plan.factories import KPIFactory

    world.client_for("anonymous").get(reverse("signage:sign_pdf"), {"m": bank["toilet"].pk, "lang": ["ja"]})
    kpi = KPIFactory(source="query", query_key="signage.sheets.created")
    assert KPI.objects.get(pk=kpi.pk).query_key == "signage.sheets.created"
    public = world.client_for("anonymous").get(f"/plan/kpis/{kpi.pk}/records/")
    assert (public.context["found"].counted, public.context["page"].paginator.count) == (1, 0)
    staff = world.client_for("hq_staff").get(f"/plan/kpis/{kpi.pk}/records/")
    assert staff.context["page"].paginator.count == 1
