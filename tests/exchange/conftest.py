"""Arrangements of the registry's tests, all written through the services: Chiyoda's affiliation with Saint Paul
(counted) and Minato's with Busan (not counted: no assembly approval), proposals of Chiyoda in each state, and
Chiyoda's "looking for a partner" entry."""

from datetime import date

import pytest

from kizuna.exchange import services
from kizuna.exchange.models import Affiliation, PartnerWanted, Proposal

FIELDS = ["education", "culture"]


def partner(w, country="US", name="Saint Paul", **extra):
    return services.partner_for(by=w.people["hq_staff"], country=country, name=name,
                                name_en=extra.pop("name_en", name), region=extra.pop("region", ""), **extra)


def affiliation(w, government=None, country="US", name="Saint Paul", signed_on=date(1990, 4, 1), **values):
    government = government or w.chiyoda
    found = Affiliation.objects.filter(local_government=government, partner__name=name).first()
    if found is not None:
        return found
    values.setdefault("exchange_fields", FIELDS)
    return services.record_affiliation(by=w.people["hq_staff"], local_government=government,
                                       partner=partner(w, country, name, latitude=44.95, longitude=-93.09),
                                       signed_on=signed_on, **values)


def with_agreement(w):
    """Chiyoda's affiliation with Leeds, whose signed agreement (a PDF) is on file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return affiliation(w, country="GB", name="Leeds", signed_on=date(1994, 6, 1),
                       document=SimpleUploadedFile("agreement.pdf", b"%PDF-1.4\n%agreement\n"))


def not_counted(w):
    return affiliation(w, government=w.minato, country="KR", name="부산광역시", signed_on=date(2007, 2, 2),
                       assembly_approved=False)


def proposal(w, status="submitted", name="Westminster", government=None, by=None):
    """A proposal of Chiyoda for a new affiliation, taken to `status`."""
    government = government or w.chiyoda
    found = Proposal.objects.filter(partner_name=name, status=status).first()
    if found is not None:
        return found
    by = by or w.people["municipality_staff"]
    p = services.propose(by=by, local_government=government, partner_country="GB", partner_name=name,
                         partner_name_en=name, affiliation_type="friendship", signed_on=date(2025, 10, 1),
                         exchange_fields=["culture", "tourism"], signatories="区長・Lord Mayor")
    hq = w.people["hq_staff"]
    if status == "approved":
        return services.approve_proposal(by=hq, proposal=p)
    if status in ("returned", "rejected"):
        decide = services.return_proposal if status == "returned" else services.reject_proposal
        return decide(by=hq, proposal=p, reason="協定書の写しを添付してください。")
    return p


def wanted(w, government=None):
    government = government or w.chiyoda
    found = PartnerWanted.objects.filter(local_government=government).first()
    person = w.people["municipality_staff" if government == w.chiyoda else "other_municipality_staff"]
    return found or services.save_wanted(by=person, local_government=government, wished_countries=["GB", "FR"],
                                         wished_regions="ヨーロッパ", population=68835,
                                         population_on=date(2025, 10, 1), outline="都心の区", url="",
                                         wished_traits="歴史ある都心", pr_notes="神田祭", is_published=True)


@pytest.fixture
def saint_paul(world):
    return affiliation(world)
