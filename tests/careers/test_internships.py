"""Internships: a local government (or a company) offers one, participants in the programme apply, the offerer
shortlists and offers places, the participant accepts within the places left (even when two accept at once),
both sides hear by mail, and the plan counts the participants who took a place."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kizuna.careers import services
from kizuna.careers.models import Application, Offer
from kizuna.core.enums import OrgKind, Role
from kizuna.plan.kpis import get_query
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.jet.access import _arrived, _participant
from tests.jet.conftest import place

from .access import _application, _offer


def _second_participant(world, person="former_member", number="20260000091"):
    return _arrived(world, place(world, jet_number=number, person=world.people[person], family_name="Okafor"))


def _kpi(organisation_id=None):
    today = timezone.localdate()
    year = today.year if today.month >= 4 else today.year - 1
    return get_query("jet.internships.participants")(year=year, quarter=None, organisation_id=organisation_id)


def test_a_participant_applies_is_offered_a_place_and_takes_it(world, smtp_server,
                                                                 django_capture_on_commit_callbacks):
    offer = _offer(world)
    with django_capture_on_commit_callbacks(execute=True):
        application = _application(world)
    assert (application.status, application.participant.person) == ("submitted", world.people["jet"])
    assert [sorted(m["to"]) for m in smtp_server.messages] == [["municipality_admin@example.jp",
                                                                "municipality_staff@example.jp"]]
    staff = world.people["municipality_staff"]
    with pytest.raises(PermissionDenied):  # the participant does not decide
        services.offer_place(by=world.people["jet"], application=application)
    services.shortlist(by=staff, application=application)
    with django_capture_on_commit_callbacks(execute=True):
        application = services.offer_place(by=staff, application=application)
    told = smtp_server.messages[-1]
    assert told["to"] == [application.participant.email]
    assert f"/careers/applications/{application.pk}/" in told["message"].get_content()
    before = _kpi()
    application = services.accept(by=world.people["jet"], application=application)
    assert (application.status, offer.applications.filter(status="accepted").count()) == ("accepted", 1)
    year = offer.starts_on.year if offer.starts_on.month >= 4 else offer.starts_on.year - 1
    this_year = timezone.localdate().year if timezone.localdate().month >= 4 else timezone.localdate().year - 1
    if year == this_year:
        assert _kpi() == before + 1
        assert _kpi(world.tokyo_branch.pk) == 1  # Chiyoda's participant, in Tokyo
        assert _kpi(world.nyc.pk) is None
    services.complete(by=staff, application=application)
    with pytest.raises(ValidationError, match="already applied"):
        services.apply(by=world.people["jet"], offer=offer, motivation="もう一度")


def test_places_are_never_taken_beyond_the_offer(world):
    offer = _offer(world)
    offer = services.save_offer(by=world.people["municipality_staff"], offer=offer, places=1)
    first = _application(world)
    _second_participant(world)
    second = services.apply(by=world.people["former_member"], offer=offer, motivation="学びたい")
    staff = world.people["municipality_staff"]
    for a in (first, second):
        services.offer_place(by=staff, application=a)
    services.accept(by=world.people["jet"], application=first)
    with pytest.raises(ValidationError, match="places of this internship are taken"):
        services.accept(by=world.people["former_member"], application=second)
    assert Application.objects.get(pk=second.pk).status == "offered"
    with pytest.raises(ValidationError):  # an accepted place is kept: only an offer not yet taken is declined
        services.decline(by=world.people["jet"], application=Application.objects.get(pk=first.pk))
    services.decline(by=world.people["former_member"], application=second)


def test_only_participants_in_the_programme_apply_and_only_before_the_close(world):
    offer = _offer(world)
    _participant(world)  # placed, not arrived yet
    with pytest.raises(PermissionDenied):
        services.apply(by=world.people["jet"], offer=offer, motivation="x")
    for role in ("municipality_staff", "pa", "alumnus", "hq_staff"):
        with pytest.raises(PermissionDenied):
            services.apply(by=world.people[role], offer=offer, motivation="x")
    _arrived(world, _participant(world))
    with pytest.raises(ValidationError, match="why"):
        services.apply(by=world.people["jet"], offer=offer, motivation="  ")
    offer.apply_by = timezone.now() - timedelta(minutes=1)
    offer.save()
    with pytest.raises(ValidationError, match="closed"):
        services.apply(by=world.people["jet"], offer=offer, motivation="x")
    assert Application.objects.count() == 0


def test_an_offer_is_made_by_a_company_or_local_government_for_itself(world):
    company = OrganisationFactory(kind=OrgKind.COMPANY, name="株式会社テスト", name_en="Test Co.")
    recruiter = UserFactory(email="recruiter@example.jp")
    MembershipFactory(person=recruiter, organisation=company, role=Role.STAFF)
    today = timezone.localdate()
    fields = {"title": "Marketing", "description": "SNS", "place": "online", "starts_on": today + timedelta(days=30),
              "ends_on": today + timedelta(days=35), "places": 2, "languages": "",
              "apply_by": timezone.now() + timedelta(days=10)}
    offer = services.save_offer(by=recruiter, organisation=company, **fields)
    assert (offer.status, offer.organisation) == ("draft", company)
    with pytest.raises(ValidationError):  # not an organisation the person works for
        services.save_offer(by=recruiter, organisation=world.chiyoda, **fields)
    with pytest.raises(PermissionDenied):  # an association offers none
        services.save_offer(by=world.people["association_staff"], organisation=world.association, **fields)
    with pytest.raises(ValidationError, match="close before the internship starts"):
        services.save_offer(by=recruiter, organisation=company, **{**fields, "apply_by": timezone.now()
                                                                    + timedelta(days=40)})
    assert Offer.objects.count() == 1
    assert not Offer.objects.visible_to(world.people["jet"]).filter(pk=offer.pk).exists()  # a draft
    services.publish_offer(by=recruiter, offer=offer)
    assert Offer.objects.visible_to(world.people["jet"]).filter(pk=offer.pk).exists()


@pytest.mark.parametrize("role,sees", [
    ("jet", True), ("municipality_staff", True), ("hq_staff", True), ("pa", False), ("branch_staff", False),
    ("other_municipality_staff", False), ("counsellor", False),
])
def test_who_reads_an_application(world, client_for, role, sees):
    application = _application(world)
    response = client_for(role).get(reverse("careers:application", args=[application.pk]))
    assert response.status_code == (200 if sees else 404)
    if sees:
        assert "国際交流の仕事を学びたい" in response.content.decode()


def test_the_pages_take_a_participant_from_the_list_to_a_place(world, client_for):
    offer = _offer(world)
    _arrived(world, _participant(world))
    jet, staff = client_for("jet"), client_for("municipality_staff")
    listing = jet.get(reverse("careers:offers")).content.decode()
    assert offer.get_absolute_url() in listing
    page = jet.get(offer.get_absolute_url()).content.decode()
    assert 'data-testid="apply-form"' in page
    refused = jet.post(reverse("careers:apply", args=[offer.pk]), {"motivation": ""})
    assert refused.status_code == 400 and Application.objects.count() == 0
    sent = jet.post(reverse("careers:apply", args=[offer.pk]), {"motivation": "地域の魅力を発信したい"})
    application = Application.objects.get()
    assert sent["Location"] == application.get_absolute_url()
    board = staff.get(offer.get_absolute_url()).content.decode()
    assert application.get_absolute_url() in board
    assert staff.post(reverse("careers:application_decide", args=[application.pk, "offer"])).status_code == 302
    page = jet.get(application.get_absolute_url()).content.decode()
    assert reverse("careers:application_answer", args=[application.pk, "accept"]) in page
    jet.post(reverse("careers:application_answer", args=[application.pk, "accept"]))
    assert Application.objects.get().status == "accepted"
    mine = jet.get(reverse("careers:applications")).content.decode()
    assert application.get_absolute_url() in mine
    assert jet.post(reverse("careers:application_decide", args=[application.pk, "complete"])).status_code in (403, 404)
    assert staff.post(reverse("careers:application_answer", args=[application.pk, "decline"])).status_code in (403, 404)


def test_a_company_takes_a_booth_at_a_career_fair_but_not_at_a_trade_fair(world):
    from kizuna.events.models import Booth
    from kizuna.events.services import booths
    from tests.events.factories import EventFactory

    company = OrganisationFactory(kind=OrgKind.COMPANY, name="株式会社テスト", name_en="Test Co.")
    recruiter = UserFactory(email="recruiter@example.jp")
    MembershipFactory(person=recruiter, organisation=company, role=Role.STAFF)
    fair = EventFactory(kind="career_fair", organiser=world.hq)
    trade = EventFactory(kind="trade_fair", organiser=world.hq)
    at_fair, at_trade = (booths.save_booth(by=world.people["hq_staff"], event=e, name="ブース", slots=3,
                                           applications_close=timezone.now() + timedelta(days=3))
                         for e in (fair, trade))
    seminar = EventFactory(kind="seminar", organiser=world.hq)
    with pytest.raises(ValidationError, match="trade fairs and career fairs only"):
        booths.save_booth(by=world.people["hq_staff"], event=seminar, name="ブース", slots=3,
                          applications_close=timezone.now() + timedelta(days=3))
    assert not Booth.objects.filter(event=seminar).exists()
    exhibitor = booths.apply_for_booth(by=recruiter, booth=at_fair, organisation=company, exhibits="求人の紹介")
    assert exhibitor.organisation == company
    with pytest.raises(PermissionDenied):
        booths.apply_for_booth(by=recruiter, booth=at_trade, organisation=company, exhibits="x")
    MembershipFactory(person=recruiter, organisation=world.association, role=Role.STAFF)
    recruiter = type(recruiter).objects.get(pk=recruiter.pk)  # memberships are read once per person object
    with pytest.raises(ValidationError, match="cannot take a slot"):  # an association, even at a career fair
        booths.apply_for_booth(by=recruiter, booth=at_fair, organisation=world.association, exhibits="x")
