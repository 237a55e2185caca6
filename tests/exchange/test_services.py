from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kizuna.core.workflow import TransitionError
from kizuna.exchange import services
from kizuna.exchange.models import Affiliation, ForeignPartner, Proposal
from tests.exchange.conftest import affiliation, not_counted, partner, proposal, wanted

pytestmark = pytest.mark.django_db


def test_a_city_proposes_and_hq_approves_which_applies_it(world):
    p = proposal(world)
    assert p.status == "submitted" and not Affiliation.objects.exists()
    p = services.approve_proposal(by=world.people["hq_staff"], proposal=p)
    a = p.affiliation
    assert p.status == "approved" and a.local_government == world.chiyoda
    assert a.partner.country == "GB" and a.partner.name == "Westminster" and a.counted
    assert a.exchange_fields == ["culture", "tourism"]
    actions = set(LogEntry.objects.get_for_object(a).values_list("additional_data__action", flat=True)) | set(
        LogEntry.objects.filter(object_pk=str(a.pk)).values_list("changes_text", flat=True))
    assert LogEntry.objects.get_for_object(a).exists()
    assert LogEntry.objects.get_for_object(a.partner).exists()
    assert actions


def test_a_change_proposal_updates_the_affiliation_and_can_dissolve_it(world, saint_paul):
    by = world.people["municipality_staff"]
    p = services.propose(by=by, local_government=world.chiyoda, affiliation=saint_paul,
                         affiliation_type="sister", signed_on=saint_paul.signed_on, signatories="市長",
                         exchange_fields=["education"], several_fields=False, dissolved_on=date(2020, 3, 31))
    assert p.kind == "change" and p.partner == saint_paul.partner
    services.approve_proposal(by=world.people["hq_staff"], proposal=p)
    saint_paul.refresh_from_db()
    assert saint_paul.status == "dissolved" and saint_paul.dissolved_on == date(2020, 3, 31)
    assert saint_paul.exchange_fields == ["education"] and not saint_paul.counted


def test_another_city_cannot_propose_for_chiyoda(world, saint_paul):
    with pytest.raises(ValidationError) as error:
        services.propose(by=world.people["other_municipality_staff"], local_government=world.chiyoda,
                         partner_country="GB", partner_name="Leeds", signed_on=date(2020, 1, 1))
    assert "local_government" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.propose(by=world.people["other_municipality_staff"], local_government=world.minato,
                         affiliation=saint_paul, signed_on=date(2020, 1, 1))
    with pytest.raises(PermissionDenied):
        services.propose(by=world.people["office_staff"], local_government=world.chiyoda,
                         partner_country="GB", partner_name="Leeds", signed_on=date(2020, 1, 1))


def test_a_prefecture_proposes_for_its_municipalities(world):
    p = proposal(world, by=world.people["prefecture_staff"], name="Leeds")
    assert p.local_government == world.chiyoda
    assert world.people["prefecture_staff"].has_perm("exchange.view_proposal", p)
    assert not world.people["other_municipality_staff"].has_perm("exchange.view_proposal", p)


