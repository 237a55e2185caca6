"""The networks' services: certification from a training's completions (idempotent, audited), manual entry,
consents, profiles, and consultations through their states — each refusal clear and nothing half-saved."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from kizuna.core.fiscal import fiscal_year_of
from kizuna.core.workflow import TransitionError
from kizuna.networks import services
from kizuna.networks.models import Consultation, Manager, NgoProfile
from tests.events.factories import EventFactory
from tests.networks.conftest import association, consultation, manager, ngo, ngo_staff, training

pytestmark = pytest.mark.django_db


def test_the_completers_of_a_training_are_certified_once(world):
    event = training(world)
    hq = world.people["hq_staff"]
    done = services.certify_from_event(by=hq, event=event)
    assert done == {"certified": 2, "already": 0, "skipped": []}
    chiyoda = Manager.objects.get(person=world.people["municipality_staff"])
    assert chiyoda.source == "training" and chiyoda.registration.event == event
    assert chiyoda.organisation == world.chiyoda and chiyoda.prefecture == world.tokyo
    assert chiyoda.certified_year == fiscal_year_of(timezone.localdate(event.ends_at))
    assert not chiyoda.is_listed and not chiyoda.in_network  # nobody is listed without saying so
    assert not Manager.objects.filter(person=world.people["other_municipality_staff"]).exists()  # did not come
    again = services.certify_from_event(by=hq, event=event)
    assert again == {"certified": 0, "already": 2, "skipped": []}
    assert Manager.objects.count() == 2
    assert LogEntry.objects.filter(additional_data__action="networks.manager.certify").count() == 2
    assert LogEntry.objects.filter(additional_data__action="networks.certification.run").count() == 2


def test_someone_certified_by_hand_is_not_certified_twice(world):
    hq = world.people["hq_staff"]
    services.add_manager(by=hq, name="Chiyoda Staff", prefecture=world.tokyo, certified_year=2020,
                         person=world.people["municipality_staff"])
    with pytest.raises(ValidationError) as refused:
        services.add_manager(by=hq, name="Twice", prefecture=world.tokyo, certified_year=2020,
                             person=world.people["municipality_staff"])
    assert "person" in refused.value.message_dict
    done = services.certify_from_event(by=hq, event=training(world))
    assert done["certified"] == 1 and done["already"] == 1


def test_only_an_ended_training_with_certificates_certifies(world):
    hq = world.people["hq_staff"]
    seminar = EventFactory(organiser=world.hq, kind="seminar", gives_certificate=True)
    with pytest.raises(ValidationError) as refused:
        services.certify_from_event(by=hq, event=seminar)
    assert refused.value.code == "not_a_training"
    coming = EventFactory(organiser=world.hq, kind="training", gives_certificate=True)
    with pytest.raises(ValidationError) as refused:
        services.certify_from_event(by=hq, event=coming)
    assert refused.value.code == "not_ended"
    with pytest.raises(PermissionDenied):
        services.certify_from_event(by=world.people["branch_staff"], event=training(world))


def test_manual_entry_is_checked_field_by_field(world):
    hq = world.people["hq_staff"]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.add_manager(by=hq, name=" ", prefecture=world.chiyoda, certified_year=1980,
                             fields=["cooking"], certified_on=timezone.localdate() + timedelta(days=3))
    problems = refused.value.message_dict
    assert set(problems) == {"name", "prefecture", "certified_year", "fields", "certified_on"}
    assert problems["prefecture"] == ["Choose a prefecture."]
    assert "cooking" in problems["fields"][0]
    assert not Manager.objects.exists()
    with pytest.raises(PermissionDenied):
        services.add_manager(by=world.people["municipality_staff"], name="x", prefecture=world.tokyo,
                             certified_year=2020)


def test_consent_is_dated_and_withdrawn_at_once(world):
    m = manager(world, listed=False)
    assert Manager.objects.visible_to(None).filter(pk=m.pk).count() == 0
    m = services.set_consent(by=world.people["hq_staff"], manager=m, listed=True)
    assert m.listed_since is not None
    assert Manager.objects.visible_to(None).filter(pk=m.pk).count() == 1
    m = services.set_consent(by=world.people["hq_staff"], manager=m, listed=False)
    assert m.listed_since is None
    assert Manager.objects.visible_to(None).filter(pk=m.pk).count() == 0
    with pytest.raises(PermissionDenied):
        services.set_consent(by=world.people["municipality_staff"], manager=m, listed=True)


def test_a_manager_in_the_network_sees_the_others_who_joined(world):
    hq = world.people["hq_staff"]
    services.certify_from_event(by=hq, event=training(world))
    mine = Manager.objects.get(person=world.people["municipality_staff"])
    joined = manager(world, name="上原 良", kana="うえはら りょう", romaji="Uehara Ryo", listed=False, network=True)
    apart = manager(world, name="金子 由紀", kana="かねこ ゆき", romaji="Kaneko Yuki", listed=False, network=False)
    me = world.people["municipality_staff"]
    assert set(Manager.objects.visible_to(me)) == {mine}  # not yet in the network
    services.set_consent(by=me, manager=mine, network=True)
    assert set(Manager.objects.visible_to(me)) == {mine, joined}
    assert apart not in Manager.objects.visible_to(me)
    assert me.has_perm("networks.view_manager_contact", joined)


def test_association_and_ngo_profiles(world):
    profile = association(world)
    assert profile.area == world.tokyo
    with pytest.raises(ValidationError) as refused:
        services.change_association(by=world.people["association_staff"], profile=profile, area=world.chiyoda,
                                    fields=["x"], recognised_on=timezone.localdate() + timedelta(days=1))
    assert set(refused.value.message_dict) == {"area", "fields", "recognised_on"}
    changed = services.change_association(by=world.people["association_staff"], profile=profile, phone="03-1")
    assert changed.phone == "03-1"
    with pytest.raises(PermissionDenied):
        services.change_association(by=world.people["municipality_staff"], profile=profile, phone="1")
    staff = ngo_staff(world)
    own = services.register_ngo(by=staff, organisation=world.ngo_org, fields=["education"], regions=["kanto"],
                                languages=["pt", "ja"])
    assert own.languages == ["ja", "pt"]  # in the choices' order
    with pytest.raises(ValidationError):
        services.register_ngo(by=staff, organisation=world.ngo_org)  # already in the directory
    with pytest.raises(ValidationError) as refused:
        services.register_ngo(by=staff, name="勝手なNGO")  # staff register their own NGO only
    assert "organisation" in refused.value.message_dict
    added = ngo(world)
    assert added.organisation.kind == "ngo" and NgoProfile.objects.count() == 2


def test_a_consultation_goes_through_its_states_with_notes(world):
    hq = world.people["hq_staff"]
    case = consultation(world, "received")
    case = services.take_consultation(by=hq, consultation=case)
    assert case.status == "in_progress" and case.handled_by == hq
    services.add_note(by=hq, consultation=case, text="関係団体に確認中。")
    with pytest.raises(ValidationError) as refused:
        services.answer_consultation(by=hq, consultation=case, answer="  ")
    assert "answer" in refused.value.message_dict
    case = services.answer_consultation(by=hq, consultation=case, answer="事例集をお送りしました。")
    case = services.close_consultation(by=hq, consultation=case)
    assert case.status == "closed" and case.closed_at is not None
    with pytest.raises(TransitionError):
        services.take_consultation(by=hq, consultation=case)
    case = services.reopen_consultation(by=hq, consultation=case)
    assert case.status == "in_progress" and case.closed_at is None
    actions = {e.additional_data["action"].rsplit(".", 1)[-1] for e in LogEntry.objects.get_for_object(case)}
    assert {"record", "take", "answer", "close", "reopen"} <= actions
    with pytest.raises(PermissionDenied):
        services.take_consultation(by=world.people["branch_staff"], consultation=consultation(world, "received",
                                                                                              subject="別件"))


def test_a_consultation_is_checked(world):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.record_consultation(by=world.people["hq_staff"], subject="", question="", asker_name="",
                                     received_on=date.today() + timedelta(days=2), ngo=world.chiyoda,
                                     field="cooking")
    assert set(refused.value.message_dict) == {"subject", "question", "asker_name", "received_on", "ngo", "field"}
    assert not Consultation.objects.exists()