def test_bad_values_are_refused_by_field(world, saint_paul):
    by = world.people["municipality_staff"]
    with pytest.raises(ValidationError) as error:
        services.propose(by=by, local_government=world.chiyoda, partner_country="XX", partner_name="",
                         signed_on=timezone.localdate() + timedelta(days=3), ends_on=date(1900, 1, 1),
                         exchange_fields=["cooking"])
    assert {"partner_country", "partner_name", "signed_on", "exchange_fields"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        services.propose(by=by, local_government=world.chiyoda, partner_country="US", partner_name="saint paul",
                         signed_on=date(2000, 1, 1))
    assert "partner_name" in error.value.message_dict  # already in the registry
    with pytest.raises(ValidationError) as error:
        services.propose(by=by, local_government=world.chiyoda, partner_country="GB", partner_name="Leeds",
                         signed_on=date(2000, 1, 1),
                         document=SimpleUploadedFile("agreement.pdf", b"not a pdf at all"))
    assert "document" in error.value.message_dict
    assert not Proposal.objects.exists()


def test_the_agreement_is_checked_by_content_and_kept(world):
    pdf = SimpleUploadedFile("agreement.pdf", b"%PDF-1.4\n%demo\n")
    p = services.propose(by=world.people["municipality_staff"], local_government=world.chiyoda,
                         partner_country="GB", partner_name="Leeds", signed_on=date(2000, 1, 1), document=pdf)
    p = services.approve_proposal(by=world.people["hq_staff"], proposal=p)
    assert p.affiliation.document.name == p.document.name


def test_return_needs_a_reason_and_the_city_sends_it_again(world):
    p = proposal(world)
    with pytest.raises(ValidationError):
        services.return_proposal(by=world.people["hq_staff"], proposal=p, reason=" ")
    p = services.return_proposal(by=world.people["hq_staff"], proposal=p, reason="議決日を記入してください")
    assert p.status == "returned"
    p = services.edit_proposal(by=world.people["municipality_staff"], proposal=p,
                               assembly_approved_on=date(2025, 9, 1))
    assert p.status == "submitted" and p.assembly_approved_on == date(2025, 9, 1)
    with pytest.raises(PermissionDenied):
        services.approve_proposal(by=world.people["municipality_staff"], proposal=p)
    rejected = services.reject_proposal(by=world.people["hq_staff"], proposal=p, reason="重複")
    with pytest.raises(TransitionError):
        services.approve_proposal(by=world.people["hq_staff"], proposal=rejected)


def test_states_of_an_affiliation(world, saint_paul):
    hq = world.people["hq_staff"]
    a = services.lapse_affiliation(by=hq, affiliation=saint_paul)
    assert a.status == "lapsed"
    a = services.reinstate_affiliation(by=hq, affiliation=a, renewed_on=date(2024, 4, 1))
    assert a.status == "active" and a.renewed_on == date(2024, 4, 1)
    with pytest.raises(ValidationError):
        services.dissolve_affiliation(by=hq, affiliation=a, dissolved_on=None)
    with pytest.raises(ValidationError):
        services.dissolve_affiliation(by=hq, affiliation=a, dissolved_on=date(1980, 1, 1))
    a = services.dissolve_affiliation(by=hq, affiliation=a, dissolved_on=date(2025, 3, 31))
    assert a.status == "dissolved"
    with pytest.raises(PermissionDenied):
        services.lapse_affiliation(by=world.people["municipality_staff"], affiliation=affiliation(
            world, name="Leeds", country="GB"))


def test_partners_one_record_per_country_and_name(world):
    first = partner(world, "US", "Saint Paul")
    assert partner(world, "US", "saint paul") == first
    assert partner(world, "CA", "Saint Paul") != first
    assert ForeignPartner.objects.count() == 2
    with pytest.raises(ValidationError):
        partner(world, "US", "Boston", wikidata_id="28848")


def test_wanted_entry_is_the_governments_own(world):
    entry = wanted(world)
    with pytest.raises(ValidationError):
        services.save_wanted(by=world.people["other_municipality_staff"], local_government=world.chiyoda)
    with pytest.raises(PermissionDenied):
        services.save_wanted(by=world.people["other_municipality_staff"], entry=entry, outline="x")
    with pytest.raises(ValidationError):
        services.save_wanted(by=world.people["municipality_staff"], entry=entry, wished_countries=["ZZ"])
    entry = services.save_wanted(by=world.people["municipality_staff"], entry=entry, is_published=False)
    assert not entry.is_published
    assert not world.people["other_municipality_staff"].has_perm("exchange.view_wanted", entry)


def test_not_counted_affiliations_are_kept(world, saint_paul):
    other = not_counted(world)
    assert not other.counted
    assert set(Affiliation.objects.counted()) == {saint_paul}
